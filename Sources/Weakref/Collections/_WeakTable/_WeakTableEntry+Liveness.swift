extension _WeakTableEntry {
    /// Whether this entry's object is alive: never true of an object that is deinitializing. Call with
    /// the table's lock held.
    ///
    /// A prompt-tier entry leaves the table, under its lock, before its object's memory is freed, so
    /// its object is in memory and the runtime can say whether a `deinit` is in progress: no weak load.
    /// A collected-tier entry may outlive its object: its weak reference is loaded (it yields the
    /// object it was made for, at `identity`, or `nil`), and the loaded reference goes into the bag.
    ///
    /// For an identity table this is also the identity check of DESIGN §3: an entry found under the
    /// caller's address and alive is the caller's object's own.
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    func isLive<Discarded>(keepingLoadsIn garbage: inout _Garbage<Discarded>) -> Bool {
        if isPrompt { return !_isDeinitializing(identity) }
        return garbage.isLive(object, at: identity)
    }
}
