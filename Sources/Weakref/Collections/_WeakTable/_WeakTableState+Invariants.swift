extension _WeakTableState {
    /// The largest table whose every entry ``_checkInvariants()`` visits. Debug builds check after every
    /// mutation; a full walk of a larger table would make bulk tests quadratic, so above this size only
    /// the constant-time invariants are checked.
    @inlinable
    static var fullInvariantCheckLimit: Int { 1024 }

    /// Traps if the storage is inconsistent: the index and the entries disagree, a stored entry is not
    /// reachable from the index, the counts do not match the entries, the order bookkeeping is off, or
    /// tombstones exceed the compaction bound. Called with the lock held after every mutation in debug
    /// builds (``_WeakTable/withState(_:)``); compiled out of optimized builds.
    ///
    /// Liveness is not checked: a dead collected-tier entry legitimately stays until a purge.
    @inlinable
    func _checkInvariants() {
        #if DEBUG
            precondition(storedCount >= 0 && storedCount <= entries.count, "stored count out of range")
            precondition(collectedCount >= 0 && collectedCount <= storedCount, "collected count out of range")
            precondition(index.count == storedCount, "index and stored entries differ in number")
            precondition(
                firstCandidate >= 0 && firstCandidate <= entries.count, "first candidate out of range")
            precondition(entries.last.map { $0 != nil } ?? true, "a trailing tombstone was not trimmed")
            precondition(
                entries.count - storedCount <= Swift.max(Self.compactionSlack, storedCount),
                "tombstones outnumber stored entries beyond the compaction bound")
            guard entries.count <= Self.fullInvariantCheckLimit else { return }
            var stored = 0
            var collected = 0
            for slot in entries.indices {
                guard let entry = entries[slot] else { continue }
                precondition(slot >= firstCandidate, "a stored entry lies before the first candidate")
                precondition(entry.slot == slot, "an entry does not know its slot")
                precondition(index[entry.lookupKey] == slot, "a stored entry is not reachable from the index")
                stored += 1
                if !entry.isPrompt { collected += 1 }
            }
            precondition(stored == storedCount, "stored count does not match the entries")
            precondition(collected == collectedCount, "collected count does not match the entries")
            for (key, slot) in index {
                precondition(slot < entries.count, "the index points past the entries")
                precondition(entries[slot]?.lookupKey == key, "the index points to another key's slot")
            }
        #endif
    }
}
