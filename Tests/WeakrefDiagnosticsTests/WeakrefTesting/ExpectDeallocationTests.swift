import Testing
import WeakrefDiagnostics
import WeakrefTesting

@Suite("expectDeallocation")
struct ExpectDeallocationTests {
    @Test func passesWhenTheObjectDies() {
        var node: Node? = Node("n1")
        node?.next = Node("n2")
        expectDeallocation(of: &node)
        #expect(node == nil)
        var observable: ObservableNode? = ObservableNode("o1")
        expectDeallocation(of: &observable)
        let consumed = Node("c")
        expectDeallocation(of: consume consumed)
    }

    @Test func failsWithTheTypeAndTheCycle() {
        var n1: Node? = Node("n1")
        weak let probe = n1
        n1?.next = Node("n2")
        n1?.next?.next = n1
        let line = #line + 2
        withKnownIssue {
            expectDeallocation(of: &n1)
        } matching: { issue in
            issue.description.contains(
                "Expected Node to be deallocated when its last reference was dropped, but it is still alive.")
                && issue.description.contains("Node(n1).next → Node(n2).next → Node(n1)")
                && issue.sourceLocation?.line == line
        }
        probe?.next = nil
    }

    @Test func explainsAnObjectStillHeldByTheCaller() {
        let node = Node("held")
        withKnownIssue {
            expectDeallocation(of: node)
        } matching: { issue in
            issue.description.contains("No retain cycle runs through it")
                && issue.description.contains("pass `consume variable`")
        }
        withExtendedLifetime(node) {}
    }
}
