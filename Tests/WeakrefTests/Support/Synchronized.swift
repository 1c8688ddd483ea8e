import Foundation
import Synchronization

/// A value guarded by a lock, for state shared with callbacks that run on any thread.
///
/// Never release an object under the lock: its deinit may call back into the same box. ``exchange(_:)``
/// and ``take(at:)`` move the old value out so that the caller releases it after unlocking.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }

    /// Replaces the value; returns the old one for the caller to release outside the lock.
    @discardableResult
    func exchange(_ newValue: Value) -> Value {
        withLock { value in
            var old = newValue
            swap(&old, &value)
            return old
        }
    }

    /// Clears one slot of a table; returns its content for the caller to release outside the lock.
    @discardableResult
    func take<Element>(at index: Int) -> Element? where Value == [Element?] {
        withLock { slots in
            let element = slots[index]
            slots[index] = nil
            return element
        }
    }

    /// Appends to an array.
    func append<Element>(_ element: Element) where Value == [Element] {
        withLock { $0.append(element) }
    }
}

/// Records events in order, from any thread.
final class Recorder: Sendable {
    private let events = Locked<[String]>([])

    func record(_ event: String) { events.append(event) }

    var all: [String] { events.current }

    func count(of event: String) -> Int { all.filter { $0 == event }.count }
}

/// A counter callbacks bump from any thread.
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)

    func increment() { storage.add(1, ordering: .relaxed) }

    var value: Int { storage.load(ordering: .relaxed) }
}

/// Per-round counters for the stress tests.
final class Tally: Sendable {
    private let counts: Locked<[Int]>

    init(rounds: Int) { counts = Locked(Array(repeating: 0, count: rounds)) }

    func increment(_ round: Int) { counts.withLock { $0[round] += 1 } }

    var all: [Int] { counts.current }
}

/// Keeps objects alive until the test drops it.
final class Keeper: Sendable {
    private let objects = Locked<[AnyObject]>([])

    func keep(_ object: AnyObject) { objects.append(object) }

    var all: [AnyObject] { objects.current }
}

/// Lets a fixed number of threads start each round together, so that their operations overlap.
final class Rendezvous: Sendable {
    private let arrivals = Atomic<Int>(0)
    private let parties: Int

    init(parties: Int) { self.parties = parties }

    func meet(round: Int) {
        arrivals.add(1, ordering: .sequentiallyConsistent)
        let target = parties * (round + 1)
        while arrivals.load(ordering: .sequentiallyConsistent) < target {
            sched_yield()
        }
    }
}

/// Runs each body on its own thread and returns when all have finished.
func runOnThreads(_ bodies: [@Sendable () -> Void]) {
    let group = DispatchGroup()
    for body in bodies {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
