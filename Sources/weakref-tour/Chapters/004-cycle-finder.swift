import Weakref
import WeakrefDiagnostics

extension MyNode: CustomStringConvertible {
    /// The node's name, so the cycle finder prints a node as `MyNode(n1)`.
    var description: String { name }
}

/// Prints how much `change` adds to `node`'s strong and native weak counts. Absolute strong counts
/// include the temporaries of the calling code and differ between debug and release builds; the
/// difference made by one assignment does not.
private func printCountChange(_ change: String, of node: MyNode, _ body: () -> Void) {
    let strong = retainCount(of: node)
    let weak = nativeWeakReferenceCount(of: node)
    body()
    print(
        "\(change): \(node.name)'s retainCount +\(retainCount(of: node) - strong), "
            + "nativeWeakReferenceCount +\(nativeWeakReferenceCount(of: node) - weak)")
}

/// n2 → n1 first as a strong link (a cycle), then as a `weak` one (none).
private func compareBackLinks() {
    var n1: MyNode? = MyNode("n1")
    var n2: MyNode? = MyNode("n2")
    n1?.next = n2
    printCountChange("n2.next = n1", of: n1!) { n2?.next = n1 }
    n2?.next = nil
    printCountChange("n2.back = n1", of: n1!) { n2?.back = n1 }
    print("n1 nativeWeakReferenceCount: \(nativeWeakReferenceCount(of: n1!))")
    print("RetainCycleFinder().findCycles(from: n1):")
    for cycle in RetainCycleFinder().findCycles(from: n1!).cycles {
        print(cycle)
    }
    n1 = nil
    n2 = nil
}

func runCycleFinder() {
    test1()
    printNodeObjects()
    print("---------------------")
    test2()
    printNodeObjects()

    section("RetainCycleFinder: what keeps the surviving nodes alive")
    for cycle in RetainCycleFinder().findCycles(reachableFrom: NodeCensus.shared.liveNodes()).cycles {
        print(cycle)
    }

    section("break the cycle by hand")
    breakNodeCycles()
    printNodeObjects()

    section("the fix: a weak back-link (n2.back = n1 instead of n2.next = n1)")
    compareBackLinks()
    printNodeObjects()

    swiftNote(
        "Python's `gc.get_referrers` has no Swift counterpart, but `RetainCycleFinder` (product "
            + "WeakrefDiagnostics) reads the nodes' stored properties from their type metadata and prints "
            + "the cycle that keeps them alive; with a `weak` back-link it prints nothing and both nodes "
            + "die on time. The refcount lines ask `isKnownUniquelyReferenced`, as in 004-01; "
            + "`retainCount(of:)` and `nativeWeakReferenceCount(of:)` are diagnostics whose absolute strong "
            + "value depends on the build, so the chapter prints what one assignment adds; n1's weak count "
            + "of 2 is n2.back plus the tour's node census.")
}
