import Foundation
import Testing

@testable import Weakref

// Fixtures and helpers of the collection tests. Every name starts with `Collection` so that it cannot
// clash with the fixtures of the other test folders.

/// An object to store in the weak collections. `Hashable` and `Equatable` by `id` on purpose: the
/// collections match objects by identity, so an equal but distinct object must never be found.
///
/// The class itself is never instantiated; its two subclasses are the two tiers (DESIGN §2). A
/// collection typed with this base class decides each object's tier at run time; one typed with a
/// subclass knows it statically.
class CollectionTestObject: Hashable, CustomStringConvertible, @unchecked Sendable {
    let id: Int
    /// Runs in `deinit`, with the dying object.
    let onDeinit: (@Sendable (CollectionTestObject) -> Void)?
    /// Something the object keeps alive (for cascades).
    let owned: AnyObject?

    required init(
        _ id: Int, owning owned: AnyObject? = nil,
        onDeinit: (@Sendable (CollectionTestObject) -> Void)? = nil
    ) {
        self.id = id
        self.owned = owned
        self.onDeinit = onDeinit
    }

    deinit { onDeinit?(self) }

    static func == (lhs: CollectionTestObject, rhs: CollectionTestObject) -> Bool { lhs.id == rhs.id }

    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    var description: String { "Item(\(id))" }
}

/// The prompt tier: leaves every collection at its deinit.
final class PromptCollectionTestObject: CollectionTestObject, DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
}

/// The collected tier: invisible at once when dead, purged amortized or at `Collector.collect()`.
final class PlainCollectionTestObject: CollectionTestObject, @unchecked Sendable {}

/// A value held strongly by a `WeakKeyDictionary`, with a hook in its `deinit`.
final class CollectionTestValue: CustomStringConvertible, @unchecked Sendable {
    let id: Int
    let owned: AnyObject?
    let onDeinit: (@Sendable () -> Void)?

    init(_ id: Int, owning owned: AnyObject? = nil, onDeinit: (@Sendable () -> Void)? = nil) {
        self.id = id
        self.owned = owned
        self.onDeinit = onDeinit
    }

    deinit { onDeinit?() }

    var description: String { "Value(\(id))" }
}

/// A `WeakValueDictionary` key that may own an object. Equal and hashed by `id` only, so that a probe
/// without the owned object finds the entry.
struct CollectionOwningKey: Hashable, @unchecked Sendable {
    let id: Int
    let owned: AnyObject?

    init(_ id: Int, owning owned: AnyObject? = nil) {
        self.id = id
        self.owned = owned
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }

    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The two ways the library learns that an object died.
enum CollectionTier: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `DeinitObservable` objects leave every collection synchronously at their deinit.
    case prompt
    /// Other objects are invisible at once and purged later.
    case collected

    var testDescription: String { rawValue }

    /// A new object of this tier, typed as the common base class.
    func make(
        _ id: Int, owning owned: AnyObject? = nil,
        onDeinit: (@Sendable (CollectionTestObject) -> Void)? = nil
    ) -> CollectionTestObject {
        switch self {
        case .prompt: PromptCollectionTestObject(id, owning: owned, onDeinit: onDeinit)
        case .collected: PlainCollectionTestObject(id, owning: owned, onDeinit: onDeinit)
        }
    }

    /// `count` new objects with ids `0..<count` (or starting at `first`).
    func makeMany(_ count: Int, from first: Int = 0) -> [CollectionTestObject] {
        (first..<first + count).map { make($0) }
    }

    /// Delivers pending deaths: nothing for the prompt tier, a collection for the collected tier.
    func settle() {
        if self == .collected { Collector.collect() }
    }
}

/// Identity of two optional objects, as a plain function (see SWIFT-FACTS, Testing: `#expect(x === y)`
/// crashes SILGen for a non-optional `AnyObject`).
func collectionSame(_ lhs: AnyObject?, _ rhs: AnyObject?) -> Bool { lhs === rhs }

/// Identity of two arrays of objects, element by element.
func collectionSame(_ lhs: [AnyObject], _ rhs: [AnyObject]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0 === $1 }
}

/// The ids of `objects`, in order.
func collectionIDs(_ objects: some Sequence<CollectionTestObject>) -> [Int] {
    objects.map(\.id)
}

/// Events recorded from any thread, in order.
final class CollectionEventLog: Sendable {
    private let events = Locked<[String]>([])

    func record(_ event: String) { events.withLock { $0.append(event) } }

    var all: [String] { events.current }
}

/// Runs `body(thread)` on `threads` threads at once and returns when all have finished.
func collectionRunConcurrently(threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
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

/// A tiny deterministic generator, so that stress runs are reproducible per thread.
struct CollectionRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

/// A weak box, for a `deinit` hook that must reach a collection without keeping it alive.
final class CollectionWeakBox<Object: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private weak var _object: Object?

    init(_ object: Object? = nil) { _object = object }

    var object: Object? {
        get { lock.withLock { _object } }
        set { lock.withLock { _object = newValue } }
    }
}

extension _WeakTable {
    /// Stored entries whose object is dead: collected-tier entries not purged yet. Objects loaded to
    /// test liveness go into the critical section's bag, like every load under the table's lock.
    var collectionTestDeadEntryCount: Int {
        withState { state, garbage in
            var dead = 0
            for slot in 0..<state.storage.slotCount where state.storage.isOccupied(slot) {
                let loaded = state.storage.object(at: slot)
                if loaded == nil { dead += 1 }
                garbage.keep(loaded)
            }
            return dead
        }
    }
}

/// A weak-valued dictionary with `a`, `b`, `c` → `objects[0...2]`.
func collectionABCDictionary(
    _ objects: [CollectionTestObject]
) -> WeakValueDictionary<String, CollectionTestObject> {
    WeakValueDictionary([("a", objects[0]), ("b", objects[1]), ("c", objects[2])])
}
