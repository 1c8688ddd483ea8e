import Weakref

/// The tutorial's `Listener`, in either tier.
protocol TourListener: AnyObject, CustomStringConvertible {
    var name: String { get }
    init(_ name: String)
}

extension TourListener {
    var description: String { "Listener(\(name))" }
}

/// A listener in the prompt tier: it leaves the set inside `l1 = nil`.
final class Listener: TourListener, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }
}

extension Plain {
    /// `Listener` in the collected tier.
    final class Listener: TourListener {
        let name: String

        init(_ name: String) {
            self.name = name
        }
    }
}

/// The tutorial's steps with either tier's `Listener`. `beforeCollect` runs between `l1 = nil` and the
/// collection. Returns `l2`, which the tutorial keeps alive to the end.
private func listenerSteps<L: TourListener>(
    _: L.Type, beforeCollect: (WeakSet<L>) -> Void = { _ in }
) -> L {
    let listeners = WeakSet<L>()

    var l1: L? = L("A")
    let l2 = L("B")
    listeners.insert(l1!)
    listeners.insert(l2)

    print("Before deletion:", Array(listeners))

    // Remove one listener.
    l1 = nil
    beforeCollect(listeners)
    Collector.collect()

    print("After deletion:", Array(listeners))
    return l2
}

func runWeakSetListeners() {
    let l2 = listenerSteps(Listener.self)

    section("the same steps with a plain class (collected tier)")
    let plainL2 = listenerSteps(Plain.Listener.self) { listeners in
        let members = listeners.allObjects
        print("(l1 = nil: listeners.allObjects is already \(members); the dead member stays stored)")
        print("Collector.collect():")
    }
    withExtendedLifetime((l2, plainL2)) {}

    swiftNote(
        "the order is fixed: a WeakSet iterates in insertion order, so `[Listener(A), Listener(B)]` "
            + "every time, where CPython's order follows addresses; a DeinitObservable Listener leaves "
            + "inside `l1 = nil` and the collection finds nothing left, while a plain class's member is "
            + "invisible at once and physically removed by `Collector.collect()`.")
}
