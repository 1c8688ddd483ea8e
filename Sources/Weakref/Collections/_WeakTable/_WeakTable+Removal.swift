/// Removals of more than one keyed entry, common to all three collections: pops and `removeAll`.
extension _WeakTable {
    /// Removes and returns the oldest (`fromFront`) or newest live entry, discarding dead ones met.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func pop(fromFront: Bool) -> Element? {
        withState { state, garbage in
            var found: Element?
            while found == nil, state.storedCount > 0 {
                let slot = fromFront ? state.firstCandidate : state.storage.slotCount - 1
                guard slot < state.storage.slotCount, state.storage.isOccupied(slot) else { break }
                // The loaded object, key and payload leave with the result; the entry's own go into the bag.
                let object = state.storage.object(at: slot)
                let removed = state.tombstone(slot: slot)
                if let object {
                    found = (object, removed.lookupKey, removed.payload)
                } else {
                    state.reportDeath(of: removed, into: &garbage)
                }
                state.dispose(removed, into: &garbage)
                // Keep the last slot live so that the next pop from the back finds an entry.
                state.storage.dropTrailingTombstones()
            }
            state.trim()
            return found
        }
    }

    /// Removes every entry.
    ///
    /// - Complexity: O(*n*).
    @inlinable
    func removeAll() {
        withState { state, garbage in
            for slot in state.firstCandidate..<state.storage.slotCount where state.storage.isOccupied(slot) {
                // Entries of objects already dead leave by their deaths, which subscribers are told of.
                let died = state.deathSubscribers != nil && !state.isLive(slot, keepingLoadsIn: &garbage)
                let removed = state.takeEntry(slot)
                if died { state.reportDeath(of: removed, into: &garbage) }
                // Prompt-tier observers are unregistered from their objects' records after unlocking.
                state.dispose(removed, into: &garbage)
            }
            state.index.removeAll(retainingBucketsUpTo: State.retainedEmptyBucketCount)
            state.objectIndex.removeAll(retainingBucketsUpTo: State.retainedEmptyBucketCount)
            state.storage.removeAll(retainingCapacityUpTo: State.retainedEmptyCapacity)
            state.storedCount = 0
            state.collectedCount = 0
            state.firstCandidate = 0
            state.purgeThreshold = State.minimumPurgeThreshold
        }
    }
}
