import Foundation
import Synchronization
import Weakref

/// `Collector.collect()`, outside the figures' bookkeeping.
func collectNow() -> Int {
    Collector.collect()
}

/// The two ways the library learns that an object died (DESIGN §2).
enum StressTier: String, CaseIterable, Sendable {
    /// `DeinitObservable`: deaths are delivered at deinit.
    case prompt
    /// Any other class: deaths are delivered at a collection.
    case collected

    /// A new object of this tier.
    func make(thread: Int = 0, owning owned: AnyObject? = nil) -> StressObject {
        switch self {
        case .prompt: PromptObject(thread: thread, owning: owned)
        case .collected: PlainObject(thread: thread, owning: owned)
        }
    }

    /// The tier for a random choice.
    static func pick(_ random: inout StressRandom) -> StressTier {
        random.next(2) == 0 ? .prompt : .collected
    }
}

/// The objects of these tests. Ids are unique in the process; the class itself is never instantiated.
class StressObject: CustomStringConvertible, @unchecked Sendable {
    private static let nextID = Atomic<Int>(1)

    let id: Int
    /// The thread that created it.
    let thread: Int
    /// Something it keeps alive (for cascades).
    let owned: AnyObject?
    /// Runs at the start of `deinit`, with the dying object.
    var onDeinit: (@Sendable (StressObject) -> Void)?
    /// Written through proxies by the thread that holds the object; nobody else touches it.
    var note = 0

    init(thread: Int, owning owned: AnyObject?) {
        id = Self.nextID.add(1, ordering: .relaxed).oldValue
        self.thread = thread
        self.owned = owned
    }

    deinit {
        onDeinit?(self)
        if self is DeinitObservable {
            ReliabilityFigures.add(ReliabilityFigures.promptDeaths, 1)
        } else {
            ReliabilityFigures.add(ReliabilityFigures.collectedDeaths, 1)
        }
    }

    var tier: StressTier { self is DeinitObservable ? .prompt : .collected }

    var description: String { "\(tier == .prompt ? "P" : "C")\(id)" }

    /// A method for `WeakMethod`.
    func offset(_ amount: Int) -> Int { id + amount }
    /// An async method for `WeakAsyncMethod`.
    func offsetLater(_ amount: Int) async -> Int { id + amount }
}

/// The prompt tier.
final class PromptObject: StressObject, DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
}

/// The collected tier.
final class PlainObject: StressObject, @unchecked Sendable {}

/// A value a `WeakKeyDictionary` holds strongly; it knows its key and counts its lives.
final class StressValue: Sendable {
    let keyID: Int
    let serial: Int
    private let lives: LifeCounter

    init(keyID: Int, serial: Int, lives: LifeCounter) {
        self.keyID = keyID
        self.serial = serial
        self.lives = lives
        lives.created()
    }

    deinit { lives.destroyed() }
}

/// Counts instances alive, for leak checks of values and callback captures.
final class LifeCounter: Sendable {
    private let count = Atomic<Int>(0)
    func created() { count.add(1, ordering: .relaxed) }
    func destroyed() { count.subtract(1, ordering: .relaxed) }
    var live: Int { count.load(ordering: .relaxed) }
}

/// Something a callback or action captures, to check that the library releases its closures.
final class CaptureToken: Sendable {
    private let lives: LifeCounter
    init(_ lives: LifeCounter) {
        self.lives = lives
        lives.created()
    }
    deinit { lives.destroyed() }
}

/// A native weak reference: the ground truth of whether an object is alive.
final class NativeWeak<Object: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private weak var _object: Object?

    init(_ object: Object?) { _object = object }

    var object: Object? { lock.withLock { _object } }
    var isDead: Bool { object == nil }
}

/// A value guarded by a lock. Never releases an object under the lock: ``exchange(_:)`` and
/// ``takeAll()`` hand old contents back to the caller.
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

    @discardableResult
    func exchange(_ newValue: Value) -> Value {
        withLock { value in
            var old = newValue
            swap(&old, &value)
            return old
        }
    }

    func append<Element>(_ element: Element) where Value == [Element] {
        withLock { $0.append(element) }
    }

    func takeAll<Element>() -> [Element] where Value == [Element] {
        exchange([])
    }
}

/// A small deterministic generator (xorshift), one per thread.
struct StressRandom {
    private var state: UInt64

    init(seed: UInt64) { state = (seed &+ 1) &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    /// True with probability 1/`n`.
    mutating func oneIn(_ n: Int) -> Bool { next(n) == 0 }
}

/// Identity of two optional objects, as a plain function (`#expect(x === y)` crashes SILGen for a
/// non-optional `AnyObject`; SWIFT-FACTS, Testing).
func same(_ lhs: AnyObject?, _ rhs: AnyObject?) -> Bool { lhs === rhs }

/// Runs `body(thread)` on `threads` threads at once and returns when all have finished.
func runConcurrently(threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<threads {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
    group.wait()
}

/// A reusable barrier for a fixed number of threads.
final class StressBarrier: Sendable {
    private let parties: Int
    private let arrived = Atomic<Int>(0)
    private let generation = Atomic<Int>(0)

    init(parties: Int) { self.parties = parties }

    func wait() {
        let current = generation.load(ordering: .acquiring)
        if arrived.add(1, ordering: .acquiringAndReleasing).newValue == parties {
            arrived.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
        } else {
            // Spin briefly, then sleep: threads spinning at a checkpoint would otherwise keep both cores
            // busy, and the periodic collection (a background-priority task that may be in the middle of
            // delivering the deaths a checkpoint waits for) would get no time at all.
            var spins = 0
            while generation.load(ordering: .acquiring) == current {
                spins += 1
                if spins < 1_000 { sched_yield() } else { usleep(100) }
            }
        }
    }
}

/// Carries a value that is not `Sendable` into a `@Sendable` closure, where the test knows it is safe.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
