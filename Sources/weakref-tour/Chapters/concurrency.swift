import Foundation
import Weakref

// Not from a seed: the tour's own chapter on the concurrency tools (issue 14). It shows the
// `[weak self]` task leak closed by `Task(boundTo:)`, an awaited death, a stream of what died, and the
// collected tier's caveat. Every line it prints comes from an awaited result, so the output is fixed.

/// A screen whose event loop must end with it: prompt tier, so its death is seen at once.
final class ConcurrencyScreen: DeinitObservable, Sendable {
    let deinitObservers = DeinitObservers()
    let handled: AsyncStream<String>.Continuation
    init(handled: AsyncStream<String>.Continuation) { self.handled = handled }
    func handle(_ event: String) { handled.yield("handled \(event)") }
}

/// A connection, a document and a plain session: objects whose deaths the chapter waits for.
final class ConcurrencyConnection: DeinitObservable, Sendable {
    let deinitObservers = DeinitObservers()
}

final class ConcurrencyDocument: DeinitObservable, Sendable {
    let deinitObservers = DeinitObservers()
    let title: String
    init(title: String) { self.title = title }
}

/// Collected tier: an ordinary class.
final class ConcurrencySession: Sendable {}

func runConcurrency() {
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        await concurrencyChapter()
        done.signal()
    }
    done.wait()
}

private func concurrencyChapter() async {
    // 1. The [weak self] loop, bound to its owner instead.
    let (events, feed) = AsyncStream.makeStream(of: String.self)
    let (handled, acknowledge) = AsyncStream.makeStream(of: String.self)
    var screen: ConcurrencyScreen? = ConcurrencyScreen(handled: acknowledge)
    let loop = Task(boundTo: screen!) { owner in
        for await event in events { owner()?.handle(event) }
        return "event loop ended, cancelled: \(Task.isCancelled)"
    }
    feed.yield("tap")
    feed.yield("scroll")
    var acknowledgements = handled.makeAsyncIterator()
    for _ in 0..<2 { print(await acknowledgements.next() ?? "-") }
    screen = nil
    print("screen released")
    print(await loop.value)

    // 2. Awaiting a death.
    var connection: ConcurrencyConnection? = ConcurrencyConnection()
    let closed = Deallocation(of: connection!)
    let waiter = Task { () -> String in
        do {
            try await closed.wait()
            return "connection is gone"
        } catch {
            return "stopped waiting"
        }
    }
    print("connection complete:", closed.isComplete)
    connection = nil
    print(await waiter.value)

    // 3. A stream of what died: the values whose keys were deallocated.
    let notes = WeakKeyDictionary<ConcurrencyDocument, String>()
    let orphans = notes.valuesOfDeallocatedKeys()
    var documents = [ConcurrencyDocument(title: "draft"), ConcurrencyDocument(title: "report")]
    notes[documents[0]] = "notes on the draft"
    notes[documents[1]] = "notes on the report"
    notes.removeValue(forKey: documents[1])  // an explicit removal is not a death
    documents.removeAll()
    var cleanup = orphans.makeAsyncIterator()
    print("clean up:", await cleanup.next() ?? "-")

    // 4. The tier caveat: a plain object's death is seen at the next collection.
    var session: ConcurrencySession? = ConcurrencySession()
    let poll = Task {
        try? await Task.sleep(for: .seconds(3600))
    }
    poll.cancel(whenDeallocated: session!)
    session = nil
    print("plain session released; task cancelled:", poll.isCancelled)
    Collector.collect()
    print("after Collector.collect(); task cancelled:", poll.isCancelled)
    await poll.value
    withExtendedLifetime(feed) {}
}
