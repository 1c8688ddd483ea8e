import Testing
import WeakrefDiagnostics

final class Verbose: CustomStringConvertible {
    var description: String { String(repeating: "x", count: 41) }
}

final class Plain {}

final class Resourceful: CustomStringConvertible {
    var description: String { "Resourceful(temp)" }
}

@Suite("ReferencePath and ObjectSummary descriptions")
struct ReferencePathTests {
    @Test func objectSummaries() {
        #expect(ObjectSummary(Node("n1")).description == "Node(n1)")
        #expect(ObjectSummary(Verbose()).description == "Verbose")
        #expect(ObjectSummary(Plain()).description == "Plain")
        #expect(ObjectSummary(Resourceful()).description == "Resourceful(temp)")
    }

    @Test func pathDescriptions() {
        let n1 = ObjectSummary(Node("n1"))
        let n2 = ObjectSummary(Node("n2"))
        let cycle = ReferencePath(
            root: n1, rootTypeName: "Node",
            steps: [.init(label: "next", object: n2), .init(label: "items[0]", object: n1)])
        #expect(cycle.description == "Node(n1).next → Node(n2).items[0] → Node(n1)")
        #expect(cycle.isCycle)
        #expect(cycle.objects == [n1, n2, n1])
        let fromValue = ReferencePath(
            root: nil, rootTypeName: "Handle", steps: [.init(label: "[2]", object: n2)])
        #expect(fromValue.description == "Handle[2] → Node(n2)")
        #expect(!fromValue.isCycle)
    }
}
