// Allowed: the concurrency tools with Sendable objects and values (the control of the forbidden
// snippets about them).
import Weakref

final class Screen: Sendable {
    func handle(_ event: Int) {}
}

func check(screen: Screen, events: AsyncStream<Int>, handles: WeakKeyDictionary<Screen, Int>) {
    Task(boundTo: screen) { owner in
        for await event in events { owner()?.handle(event) }
    }
    let existing = Task { for await _ in events {} }
    existing.cancel(whenDeallocated: screen)
    let gone = Deallocation(of: screen)
    Task {
        try? await gone.wait()
        for await handle in handles.valuesOfDeallocatedKeys() { _ = handle }
    }
}
