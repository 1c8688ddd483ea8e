import Testing
import WeakrefDiagnostics

/// Large graphs: iterative traversal (no stack overflow), bounded by the finder's limits.
@Suite("RetainCycleFinder: large graphs")
struct RetainCycleFinderScaleTests {
    func makeChain(_ count: Int) -> Node {
        let head = Node("0")
        var tail = head
        for index in 1..<count {
            let node = Node(String(index))
            tail.next = node
            tail = node
        }
        return head
    }

    @Test func aChainOf100000ObjectsIsWalkedIteratively() {
        let head = makeChain(100_000)
        let clock = ContinuousClock()
        var report: RetainCycleReport?
        let elapsed = clock.measure { report = RetainCycleFinder().findCycles(from: head) }
        #expect(report?.cycles.isEmpty == true)
        #expect(report?.visitedObjectCount == 100_000)
        #expect(report?.isComplete == true)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
        dismantle(head)
    }

    @Test func theObjectLimitBoundsTheSearch() {
        let head = makeChain(100_000)
        let report = RetainCycleFinder(maximumObjectCount: 1_000).findCycles(from: head)
        #expect(report.visitedObjectCount == 1_000)
        #expect(!report.isComplete)
        let shallow = RetainCycleFinder(maximumDepth: 10).findCycles(from: head)
        #expect(shallow.visitedObjectCount == 10)
        #expect(!shallow.isComplete)
        dismantle(head)
    }

    @Test func aCycleAtTheEndOfALongChainIsFound() {
        let head = makeChain(100_000)
        var last = head
        while let next = last.next { last = next }
        last.next = head
        let report = RetainCycleFinder().findCycles(from: head)
        #expect(report.cycles.count == 1)
        #expect(report.cycles.first?.steps.count == 100_000)
        last.next = nil
        dismantle(head)
    }

    @Test func aWideArrayOf100000Objects() {
        let holder = Cell<[Node]>()
        holder.value = (0..<100_000).map { Node(String($0)) }
        holder.value?[99_999].next = holder.value?[0]
        holder.value?[0].next = holder.value?[99_999]
        let report = RetainCycleFinder().findCycles(from: holder)
        #expect(report.visitedObjectCount == 100_001)
        #expect(report.cycles.map(\.description) == ["Node(0).next → Node(99999).next → Node(0)"])
        holder.value?[0].next = nil
    }
}
