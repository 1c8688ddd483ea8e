/// Room reserved ahead of insertions, common to all three collections (`reserveCapacity(_:)`).
extension _WeakTable {
    /// Makes room for `minimumCapacity` live entries, so that inserting up to that many grows neither
    /// the entry storage nor the index.
    ///
    /// Growing moves the entries bitwise to new storage, and the index's words to new buckets (by the
    /// hash bits they keep, hashing no key), and frees the old buffers, which releases nothing: nothing
    /// user code owns is released under the lock.
    ///
    /// - Complexity: O(*n*) when the storage grows, otherwise O(1).
    @inlinable
    func reserveCapacity(_ minimumCapacity: Int) {
        withState { state, _ in
            // Tombstones still occupy slots until the next compaction; appends go after them.
            let tombstones = state.storage.slotCount - state.storedCount
            state.storage.reserveCapacity(tombstones + minimumCapacity)
            state.index.reserveCapacity(minimumCapacity)
        }
    }
}
