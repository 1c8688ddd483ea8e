import Weakref

/// The tutorial's hand-rolled cache: a plain dictionary of weak references (file-private, as the
/// name is generic).
private final class Cache {
    private var cache: [String: WeakReference<MyClass>] = [:]

    func add(_ key: String, _ obj: MyClass) {
        cache[key] = WeakReference(obj)
    }

    func get(_ key: String) -> MyClass? {
        cache[key]?()
    }

    /// The number of stored references, dead ones included.
    var storedCount: Int { cache.count }
}

func runRefCache() {
    let cache = Cache()
    let data = MyClass()
    cache.add("data_key", data)

    // Later in the code.
    let retrievedData = cache.get("data_key")

    section("the same object comes back")
    withExtendedLifetime(data) {
        print("retrievedData === data : \(retrievedData === data)")
    }

    section("a dead reference stays in the dictionary")
    var other: MyClass? = MyClass()
    cache.add("other_key", other!)
    _ = other
    other = nil
    print("cache.get(\"other_key\") : \(describe(cache.get("other_key")))")
    print("stored references : \(cache.storedCount)")
    print("Collector.collect():")
    Collector.collect()
    print("stored references : \(cache.storedCount)")

    section("a WeakValueDictionary drops the entry instead")
    let weakCache = WeakValueDictionary<String, MyClass>()
    weakCache["data_key"] = data
    var another: MyClass? = MyClass()
    weakCache["other_key"] = another
    _ = another
    another = nil
    withExtendedLifetime(data) {
        print("weakCache.keys : \(weakCache.keys)")
        print("weakCache.count : \(weakCache.count)")
    }

    swiftNote(
        "nothing differs: the tutorial's program prints nothing, and the lines above show what its "
            + "cache does: `get` returns `cache[key]?()`, nil for a missing key and for a dead object "
            + "alike, and, as in Python, "
            + "nothing ever removes a dead reference from the plain dictionary (not even a collection); "
            + "a `WeakValueDictionary` does that for you.")
}
