import Weakref

/// An object worth caching. A plain class (collected tier), so that the collection has work to do.
final class CachedObject: CustomStringConvertible {
    let name: String

    init(_ name: String) {
        self.name = name
    }

    var description: String { "CachedObject(\(name))" }
}

func runExerciseCache() {
    let cache = WeakValueDictionary<String, CachedObject>()

    var first: CachedObject? = CachedObject("first")
    var second: CachedObject? = CachedObject("second")
    let third = CachedObject("third")
    cache["first"] = first
    cache["second"] = second
    cache["third"] = third

    print("Before: \(cache)")
    print("count: \(cache.count)")

    // Drop the strong references to two of them.
    first = nil
    second = nil

    print("After dropping first and second: \(cache)")
    print("count: \(cache.count)")

    // Force collection.
    Collector.collect()

    print("After Collector.collect(): \(cache)")
    print("count: \(cache.count)")
    withExtendedLifetime(third) {}

    swiftNote(
        "the tutorial sets this exercise without a solution, so this is one way to write it; with a "
            + "plain class the two dead entries drop out of every read as soon as `first = nil` and "
            + "`second = nil` run, and `count` reads 1 at once (it purges dead entries before counting); "
            + "`Collector.collect()`, which purges every weak collection, changes nothing visible, just "
            + "as `gc.collect()` would change nothing in CPython, where dropping the last reference "
            + "frees an object at once.")
}
