/// Slot bookkeeping. Every method here expects the caller to hold `lock`.
extension _WeakTable {
    /// Creates, checks and (for the prompt tier) registers a new entry for `object` at `slot`.
    ///
    /// - Returns: `nil` when `object` is deinitializing (a weak reference formed in its `deinit` reads
    ///   `nil`): such an object is never stored. The unused entry goes to `garbage`.
    func makeEntryLocked(
        _ object: Object, key: LookupKey, payload: Payload, slot: Int, into garbage: inout _Garbage
    ) -> Entry? {
        let prompt = isPrompt(object)
        let entry = Entry(
            object: object, lookupKey: key, payload: payload, slot: slot, isPrompt: prompt, link: link)
        // The caller holds `object`, so this weak load releases nothing that could run a deinit.
        guard entry.object != nil, !prompt || entry.attach(to: object) else {
            garbage.entries.append(entry)
            return nil
        }
        return entry
    }

    /// Appends a new entry for `object`, purging dead collected-tier entries first when due.
    @discardableResult
    func appendLocked(
        _ object: Object, key: LookupKey, payload: Payload, into garbage: inout _Garbage
    ) -> Entry? {
        if collectedCount > 0, entries.count >= purgeThreshold {
            purgeLocked(into: &garbage)
        }
        guard
            let entry = makeEntryLocked(
                object, key: key, payload: payload, slot: entries.count, into: &garbage)
        else { return nil }
        entries.append(entry)
        index[key] = entry.slot
        storedCount += 1
        if !entry.isPrompt { collectedCount += 1 }
        return entry
    }

    /// Puts `entry` in place of the entry at `slot`, which keeps its position (re-inserting a key keeps
    /// its place in the order). The old entry goes to `garbage`.
    func replaceLocked(slot: Int, with entry: Entry, into garbage: inout _Garbage) {
        guard let old = entries[slot] else { return }
        if !old.isPrompt { collectedCount -= 1 }
        if !entry.isPrompt { collectedCount += 1 }
        entries[slot] = entry
        garbage.entries.append(old)
    }

    /// Turns the entry at `slot` into a tombstone and returns it; the caller decides where it goes.
    /// Call ``trimLocked()`` when done removing.
    @discardableResult
    func tombstoneLocked(slot: Int) -> Entry? {
        guard let entry = entries[slot] else { return nil }
        entries[slot] = nil
        if index[entry.lookupKey] == slot { index[entry.lookupKey] = nil }
        storedCount -= 1
        if !entry.isPrompt { collectedCount -= 1 }
        if slot == firstCandidate {
            while firstCandidate < entries.count, entries[firstCandidate] == nil { firstCandidate += 1 }
        }
        return entry
    }

    /// Drops trailing tombstones, and compacts when tombstones outnumber stored entries.
    func trimLocked() {
        while let last = entries.last, last == nil { entries.removeLast() }
        if storedCount == 0 {
            entries.removeAll(keepingCapacity: entries.capacity <= 64)
            firstCandidate = 0
            return
        }
        let tombstones = entries.count - storedCount
        if tombstones > max(16, storedCount) { compactLocked() }
    }

    /// Moves stored entries to the front, keeping their order, and renumbers their slots.
    func compactLocked() {
        var write = 0
        for read in entries.indices {
            guard let entry = entries[read] else { continue }
            if write != read {
                entries[write] = entry
                entry.slot = write
                index[entry.lookupKey] = write
            }
            write += 1
        }
        entries.removeLast(entries.count - write)
        firstCandidate = 0
    }

    /// Removes every dead collected-tier entry (prompt-tier entries remove themselves).
    ///
    /// - Returns: How many entries it removed.
    @discardableResult
    func purgeLocked(into garbage: inout _Garbage) -> Int {
        var removed = 0
        if collectedCount > 0 {
            garbage.objects.reserveCapacity(collectedCount)
            for slot in firstCandidate..<entries.count {
                guard let entry = entries[slot], !entry.isPrompt else { continue }
                if let object = entry.object {
                    // Released after unlocking: the last reference may have gone meanwhile.
                    garbage.objects.append(object)
                } else if let dead = tombstoneLocked(slot: slot) {
                    garbage.entries.append(dead)
                    removed += 1
                }
            }
            trimLocked()
        }
        purgeThreshold = max(_WeakTable.minimumPurgeThreshold, entries.count * 2)
        return removed
    }

    /// Removes `entry` if it is still stored; called at the prompt-tier death of its object.
    func removeDeadEntry(_ entry: Entry) {
        lock.withLock {
            let slot = entry.slot
            guard slot < entries.count, entries[slot] === entry else { return }
            // The delivery loop still holds `entry`, so nothing is released here.
            tombstoneLocked(slot: slot)
            trimLocked()
        }
    }
}
