import Testing
import Weakref
import WeakrefDiagnostics

/// Records objects, through weak references, that must be gone when an ``expectNoLeaks(_:finder:sourceLocation:_:)``
/// scope ends.
///
/// Tracking holds the object weakly (a native `weak` reference), so it works for every class
/// instance — `DeinitObservable` or not — and does not change when it dies.
///
/// ```swift
/// try await expectNoLeaks { tracker in
///     let node = tracker.track(Node("n1"))
///     node.next = Node("n2")
/// }
/// ```
///
/// Not `Sendable`: ``survivors`` hands back the tracked objects, which may not be. A tracker stays with
/// the task that runs the scope (its objects are tracked and checked there).
///
/// - Complexity: O(1) to create.
public final class LeakTracker {
    /// The library's own lock (no copy), with its checked critical sections.
    private let lock = _Lock()
    private var entries: [_TrackedObject] = []

    init() {}

    /// Tracks `object` and returns it, so you can track where you create:
    /// `let node = tracker.track(Node())`. The optional `label` appears in the failure message.
    ///
    /// ```swift
    /// let parent = tracker.track(Parent(), "parent")
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    public func track<Object: AnyObject>(
        _ object: Object, _ label: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Object {
        let entry = _TrackedObject(object, label: label, sourceLocation: sourceLocation)
        lock.withLock { _ in entries.append(entry) }
        return object
    }

    /// The number of objects tracked so far.
    ///
    /// ```swift
    /// #expect(tracker.trackedCount == 2)
    /// ```
    ///
    /// - Complexity: O(1).
    public var trackedCount: Int { lock.withLock { _ in entries.count } }

    /// The tracked objects that are still alive, in tracking order (strong references: drop them
    /// before the scope ends).
    ///
    /// ```swift
    /// #expect(tracker.survivors.isEmpty)
    /// ```
    ///
    /// - Complexity: O(*n*) in the number of tracked objects.
    public var survivors: [AnyObject] { lock.withLock { _ in entries.compactMap(\.object) } }

    var trackedObjects: [_TrackedObject] { lock.withLock { _ in entries } }
}

/// One tracked object: a weak reference and what the message needs.
final class _TrackedObject: @unchecked Sendable {  // @unchecked: a weak field and immutable ones.
    weak var object: AnyObject?
    let typeName: String
    let label: String?
    let sourceLocation: SourceLocation

    init(_ object: AnyObject, label: String?, sourceLocation: SourceLocation) {
        self.object = object
        self.typeName = _typeName(type(of: object), qualified: false)
        self.label = label
        self.sourceLocation = sourceLocation
    }

    var isAlive: Bool { object != nil }

    /// `Node "n1"` or `Node`.
    var name: String { label.map { "\(typeName) \"\($0)\"" } ?? typeName }
}
