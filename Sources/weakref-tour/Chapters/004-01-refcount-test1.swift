func runRefcountTest1() {
    test1()
    printNodeObjects()

    swiftNote(
        "`sys.getrefcount` has no stable Swift counterpart (the runtime's underscored `_getRetainCount`, "
            + "which `retainCount(of:)` in 004-cycle-finder reads, counts the caller's temporaries too and "
            + "varies with optimization), so those lines ask `isKnownUniquelyReferenced` "
            + "(true where CPython prints 2); `is being deleted` comes from `deinit`; `printNodeObjects` "
            + "lists nodes that enrolled themselves weakly, since Swift cannot walk the heap.")
}
