import Testing
import Weakref
import WeakrefDiagnostics
import WeakrefTesting

/// Breaks the `next` links of the nodes a tracker still sees, so failing tests do not leak.
func breakCycles(_ tracker: LeakTracker) {
    for case let node as Node in tracker.survivors { node.next = nil }
    for case let node as ObservableNode in tracker.survivors { node.next = nil }
}

@Suite("expectNoLeaks")
struct ExpectNoLeaksTests {
    @Test func passesWhenEveryTrackedObjectIsGone() {
        let tracker = expectNoLeaks { tracker in
            let n1 = tracker.track(Node("n1"))
            let n2 = tracker.track(Node("n2"))
            n1.next = n2
            n2.back = n1
            return tracker
        }
        #expect(tracker.trackedCount == 2)
        #expect(tracker.survivors.isEmpty)
    }

    @Test func passesForBothTiersAsynchronously() async {
        await expectNoLeaks { tracker in
            let plain = tracker.track(Node("plain"))
            let observable = tracker.track(ObservableNode("observable"))
            await Task.yield()
            _ = (plain, observable)
        }
    }

    @Test func failsWithTheCycleAtTheTrackingLine() {
        var tracker: LeakTracker?
        let line = #line + 3
        withKnownIssue {
            tracker = expectNoLeaks { tracker in
                let n1 = tracker.track(Node("n1"), "first")
                let n2 = Node("n2")
                n1.next = n2
                n2.next = n1
                return tracker
            }
        } matching: { issue in
            let text = issue.description
            return text.contains("Node \"first\" tracked at ExpectNoLeaksTests.swift:\(line)")
                && text.contains("is still alive at the end of the expectNoLeaks scope")
                && text.contains(
                    "It is kept alive by a retain cycle:\n  Node(n1).next → Node(n2).next → Node(n1)")
                && issue.sourceLocation?.line == line
        }
        if let tracker { breakCycles(tracker) }
    }

    @Test func failsForAPromptTierObjectAsynchronously() async {
        var tracker: LeakTracker?
        await withKnownIssue {
            tracker = await expectNoLeaks(gracePeriod: .milliseconds(5)) { tracker in
                let n1 = tracker.track(ObservableNode("n1"))
                await Task.yield()
                n1.next = n1
                return tracker
            }
        } matching: { issue in
            issue.description.contains("ObservableNode tracked at")
                && issue.description.contains("ObservableNode(n1).next → ObservableNode(n1)")
        }
        if let tracker { breakCycles(tracker) }
    }

    @Test func explainsASurvivorHeldFromOutside() {
        let keeper = Cell<Node>()
        withKnownIssue {
            expectNoLeaks("kept on purpose") { tracker in
                keeper.value = tracker.track(Node("kept"))
            }
        } matching: { issue in
            issue.description.contains("No retain cycle runs through it")
                && issue.description.contains("kept on purpose")
        }
        keeper.value = nil
    }
}
