import Testing
import WeakrefDiagnostics

struct Handle {
    var label = "h"
    var owner: Node?
}

@Suite("RetainCycleFinder: paths")
struct RetainCycleFinderPathsTests {
    @Test func shortestPathFromAValue() {
        let n1 = Node("n1")
        let n2 = Node("n2")
        n1.next = n2
        let handle = Handle(owner: n1)
        let path = RetainCycleFinder().path(from: handle, to: n2)
        #expect(path?.description == "Handle.owner → Node(n1).next → Node(n2)")
        #expect(path?.root == nil)
        #expect(path?.isCycle == false)
        #expect(RetainCycleFinder().path(from: handle, to: Node("elsewhere")) == nil)
    }

    @Test func aValueThatIsTheTarget() {
        let n1 = Node("n1")
        #expect(RetainCycleFinder().path(from: n1, to: n1)?.description == "Node → Node(n1)")
    }

    @Test func weakLinksAreNotPaths() {
        let n1 = Node("n1")
        let n2 = Node("n2")
        n1.back = n2
        #expect(RetainCycleFinder().path(from: n1, to: n2) == nil)
    }
}
