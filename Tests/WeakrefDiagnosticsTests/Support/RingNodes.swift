/// Linked through an optional class property: `next`.
final class FieldNode: RingNode {
    var next: FieldNode?
    init() {}
    func link(to next: FieldNode) { self.next = next }
    func unlink() { next = nil }
}

/// Linked through a doubly wrapped optional: `next`.
final class OptionalNode: RingNode {
    var next: OptionalNode??
    init() {}
    func link(to next: OptionalNode) { self.next = .some(.some(next)) }
    func unlink() { next = .some(nil) }
}

struct Link<Target: AnyObject> {
    var count = 1
    var target: Target?
    var tag = "link"
}

/// Linked through a struct property: `link.target`.
final class StructNode: RingNode {
    var link = Link<StructNode>()
    init() {}
    func link(to next: StructNode) { link.target = next }
    func unlink() { link.target = nil }
}

/// Linked through a multi-payload enum's payload: `state.linked`.
final class EnumNode: RingNode {
    enum State {
        case idle
        case counting(Int)
        case linked(EnumNode)
        case named(String, EnumNode?)
    }

    var state = State.idle
    init() {}
    func link(to next: EnumNode) { state = .linked(next) }
    func unlink() { state = .idle }
}

/// Linked through an indirect enum case: `chain.link.0`.
final class IndirectEnumNode: RingNode {
    indirect enum Chain {
        case end
        case link(IndirectEnumNode, Chain)
    }

    var chain = Chain.end
    init() {}
    func link(to next: IndirectEnumNode) { chain = .link(next, .end) }
    func unlink() { chain = .end }
}

/// Linked through a tuple element: `pair.node`.
final class TupleNode: RingNode {
    var pair: (count: Int, node: TupleNode?) = (0, nil)
    init() {}
    func link(to next: TupleNode) { pair = (1, next) }
    func unlink() { pair = (0, nil) }
}

/// Linked through an array element: `items[1]`.
final class ArrayNode: RingNode {
    var items: [ArrayNode?] = []
    init() {}
    func link(to next: ArrayNode) { items = [nil, next] }
    func unlink() { items = [] }
}

/// Linked through a dictionary value: `table["next"]`.
final class DictionaryNode: RingNode {
    var table: [String: DictionaryNode] = [:]
    init() {}
    func link(to next: DictionaryNode) { table = ["next": next] }
    func unlink() { table = [:] }
}

/// Linked through a set member (an identity-hashed class): `members[member]`.
final class SetNode: RingNode, Hashable {
    var members: Set<SetNode> = []
    init() {}
    func link(to next: SetNode) { members = [next] }
    func unlink() { members = [] }
    static func == (lhs: SetNode, rhs: SetNode) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

protocol Linked {
    var isLinked: Bool { get }
}

/// Linked through an `any Linked` existential (not class-bound): `peer`.
final class ExistentialNode: RingNode, Linked {
    var peer: (any Linked)?
    init() {}
    var isLinked: Bool { peer != nil }
    func link(to next: ExistentialNode) { peer = next }
    func unlink() { peer = nil }
}

protocol ClassLinked: AnyObject {}

/// Linked through an `any ClassLinked` existential (class-bound): `peer`.
final class ClassExistentialNode: RingNode, ClassLinked {
    var peer: (any ClassLinked)?
    init() {}
    func link(to next: ClassExistentialNode) { peer = next }
    func unlink() { peer = nil }
}

/// Linked through `Any` holding a large struct, stored out of line in a box: `anything.target`.
final class AnyBoxNode: RingNode {
    struct Large {
        var a = 0, b = 0, c = 0, d = 0
        var target: AnyBoxNode?
    }

    var anything: Any = 0
    init() {}
    func link(to next: AnyBoxNode) { anything = Large(target: next) }
    func unlink() { anything = 0 }
}
