import Synchronization
import Weakref

/// The node of the cycles tutorial. Its `deinit` prints what Python's `__del__` prints.
final class MyNode: DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String
    var next: MyNode?
    /// A link that does not own: the fix for the cycle.
    weak var back: MyNode?

    init(_ name: String) {
        self.name = name
        NodeCensus.shared.add(self)
    }

    deinit {
        print("\(name) is being deleted")
    }
}

/// Every `MyNode` created, held weakly, in creation order: the tour's stand-in for `gc.get_objects()`.
/// Swift cannot walk the heap, so nodes enrol themselves at initialization.
final class NodeCensus: Sendable {
    static let shared = NodeCensus()

    // @unchecked: the tour runs on one thread; its nodes are made, read and dropped on the main thread.
    private final class Entry: @unchecked Sendable {
        weak var node: MyNode?

        init(_ node: MyNode) {
            self.node = node
        }
    }

    private let entries = Mutex<[Entry]>([])

    func add(_ node: MyNode) {
        let entry = Entry(node)
        entries.withLock { entries in
            entries.removeAll { $0.node == nil }
            entries.append(entry)
        }
    }

    /// The nodes still alive, as strong references.
    func liveNodes() -> [MyNode] {
        entries.withLock { Array($0) }.compactMap(\.node)
    }
}

/// Lists the live nodes and, for each, the nodes whose (strong) `next` points at it: Python's
/// `gc.get_referrers` filtered to `MyNode`.
func printNodeObjects() {
    let nodes = NodeCensus.shared.liveNodes()
    for node in nodes {
        let referrers = nodes.filter { $0.next === node }.map(\.name)
        print("\(node.name) exists with referrers: \(referrers)")
    }
    if nodes.isEmpty {
        print("No MyNode objects found")
    }
}

/// Swift's stable stand-in for `sys.getrefcount`: `true` where CPython prints 2 (one owner plus the
/// call's own argument), `false` where it prints more.
func printUniqueness(_ n1: inout MyNode?, _ n2: inout MyNode?) {
    print("n1 isKnownUniquelyReferenced: \(isKnownUniquelyReferenced(&n1))")
    print("n2 isKnownUniquelyReferenced: \(isKnownUniquelyReferenced(&n2))")
}

/// Two independent nodes that die when the function is done with them.
func test1() {
    var n1: MyNode? = MyNode("n1")
    var n2: MyNode? = MyNode("n2")
    printUniqueness(&n1, &n2)
    // A Swift local may die at its last use rather than at the closing brace, in an order the compiler
    // picks; end both here, in the order CPython clears a frame's locals.
    n1 = nil
    n2 = nil
}

/// Two nodes that own each other: they outlive the function.
func test2() {
    var n1: MyNode? = MyNode("n1")
    var n2: MyNode? = MyNode("n2")
    n1?.next = n2
    n2?.next = n1
    printUniqueness(&n1, &n2)
    n1 = nil
    n2 = nil
}

/// `test2` with the link from n2 back to n1 made `weak`: no cycle, both die on time.
func test2WeakBackLink() {
    var n1: MyNode? = MyNode("n1")
    var n2: MyNode? = MyNode("n2")
    n1?.next = n2
    n2?.back = n1
    printUniqueness(&n1, &n2)
    n1 = nil
    n2 = nil
}

/// Breaks every `next` link by hand, which frees the nodes a cycle kept alive (in creation order,
/// once the snapshot that holds them goes).
func breakNodeCycles() {
    let nodes = NodeCensus.shared.liveNodes()
    for node in nodes {
        node.next = nil
    }
}
