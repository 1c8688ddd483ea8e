/// Names one list a node can be in, and where the node keeps its links for it: the next node (strong:
/// the list owns its nodes through these, a node is kept alive by its predecessor or by the head), the
/// previous one (unowned) and whether it is linked. A class can be in several intrusive lists at once
/// (a finalizer is in its object's record and in the registry of live finalizers), each with a tag of
/// its own.
///
/// The three links are separate stored properties of the node, reached one by one: a detached chain
/// is walked through `next` outside any lock while another thread may test `isLinked` under the
/// list's lock, and those must be different variables.
@usableFromInline
protocol _IntrusiveListTag {
    associatedtype Node: AnyObject
    static subscript(next node: Node) -> Node? { get set }
    static subscript(previous node: Node) -> Node? { get set }
    static subscript(isLinked node: Node) -> Bool { get set }
}

/// A doubly linked list threaded through its nodes, newest first: O(1) insertion and removal with no
/// allocation, walked in the order the library delivers in (most recently registered first).
///
/// The one list type of the library (per-object records of observers, the live finalizers). Not
/// synchronized: its owner guards it with a lock, and every method that unlinks a node hands back the
/// list's reference to it, so that the owner can release it after unlocking (DESIGN §5.4).
@usableFromInline
struct _IntrusiveList<Tag: _IntrusiveListTag> {
    @usableFromInline
    typealias Node = Tag.Node

    @usableFromInline
    private(set) var head: Node?
    @usableFromInline
    private(set) var count = 0

    @inlinable
    init() {}

    /// Links `node` as the newest. It must not be linked in this list already.
    @inlinable
    mutating func pushFront(_ node: Node) {
        precondition(!Tag[isLinked: node], "a node was linked twice into one list")
        if let head { Tag[previous: head] = node }
        Tag[next: node] = head.take()
        Tag[previous: node] = nil
        Tag[isLinked: node] = true
        head = node
        count += 1
    }

    /// Unlinks `node` if it is linked.
    ///
    /// - Returns: The list's own reference to `node` (release it after unlocking), or `nil` if `node`
    ///   was not linked.
    @inlinable
    mutating func remove(_ node: Node) -> Node? {
        guard Tag[isLinked: node] else { return nil }
        let next = Tag[next: node].take()
        let previous = Tag[previous: node]
        if let next { Tag[previous: next] = previous }
        let listReference: Node?
        if let previous {
            listReference = Tag[next: previous].take()
            Tag[next: previous] = next
        } else {
            listReference = head.take()
            head = next
        }
        Tag[previous: node] = nil
        Tag[isLinked: node] = false
        count -= 1
        return listReference
    }

    /// Unlinks every node at once and hands back the newest; the nodes stay chained through their `next`
    /// links, so the chain owns itself and can be walked after unlocking.
    @inlinable
    mutating func removeAll() -> Node? {
        let chain = head.take()
        var node = chain.map { Unmanaged.passUnretained($0) }
        while let current = node?.takeUnretainedValue() {
            Tag[isLinked: current] = false
            Tag[previous: current] = nil
            node = Tag[next: current].map { Unmanaged.passUnretained($0) }
        }
        count = 0
        return chain
    }

    /// Calls `body` on each node, newest first, without retaining them (the list keeps them alive).
    @inlinable
    func forEach(_ body: (Node) -> Void) {
        var node = head.map { Unmanaged.passUnretained($0) }
        while let current = node {
            current._withUnsafeGuaranteedRef { body($0) }
            node = current._withUnsafeGuaranteedRef {
                Tag[next: $0].map { Unmanaged.passUnretained($0) }
            }
        }
    }

    /// Traps if the links are inconsistent: a broken back link, a node not marked linked, or a count
    /// that differs from the nodes. Debug builds only; a long list is walked only sometimes
    /// (``_InvariantWalks``), so that bulk tests stay linear.
    @inlinable
    func _checkInvariants() {
        #if DEBUG
            precondition(count >= 0 && (count == 0) == (head == nil), "the list's count and head disagree")
            guard _InvariantWalks.walksWhole(size: count) else { return }
            var seen = 0
            var expectedPrevious: Node?
            forEach { node in
                precondition(Tag[isLinked: node], "a listed node is not marked linked")
                precondition(Tag[previous: node] === expectedPrevious, "a back link is broken")
                expectedPrevious = node
                seen += 1
            }
            precondition(seen == count, "the list's count differs from its nodes")
        #endif
    }
}
