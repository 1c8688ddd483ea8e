import Testing
import WeakrefDiagnostics

/// Rings of 1, 2 and 10 objects through every container kind: one cycle, of the ring's length,
/// every step through the expected property path; and none once the ring is broken.
@Suite("RetainCycleFinder: cycles through each container kind")
struct RetainCycleFinderContainerTests {
    static let lengths = [1, 2, 10]

    func expectRing<N: RingNode>(
        _ type: N.Type, length: Int, label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let nodes = makeRing(type, length: length)
        let report = RetainCycleFinder().findCycles(from: nodes[0])
        #expect(report.cycles.count == 1, "\(report)", sourceLocation: sourceLocation)
        #expect(report.isComplete, sourceLocation: sourceLocation)
        #expect(report.visitedObjectCount == length, sourceLocation: sourceLocation)
        if let cycle = report.cycles.first {
            #expect(cycle.isCycle, sourceLocation: sourceLocation)
            #expect(cycle.steps.count == length, sourceLocation: sourceLocation)
            #expect(
                cycle.steps.map(\.label) == Array(repeating: label, count: length),
                sourceLocation: sourceLocation)
            #expect(cycle.root?.identifier == ObjectIdentifier(nodes[0]), sourceLocation: sourceLocation)
            let order = cycle.steps.map(\.object.identifier)
            let expected = (1...length).map { ObjectIdentifier(nodes[$0 % length]) }
            #expect(order == expected, sourceLocation: sourceLocation)
        }
        let boxes = nodes.map(WeakBox.init)
        for node in nodes { node.unlink() }
        #expect(!RetainCycleFinder().findCycles(from: nodes[0]).hasCycles, sourceLocation: sourceLocation)
        withExtendedLifetime(nodes) {}
        _ = boxes
    }

    @Test(arguments: lengths) func classProperty(length: Int) {
        expectRing(FieldNode.self, length: length, label: "next")
    }

    @Test(arguments: lengths) func nestedOptional(length: Int) {
        expectRing(OptionalNode.self, length: length, label: "next")
    }

    @Test(arguments: lengths) func structProperty(length: Int) {
        expectRing(StructNode.self, length: length, label: "link.target")
    }

    @Test(arguments: lengths) func enumPayload(length: Int) {
        expectRing(EnumNode.self, length: length, label: "state.linked")
    }

    @Test(arguments: lengths) func indirectEnumPayload(length: Int) {
        expectRing(IndirectEnumNode.self, length: length, label: "chain.link.0")
    }

    @Test(arguments: lengths) func tupleElement(length: Int) {
        expectRing(TupleNode.self, length: length, label: "pair.node")
    }

    @Test(arguments: lengths) func arrayElement(length: Int) {
        expectRing(ArrayNode.self, length: length, label: "items[1]")
    }

    @Test(arguments: lengths) func dictionaryValue(length: Int) {
        expectRing(DictionaryNode.self, length: length, label: "table[\"next\"]")
    }

    @Test(arguments: lengths) func setMember(length: Int) {
        expectRing(SetNode.self, length: length, label: "members[member]")
    }

    @Test(arguments: lengths) func protocolExistential(length: Int) {
        expectRing(ExistentialNode.self, length: length, label: "peer")
    }

    @Test(arguments: lengths) func classBoundExistential(length: Int) {
        expectRing(ClassExistentialNode.self, length: length, label: "peer")
    }

    @Test(arguments: lengths) func anyHoldingABoxedStruct(length: Int) {
        expectRing(AnyBoxNode.self, length: length, label: "anything.target")
    }
}
