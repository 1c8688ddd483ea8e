import Weakref

/// A node whose description is its name, so paths print `Node(n1)`.
final class Node: CustomStringConvertible {
    let name: String
    var next: Node?
    weak var back: Node?

    init(_ name: String) {
        self.name = name
    }

    var description: String { name }
}

/// A node in the prompt tier of `Weakref`.
final class ObservableNode: DeinitObservable, CustomStringConvertible {
    let deinitObservers = DeinitObservers()
    let name: String
    var next: ObservableNode?

    init(_ name: String) {
        self.name = name
    }

    var description: String { name }
}

/// A node type that can be linked into a ring through one container kind.
protocol RingNode: AnyObject {
    init()
    func link(to next: Self)
    func unlink()
}

/// Builds a ring of `length` nodes (node i → node i+1 → … → node 0).
func makeRing<N: RingNode>(_: N.Type, length: Int) -> [N] {
    let nodes = (0..<length).map { _ in N() }
    for index in nodes.indices {
        nodes[index].link(to: nodes[(index + 1) % length])
    }
    return nodes
}

/// Releases a long `Node` chain one link at a time (a recursive release of 100,000 links could
/// overflow a test thread's stack).
func dismantle(_ head: Node?) {
    var current = head
    while let node = current {
        current = node.next
        node.next = nil
    }
}

/// Holds objects weakly, for counting weak references and checking deaths.
final class WeakBox {
    weak var object: AnyObject?

    init(_ object: AnyObject) {
        self.object = object
    }
}
