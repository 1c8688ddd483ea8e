extension WeakValueDictionary where Key: Sendable {
    /// An asynchronous sequence of the keys whose values were deallocated, from now on.
    ///
    /// Log cache evictions, or fetch again what a cache lost:
    ///
    /// ```swift
    /// let images = WeakValueDictionary<URL, Image>()
    /// Task {
    ///     for await url in images.keysOfDeallocatedValues() {
    ///         print("evicted", url)
    ///     }
    /// }
    /// ```
    ///
    /// Each call is a subscription of its own, starting at the call: it sees every entry that leaves
    /// because its value died afterwards, exactly once — never entries removed or replaced explicitly
    /// (`removeValue(forKey:)`, `removeAll()`, pops). A ``DeinitObservable`` value's key arrives at the
    /// value's deinit; any other value's at the next collection, or when an operation meets its dead
    /// entry first (<doc:TwoTiers>). Keys are delivered outside the dictionary's lock, so the consumer
    /// may call any API of the dictionary.
    ///
    /// The subscription ends, and the dictionary holds nothing of it, when the consuming task is
    /// cancelled or the sequence and its iterators are dropped. When the dictionary is deallocated the
    /// sequence finishes.
    ///
    /// - Parameter bufferingPolicy: What to keep while the consumer lags behind: by default the newest
    ///   1024 keys.
    /// - Complexity: O(*s*) to subscribe, where *s* is the number of subscriptions; with none, the
    ///   dictionary's deaths cost one more load each.
    public func keysOfDeallocatedValues(
        bufferingPolicy: AsyncStream<Key>.Continuation.BufferingPolicy = .bufferingNewest(1024)
    ) -> AsyncStream<Key> {
        _table.deaths(bufferingPolicy: bufferingPolicy) { key, _ in key }
    }
}
