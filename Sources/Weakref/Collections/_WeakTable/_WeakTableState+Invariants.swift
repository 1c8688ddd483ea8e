extension _WeakTableState {
    /// Traps if the storage is inconsistent: the index and the entries disagree, a stored entry is not
    /// reachable from the index, a prompt-tier observer does not know its entry's slot, the counts do
    /// not match the entries, the order bookkeeping is off, an unused slot is marked occupied, or
    /// tombstones exceed the compaction bound; or, in a table that files entries by object, the object
    /// index and the entries registered inline disagree. Called with the lock held after every mutation
    /// in debug builds (``_WeakTable/withState(keepingAlive:body:)``); compiled out of optimized builds.
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
            precondition(
                indexesObjects || objectIndex.count == 0, "an object index in a table keyed by objects")
            precondition(
                objectIndex.count * 4 <= objectIndex.bucketCount * 3,
                "the object index is more than three quarters full")
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
            var indexedByObject = 0
            for slot in 0..<slotCount where storage.isOccupied(slot) {
                let entry = storage[slot]
                precondition(slot >= firstCandidate, "a stored entry lies before the first candidate")
                precondition(
                    self.slot(for: entry.pointee.lookupKey) == slot,
                    "a stored entry is not reachable from the index")
                stored += 1
                switch entry.pointee.registration {
                case .collected: collected += 1
                case .observer(let observer):
                    precondition(observer.slot == slot, "a prompt-tier observer does not know its slot")
                case .inline:
                    let identity = entry.pointee.registration.inlineIdentity.unsafelyUnwrapped
                    precondition(
                        inlineRegistration != nil, "an entry registered inline in a table that cannot")
                    if Self.isKeyedByObject {
                        precondition(
                            Self.identity(ofAddressKey: entry.pointee.lookupKey) == identity,
                            "an entry registered inline on another object than its key's")
                    } else {
                        indexedByObject += 1
                        precondition(
                            objectIndex.slot(forHash: Self.objectHash(identity)) { $0 == slot } == slot,
                            "an entry registered inline is not filed under its object")
                    }
                }
            }
            precondition(stored == storedCount, "stored count does not match the entries")
            precondition(collected == collectedCount, "collected count does not match the entries")
            precondition(
                indexedByObject == objectIndex.count,
                "the object index and the inline entries differ in number")
            objectIndex.forEach { slot, tag in
                precondition(
                    slot < slotCount && storage.isOccupied(slot), "the object index points to a tombstone")
                let identity = indexedIdentity(at: slot)
                precondition(identity != nil, "the object index points to an entry not registered inline")
                precondition(
                    _SlotIndex.tag(of: Self.objectHash(identity.unsafelyUnwrapped)) == tag,
                    "the object index files a slot under another object's hash")
            }
            index.forEach { slot, tag in
                precondition(slot < slotCount && storage.isOccupied(slot), "the index points to a tombstone")
                precondition(
                    _SlotIndex.tag(of: Self.hash(storage[slot].pointee.lookupKey)) == tag,
                    "the index files a slot under another key's hash")
            }
        #endif
    }
}
