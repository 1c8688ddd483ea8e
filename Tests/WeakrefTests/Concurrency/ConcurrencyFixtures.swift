import Foundation
import Synchronization
import Testing

@testable import Weakref

/// Polls `condition` until it holds or `seconds` pass; returns whether it held. Tests of asynchronous
/// delivery wait with it instead of awaiting a task that might never end, so that a broken delivery
/// fails the test rather than hanging the run.
func eventually(within seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

/// The number of observers registered on `object` (a retired collected-tier record counts as none).
func observerCount(of object: AnyObject) -> Int {
    _Referents.observers(of: object).count
}

/// A flag set once, from any task.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// The owner of the event loop, in either tier: it handles the events a task reads for it.
protocol EventOwner: AnyObject, Sendable {
    init()
    var handled: Counter { get }
    static var tier: Tier { get }
}

extension EventOwner {
    func handle(_ event: Int) { handled.increment() }
}

/// A prompt-tier owner.
final class PromptOwner: EventOwner, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let handled = Counter()
    static var tier: Tier { .prompt }
}

/// A collected-tier owner.
final class CollectedOwner: EventOwner {
    let handled = Counter()
    static var tier: Tier { .collected }
}

extension Tier {
    /// The event-loop owner class of this tier.
    var owner: any EventOwner.Type {
        switch self {
        case .prompt: PromptOwner.self
        case .collected: CollectedOwner.self
        }
    }
}
