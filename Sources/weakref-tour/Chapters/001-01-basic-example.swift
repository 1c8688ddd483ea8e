import Weakref

/// An empty class, as in the tutorial.
final class MyClass: DefaultDescribed {}

func runBasicExample() {
    let obj = MyClass()
    let weakRef = WeakReference(obj)

    withExtendedLifetime(obj) {
        print(describe(weakRef()))
    }

    swiftNote(
        "nothing differs: `weakRef()` returns `MyClass?`; the tour keeps `obj` alive while reading "
            + "(`withExtendedLifetime`), because a Swift local may be freed after its last use, where "
            + "the Python global lives to the end.")
}
