import Weakref

/// Stands for an object that is costly to keep in memory.
final class ExpensiveObject: DefaultDescribed {
    let data: String

    init(_ data: String) {
        self.data = data
    }
}

func runWeakRef() {
    var obj: ExpensiveObject? = ExpensiveObject("large data")
    let weakRef = WeakReference(obj!)

    print(describe(weakRef()))

    obj = nil
    print(describe(weakRef()))

    swiftNote(
        "nothing differs: `obj = nil` frees the object at once (Swift releases on the last strong "
            + "reference, like CPython's refcount), so `weakRef()` returns nil straight away, for any "
            + "class; Swift's own print omits the address, so the tour prints CPython's repr shape.")
}
