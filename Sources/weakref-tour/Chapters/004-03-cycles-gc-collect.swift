import Weakref

func runCyclesCollect() {
    test1()
    printNodeObjects()
    print("---------------------")
    test2()
    let processed = Collector.collect()
    printNodeObjects()

    section("Collector.collect() processed \(processed) deaths; breaking the cycle by hand")
    breakNodeCycles()
    printNodeObjects()

    swiftNote(
        "`Collector.collect()` is not a cycle collector: it only notices collected-tier objects that "
            + "already died, so the cycle survives it and both nodes print as alive; break it by hand "
            + "(above) or with a `weak` back-link (004-02-cycles).")
}
