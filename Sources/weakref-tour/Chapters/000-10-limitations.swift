import Weakref

/// The closest Swift has to Python's `object()`: an instance of an empty class.
final class Object: DefaultDescribed {}

func runLimitations() {
    printCompileError(
        line: 5, column: 5, source: "_ = WeakReference([])", highlighting: 17,
        message: "generic class 'WeakReference' requires that '[Any]' be a class type")

    section("the whole main.swift that message comes from")
    let program = [
        "import Weakref",
        "",
        "// These work",
        "_ = WeakReference(Object())",
        "_ = WeakReference([])  // rejected: Array is a value type",
        "",
        "final class Object {}",
    ]
    for (number, line) in zip(1..., program) {
        print(line.isEmpty ? "\(number) |" : "\(number) | \(line)")
    }

    section("what works: any class instance, even the object() analogue")
    let temporaryRef = WeakReference(Object())
    print("WeakReference(Object()) : \(temporaryRef)  (the temporary is gone after the statement)")
    let object = Object()
    let objectRef = WeakReference(object)
    withExtendedLifetime(object) {
        print("WeakReference(object)   : \(objectRef)")
    }

    swiftNote(
        "there is no runtime TypeError: `WeakReference<Object: AnyObject>` rejects value types (Array, "
            + "Int, String, tuples, structs) at compile time, and accepts every class instance, even an "
            + "empty `final class Object {}`, the analogue of the `object()` that CPython refuses here.")
}
