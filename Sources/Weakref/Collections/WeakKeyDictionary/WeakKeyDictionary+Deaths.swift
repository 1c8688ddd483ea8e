extension WeakKeyDictionary where Value: Sendable {
    /// An asynchronous sequence of the values whose keys were deallocated, from now on.
    ///
    /// Clean up what was attached to objects you do not own — close the file handle kept for a dead
    /// document:
    ///
    /// ```swift
    /// let handles = WeakKeyDictionary<Document, FileHandle>()
    /// Task {
    ///     for await orphan in handles.valuesOfDeallocatedKeys() {
    ///         try? orphan.close()
    ///     }
    /// }
    /// ```
    ///
    /// Each call is a subscription of its own, starting at the call: it sees every entry that leaves
    /// because its key died afterwards, exactly once — never entries removed or replaced explicitly
    /// (`removeValue(forKey:)`, `removeAll()`, pops). A ``DeinitObservable`` key's value arrives at the
    /// key's deinit; any other key's at the next collection, or when an operation meets its dead
    /// entry first (<doc:TwoTiers>). Values are delivered outside the dictionary's lock, so the
    /// consumer may call any API of the dictionary.
    ///
    /// The subscription ends, and the dictionary holds nothing of it, when the consuming task is
    /// cancelled or the sequence and its iterators are dropped. When the dictionary is deallocated the
    /// sequence finishes.
    ///
    /// - Parameter bufferingPolicy: What to keep while the consumer lags behind: by default the newest
    ///   1024 values (an older value is dropped, and released, when a newer one arrives).
    /// - Complexity: O(*s*) to subscribe, where *s* is the number of subscriptions; with none, the
    ///   dictionary's deaths cost one more load each.
    public func valuesOfDeallocatedKeys(
        bufferingPolicy: AsyncStream<Value>.Continuation.BufferingPolicy = .bufferingNewest(1024)
    ) -> AsyncStream<Value> {
        _table.deaths(bufferingPolicy: bufferingPolicy) { _, value in value }
    }
}
