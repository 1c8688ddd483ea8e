extension _WeakTableEntry where LookupKey == ObjectIdentifier {
    /// Whether this entry, found under `key`, stands for the live object at that address, which the
    /// caller holds strongly. Call with the table's lock held.
    ///
    /// A prompt-tier entry leaves the table, under its lock, before its object's memory is freed: if one
    /// is stored under the caller's address, it is the caller's object's entry, and it is live unless
    /// that object is deinitializing (the caller is its `deinit`). No weak load is needed. A
    /// collected-tier entry may be a dead object's leftover at a reused address: its weak reference is
    /// loaded and compared, and the loaded reference goes into the bag.
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    func standsForLiveObject<Discarded>(
        at key: ObjectIdentifier, keepingLoadsIn garbage: inout _Garbage<Discarded>
    ) -> Bool {
        if isPrompt { return !_isDeinitializing(key) }
        return garbage.isLive(object, at: key)
    }
}
