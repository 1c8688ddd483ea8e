import Weakref

/// The tutorial's `Observer`, in either tier (file-private: 000-08 has an `Observer` of its own).
private protocol NamedObserver: AnyObject {
    var name: String { get }
    init(_ name: String)
}

/// An observer in the prompt tier: it leaves the set inside `o1 = nil`.
private final class Observer: NamedObserver, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }
}

extension Plain {
    /// `Observer` in the collected tier.
    fileprivate final class Observer: NamedObserver {
        let name: String

        init(_ name: String) {
            self.name = name
        }
    }
}

/// The tutorial's steps with either tier's `Observer`; returns the set and `o2`, which the tutorial
/// keeps alive to the end.
private func weakSetSteps<O: NamedObserver>(_: O.Type) -> (observers: WeakSet<O>, o2: O) {
    let observers = WeakSet<O>()
    var o1: O? = O("first")
    let o2 = O("second")
    observers.insert(o1!)
    observers.insert(o2)
    print(observers.count)

    o1 = nil
    return (observers, o2)
}

func runWeakSet() {
    let (observers, o2) = weakSetSteps(Observer.self)

    section("right after o1 = nil, with no collection")
    print("observers.count : \(observers.count)")
    print("observers.allObjects.map(\\.name) : \(observers.allObjects.map(\.name))")

    section("the same steps with a plain class (collected tier)")
    let (plainObservers, plainO2) = weakSetSteps(Plain.Observer.self)
    print("observers.allObjects.map(\\.name) : \(plainObservers.allObjects.map(\.name))")
    collectPending("o1 = nil left the dead member stored but invisible; the collection removes it")
    print("observers.count : \(plainObservers.count)")
    print("observers.allObjects.map(\\.name) : \(plainObservers.allObjects.map(\.name))")
    withExtendedLifetime((o2, plainO2)) {}

    swiftNote(
        "nothing differs: `observers.count` prints 2, and a DeinitObservable Observer leaves inside "
            + "`o1 = nil`, as CPython's does at `del o1`, so the set holds only `second` with no "
            + "collection; a plain class's member is invisible at once and physically removed at "
            + "`Collector.collect()`.")
}
