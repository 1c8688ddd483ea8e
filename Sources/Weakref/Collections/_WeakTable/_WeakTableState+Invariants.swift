extension _WeakTableState {
    /// Traps if the storage is inconsistent: the index and the entries disagree, a stored entry is not
    /// reachable from the index, a prompt-tier observer does not know its entry's slot, the counts do
    /// not match the entries, the order bookkeeping is off, an unused slot is marked occupied, or
    /// tombstones exceed the compaction bound. Called with the lock held after every mutation in debug
    /// builds (``_WeakTable/withState(keepingAlive:body:)``); compiled out of optimized builds.
    ///
    /// Liveness is not checked: a dead collected-tier entry legitimately stays until a purge.
    @inlinable
    func _checkInvariants() {
        #if DEBUG
            let slotCount = storage.slotCount
            precondition(slotCount >= 0 && slotCount <= storage.capacity, "slot count out of range")
            precondition(storedCount >= 0 && storedCount <= slotCount, "stored count out of range")
            precondition(collectedCount >= 0 && collectedCount <= storedCount, "collected count out of range")
            precondition(index.count == storedCount, "index and stored entries differ in number")
            precondition(
                index.count * 4 <= index.bucketCount * 3, "the index is more than three quarters full")
            precondition(firstCandidate >= 0 && firstCandidate <= slotCount, "first candidate out of range")
            precondition(
                slotCount == 0 || storage.isOccupied(slotCount - 1), "a trailing tombstone was not trimmed")
            precondition(
                slotCount - storedCount <= Swift.max(Self.compactionSlack, storedCount),
                "tombstones outnumber stored entries beyond the compaction bound")
            // The walk, only sometimes for a large table (``_InvariantWalks``): bulk tests stay linear.
            guard _InvariantWalks.walksWhole(size: storage.capacity) else { return }
            for slot in slotCount..<storage.capacity {
                precondition(!storage.isOccupied(slot), "an unused slot is marked occupied")
            }
            var stored = 0
            var collected = 0
            for slot in 0..<slotCount where storage.isOccupied(slot) {
                let entry = storage[slot]
                precondition(slot >= firstCandidate, "a stored entry lies before the first candidate")
                precondition(
                    self.slot(for: entry.pointee.lookupKey) == slot,
                    "a stored entry is not reachable from the index")
                stored += 1
                if let observer = entry.pointee.observer {
                    precondition(
                        isInlineMarker(observer) || observer.slot == slot,
                        "a prompt-tier observer does not know its slot")
                } else {
                    collected += 1
                }
            }
            precondition(stored == storedCount, "stored count does not match the entries")
            precondition(collected == collectedCount, "collected count does not match the entries")
            index.forEach { slot, tag in
                precondition(slot < slotCount && storage.isOccupied(slot), "the index points to a tombstone")
                precondition(
                    _SlotIndex.tag(of: Self.hash(storage[slot].pointee.lookupKey)) == tag,
                    "the index files a slot under another key's hash")
            }
        #endif
    }
}
