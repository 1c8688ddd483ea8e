func runCycles() {
    test1()
    printNodeObjects()
    print("---------------------")
    test2()
    printNodeObjects()

    section("break the cycle by hand (CPython's collector does it at exit)")
    breakNodeCycles()
    printNodeObjects()

    section("test2 with a weak back-link: n2.back = n1 instead of n2.next = n1")
    test2WeakBackLink()
    printNodeObjects()

    swiftNote(
        "the last two lines, which CPython prints at exit, never come: Swift has no cycle collector, "
            + "so the two nodes leak until the program breaks the cycle (above); a `weak` back-link "
            + "avoids the cycle, and then both die on time.")
}
