import Weakref

/// The tutorial's `Data` (file-private, so that it does not hide Foundation's `Data` elsewhere). Prompt
/// tier: it leaves the cache inside `obj = nil`.
private final class Data: CustomStringConvertible, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }

    var description: String { "Data(\(name))" }
}

/// Python's `dict(cache)`: the live entries in a plain dictionary.
private func contents(of cache: WeakValueDictionary<String, Data>) -> [String: Data] {
    Dictionary(uniqueKeysWithValues: cache.map { ($0.key, $0.value) })
}

func runWeakValueCache() {
    let cache = WeakValueDictionary<String, Data>()

    var obj: Data? = Data("expensive_result")
    cache["key"] = obj

    print("Before deletion:", contents(of: cache))

    // Drop the strong reference.
    obj = nil

    print("After deletion:", contents(of: cache))

    swiftNote(
        "nothing differs but the rendering: `dict(cache)` becomes a `[String: Data]` of the live "
            + "entries, which Swift prints as `[\"key\": Data(expensive_result)]` and `[:]`; the entry "
            + "leaves inside `obj = nil`, with no collection, as in CPython.")
}
