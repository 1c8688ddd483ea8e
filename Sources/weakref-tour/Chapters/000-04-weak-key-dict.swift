import Weakref

/// An object the program does not own, to which it attaches data. Prompt tier: its entry leaves inside
/// `doc = nil`.
final class Document: DefaultDescribed, DeinitObservable {
    let deinitObservers = DeinitObservers()
}

func runWeakKeyDict() {
    // Ordered pairs, so that the metadata prints in the order written, like Python's dict.
    let metadata = WeakKeyDictionary<Document, KeyValuePairs<String, Any>>()
    var doc: Document? = Document()
    metadata[doc!] = ["views": 100, "modified": true]

    // Access metadata while doc exists.
    print(describe(metadata[doc!]))

    doc = nil  // The document goes, and its metadata entry with it.

    section("right after doc = nil, with no collection")
    print("metadata.count : \(metadata.count)")
    print("metadata : \(metadata)")

    swiftNote(
        "the same line in Swift's rendering (double quotes, `true`): the metadata is a "
            + "`KeyValuePairs<String, Any>` so that it prints in the order written, since a Swift "
            + "`Dictionary` prints its two keys in a per-process random order; the entry leaves inside "
            + "`doc = nil`, as CPython's does at `del doc`.")
}
