import Weakref

/// The tutorial's `User`, in either tier.
protocol TourUser: AnyObject, CustomStringConvertible {
    var name: String { get }
    init(_ name: String)
}

extension TourUser {
    var description: String { "User(\(name))" }
}

/// A user in the prompt tier: its cache entry leaves inside `u = nil`, as in CPython's `del u`.
final class User: TourUser, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }
}

extension Plain {
    /// `User` in the collected tier.
    final class User: TourUser {
        let name: String

        init(_ name: String) {
            self.name = name
        }
    }
}

/// The tutorial's steps with either tier's `User`; returns the cache, which outlives the user.
private func weakValueDictSteps<U: TourUser>(_: U.Type) -> WeakValueDictionary<Int, U> {
    let cache = WeakValueDictionary<Int, U>()

    func getUser(_ userID: Int) -> U {
        // One lookup: a separate `contains` check could see the value die before the read.
        if let user = cache[userID] { return user }
        let user = U("User \(userID)")
        cache[userID] = user
        return user
    }

    var u: U? = getUser(1)
    print(cache.count)
    _ = u
    u = nil  // The user can be collected.
    return cache
}

/// What the dictionary shows once the user is gone; `count` only where asked, since reading it purges
/// dead collected-tier entries first.
private func printCache(_ cache: WeakValueDictionary<Int, some TourUser>, count: Bool) {
    print("cache : \(cache)")
    print("cache.contains(key: 1) : \(cache.contains(key: 1))")
    if count {
        print("cache.count : \(cache.count)")
    }
}

func runWeakValueDict() {
    let cache = weakValueDictSteps(User.self)

    section("right after u = nil, with no collection")
    printCache(cache, count: true)

    section("the same steps with a plain class (collected tier)")
    let plainCache = weakValueDictSteps(Plain.User.self)
    printCache(plainCache, count: false)
    collectPending("u = nil left the dead entry stored but invisible; the collection removes it")
    printCache(plainCache, count: true)

    swiftNote(
        "nothing differs: `print(cache.count)` prints 1, and a DeinitObservable User's entry leaves "
            + "inside `u = nil`, like CPython's at `del u`; a plain class's entry is invisible at once "
            + "and physically removed at `Collector.collect()`; `getUser` reads with one "
            + "`if let user = cache[userID]` instead of `in` plus a subscript, which could see the value "
            + "die in between.")
}
