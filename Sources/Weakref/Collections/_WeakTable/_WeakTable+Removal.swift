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
                let slot = fromFront ? state.firstCandidate : state.entries.count - 1
                guard slot < state.entries.count, let removed = state.tombstone(slot: slot) else { break }
                // The loaded object, key and payload leave with the result; the entry goes into the bag.
                if let object = removed.object {
                    found = (object, removed.lookupKey, removed.payload)
                } else {
                    state.reportDeath(of: removed, into: &garbage)
                }
                garbage.append(removed: removed)
                // Keep the last slot live so that the next pop from the back finds an entry.
                while let last = state.entries.last, last == nil { state.entries.removeLast() }
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
            // The old storage goes into the bag whole; its prompt-tier entries are unregistered from
            // their objects' records after unlocking.
            for case let entry? in state.entries[state.firstCandidate...] where entry.isPrompt {
                garbage.append(removed: entry)
            }
            // Entries of objects already dead leave by their deaths, which subscribers are told of.
            if state.deathSubscribers != nil {
                for case let entry? in state.entries[state.firstCandidate...]
                where !entry.isLive(keepingLoadsIn: &garbage) {
                    state.reportDeath(of: entry, into: &garbage)
                }
            }
            garbage.retire(state.entries)
            garbage.retire(state.index)
            state.entries = []
            state.index = [:]
            state.storedCount = 0
            state.collectedCount = 0
            state.firstCandidate = 0
            state.purgeThreshold = State.minimumPurgeThreshold
        }
    }
}
