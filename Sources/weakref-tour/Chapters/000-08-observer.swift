import Weakref

/// Notifies the observers that are still alive; holding them weakly, it never keeps one alive.
private final class Subject {
    private let observers = WeakSet<Observer>()

    func attach(_ observer: Observer) {
        observers.insert(observer)
    }

    func notify(_ message: String) {
        // Iterates a snapshot of strong references: an observer may even detach itself here.
        for observer in observers {
            observer.update(message)
        }
    }
}

/// The tutorial's `Observer` (file-private: 000-05 has an `Observer` of its own). Prompt tier: it
/// leaves the subject's set inside `obs = nil`.
private final class Observer: DeinitObservable {
    let deinitObservers = DeinitObservers()

    func update(_ message: String) {
        print("Received: \(message)")
    }
}

func runObserver() {
    let subject = Subject()
    var obs: Observer? = Observer()
    subject.attach(obs!)
    subject.notify("hello")  // Works.

    obs = nil
    subject.notify("world")  // obs is gone: no notification is sent.

    swiftNote(
        "nothing differs: the subject keeps its observers in a `WeakSet`, whose loop walks a snapshot "
            + "of strong references, and `obs = nil` removes the observer, so `notify(\"world\")` prints "
            + "nothing.")
}
