import Weakref

extension WeakKeyDictionary {
    /// For each entry whose value strongly reaches its own key, the shortest chain of strong references
    /// from the value to the key — the leak every weak-keyed map without a garbage collector has
    /// (Python's, Java's, Rust's; only collectors with ephemerons, like JavaScript's `WeakMap`, avoid
    /// it): such a key can never die, so its entry never leaves.
    ///
    /// ```swift
    /// final class Document {}
    /// struct Metadata { let owner: Document }
    /// let metadata = WeakKeyDictionary<Document, Metadata>()
    /// let report = Document()
    /// metadata[report] = Metadata(owner: report)
    /// for path in metadata.keyRetentionReport() {
    ///     print(path)  // Metadata.owner → Document
    /// }
    /// ```
    ///
    /// Each path starts at the value (named by its type) and ends at the key. It walks a snapshot of
    /// the live entries; run it while no other thread mutates the values.
    ///
    /// - Complexity: O(*n* · (*V* + *E*)) for *n* entries and the graphs reachable from their values.
    public func keyRetentionReport(using finder: RetainCycleFinder = RetainCycleFinder()) -> [ReferencePath] {
        var paths: [ReferencePath] = []
        for (key, value) in self {
            if let path = finder.path(from: value, to: key) {
                paths.append(path)
            }
        }
        return paths
    }

    /// The keys whose own values keep them alive (see ``keyRetentionReport(using:)``), in the
    /// dictionary's order.
    ///
    /// ```swift
    /// #expect(metadata.retainedKeys().isEmpty)
    /// ```
    ///
    /// - Complexity: O(*n* · (*V* + *E*)) for *n* entries and the graphs reachable from their values.
    public func retainedKeys(using finder: RetainCycleFinder = RetainCycleFinder()) -> [Key] {
        var keys: [Key] = []
        for (key, value) in self where finder.path(from: value, to: key) != nil {
            keys.append(key)
        }
        return keys
    }
}
