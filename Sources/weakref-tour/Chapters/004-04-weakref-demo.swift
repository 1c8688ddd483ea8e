import Weakref

private func weakrefDemo() {
    var n1: MyNode? = MyNode("n1")
    print("n1 isKnownUniquelyReferenced: \(isKnownUniquelyReferenced(&n1))")

    let n1Weakref = WeakReference(n1!)

    // Still uniquely referenced: a weak reference adds no strong count.
    print("n1 isKnownUniquelyReferenced: \(isKnownUniquelyReferenced(&n1))")

    if let node = n1Weakref() {
        print("n1's name: \(node.name)")
    }

    n1 = nil
    if let node = n1Weakref() {
        print("n1's name: \(node.name)")
    } else {
        print("n1 no longer exists")
    }
}

func runWeakrefDemo() {
    weakrefDemo()
    print("---------------------")
    printNodeObjects()

    swiftNote(
        "the refcount lines ask `isKnownUniquelyReferenced` (true where CPython prints 2: Swift has no "
            + "stable public retain count), and it stays true after `WeakReference(n1!)`, which adds no "
            + "strong reference; the rest is the same, with `if let` for the liveness check.")
}
