import Weakref

/// Delivers payloads to the subscribers that are still alive.
final class Publisher {
    private let subs = WeakSet<Subscriber>()

    func subscribe(_ sub: Subscriber) {
        subs.insert(sub)
    }

    func notify(_ payload: [String: Int]) {
        for s in Array(subs) {
            s.handle(payload)
        }
    }
}

/// A subscriber in the prompt tier: it leaves the publisher's set inside `sub = nil`.
final class Subscriber: DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }

    func handle(_ payload: [String: Int]) {
        print(name, "got:", payload)
    }
}

func runPublisherSubscriber() {
    let pub = Publisher()
    var sub: Subscriber? = Subscriber("one")
    pub.subscribe(sub!)
    pub.notify(["event": 1])  // Delivered.

    sub = nil  // Drops the last strong reference.
    Collector.collect()
    pub.notify(["event": 2])  // Nothing printed: the WeakSet cleaned itself.

    swiftNote(
        "the payload is a `[String: Int]`, which Swift prints as `[\"event\": 1]` where Python prints "
            + "`{'event': 1}`; `Array(subs)` is `list(self._subs)`, though iterating the WeakSet itself "
            + "already walks a snapshot; the subscriber leaves inside `sub = nil`, before the collection.")
}
