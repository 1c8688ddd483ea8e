import Weakref

/// A list that can be weakly referenced: the array inside a class.
final class IntList {
    var items: [Int]

    init(_ items: [Int]) {
        self.items = items
    }
}

func runListTypeError() {
    printCompileError(
        line: 3, column: 5, source: "_ = WeakReference([1, 2, 3])", highlighting: 24,
        message: "generic class 'WeakReference' requires that '[Int]' be a class type")

    section("what works: the array inside a class")
    let list = IntList([1, 2, 3])
    let listRef = WeakReference(list)
    withExtendedLifetime(list) {
        print("WeakReference(list) : \(listRef)")
        print("listRef()?.items : \(describe(listRef()?.items))")
    }

    swiftNote(
        "an Array is a value type, so `WeakReference([1, 2, 3])` is rejected at compile time by the "
            + "`AnyObject` constraint instead of raising TypeError at run time; wrapping the array in a "
            + "class (Swift cannot subclass Array) gives an object that can be weakly referenced.")
}
