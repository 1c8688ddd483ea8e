// Uses each API of the adoption issue the way a client would, and checks what it prints.
import Weakref

final class User: DeinitObservable, Sendable {
    let deinitObservers = DeinitObservers()
    let id: Int
    init(id: Int) { self.id = id }
    func greeting(_ name: String) throws(GreetingError) -> String {
        guard !name.isEmpty else { throw GreetingError() }
        return "hello \(name) from \(id)"
    }
    func later(_ years: Int) async -> Int { id + years }
}

final class Plain {
    var nickname = "none"
}

struct GreetingError: Error {}

func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("client check failed: \(what)") }
}

let users = (0..<4).map { User(id: $0) }

// Dictionary idioms on the weak-valued dictionary.
let byName = WeakValueDictionary<String, User>([("a", users[0]), ("b", users[1])])
var built = 0
@MainActor func make(_ id: Int) -> User {
    built += 1
    return users[id]
}
check(byName.value(forKey: "a", insertingIfAbsent: make(2)) === users[0], "hit returns the stored value")
check(byName.value(forKey: "c", insertingIfAbsent: make(2)) === users[2], "miss stores the default")
check(built == 1, "the default is built on the miss only")
byName.merge([("a", users[3])]) { current, _ in current }
byName.merge(["d": users[3]]) { _, new in new }
let merged = byName.merging(byName) { current, _ in current }
let even = byName.filter { $0.value.id.isMultiple(of: 2) }
let partners = byName.mapValues { users[3 - $0.id] }
let someUsers = byName.compactMapValues { $0.id == 1 ? nil : $0 }
byName.removeAll { $0.key == "b" }
byName.reserveCapacity(64)
check(byName.keys == ["a", "c", "d"], "weak-valued dictionary keys \(byName.keys)")
check(merged.count == 4 && even.count == 2 && partners.count == 4 && someUsers.count == 3, "derived")

// Dictionary idioms on the weak-keyed dictionary.
let tags = WeakKeyDictionary<User, [String]>()
tags.merge([(users[0], ["x"]), (users[0], ["y"])]) { $0 + $1 }
check(tags[users[0]] == ["x", "y"], "merge combines")
let counts: WeakKeyDictionary<User, Int> = tags.mapValues(\.count)
let nonEmpty = tags.compactMapValues { $0.isEmpty ? nil : $0.first }
let filtered: WeakKeyDictionary<User, [String]> = tags.filter { !$0.value.isEmpty }
let both = tags.merging(filtered) { current, _ in current }
tags.removeAll { $0.value.count > 5 }
tags.reserveCapacity(8)
check(counts[users[0]] == 2 && nonEmpty[users[0]] == "x" && both.count == 1, "weak-keyed derived")
check(tags.value(forKey: users[1], insertingIfAbsent: ["new"]) == ["new"], "weak-keyed setdefault")

// WeakSet idioms.
let set = WeakSet(users)
let small: WeakSet<User> = set.filter { $0.id < 2 }
check(set.update(with: users[0]) === users[0], "update reports the member")
set.removeAll { $0.id == 3 }
set.reserveCapacity(16)
check(small.count == 2 && set.count == 3, "weak set idioms")

// References.
let reference = WeakReference(users[1])
check(reference.object === users[1], "WeakReference.object")
let greet = WeakMethod(users[2], User.greeting)
do {
    check(try greet()?("ada") == "hello ada from 2", "throwing weak method")
    _ = try greet()?("")
    check(false, "the typed error was not thrown")
} catch {
    let typed: GreetingError = error  // the error type survives
    _ = typed
}
let later = WeakAsyncMethod(users[3], User.later)
let proxy = WeakProxy(Plain())
check((try? proxy.nickname) == nil, "a proxy to a dead object throws")

// Swift concurrency: a task bound to an owner, an awaited death, a stream of what died.
let value = await later()?(10)
check(value == 13, "async weak method")
var owner: User? = User(id: 9)
let bound = Task(boundTo: owner!) { reference in
    while !Task.isCancelled, reference() != nil { await Task.yield() }
}
let watched = Task { try? await Task.sleep(for: .seconds(60)) }
watched.cancel(whenDeallocated: owner!)
let death = Deallocation(of: owner!)
let handles = WeakKeyDictionary<User, Int>()
handles[owner!] = 42
let orphans = handles.valuesOfDeallocatedKeys()
owner = nil
try await death.wait()
await bound.value
check(watched.isCancelled, "a task cancelled when its owner died")
for await orphan in orphans {
    check(orphan == 42, "the value of the dead key")
    break
}
withExtendedLifetime(users) {}
print("weakref client: every new API compiled and behaved")
