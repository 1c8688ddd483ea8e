/// Operations on the whole table, common to all three collections.
extension _WeakTable {
    /// One live entry, as handed out by snapshots and pops.
    typealias Element = (object: Object, key: LookupKey, payload: Payload)

    /// The live entries in insertion order, with strong references to their objects.
    ///
    /// - Complexity: O(*n*), one allocation.
    func snapshot() -> [Element] {
        lock.withLock {
            var result: [Element] = []
            result.reserveCapacity(storedCount)
            for slot in firstCandidate..<entries.count {
                // A loaded object goes into the result, so nothing is released under the lock.
                guard let entry = entries[slot], let object = entry.object else { continue }
                result.append((object, entry.lookupKey, entry.payload))
            }
            return result
        }
    }

    /// The live objects in insertion order.
    ///
    /// - Complexity: O(*n*), one allocation.
    func objects() -> [Object] {
        lock.withLock {
            var result: [Object] = []
            result.reserveCapacity(storedCount)
            for slot in firstCandidate..<entries.count {
                guard let entry = entries[slot], let object = entry.object else { continue }
                result.append(object)
            }
            return result
        }
    }

    /// The number of live entries.
    ///
    /// - Complexity: O(1) when every stored object is in the prompt tier; otherwise O(*n*), since dead
    ///   collected-tier entries are purged first.
    func liveCount() -> Int {
        var garbage = _Garbage()
        let count = lock.withLock { () -> Int in
            if collectedCount > 0 { purgeLocked(into: &garbage) }
            return storedCount
        }
        garbage.release()
        return count
    }

    /// Removes and returns the oldest (`fromFront`) or newest live entry, discarding dead ones met.
    ///
    /// - Complexity: O(1) amortized.
    func pop(fromFront: Bool) -> Element? {
        var garbage = _Garbage()
        let element = lock.withLock { () -> Element? in
            var found: Element?
            while found == nil, storedCount > 0 {
                let slot = fromFront ? firstCandidate : entries.count - 1
                guard slot < entries.count, let removed = tombstoneLocked(slot: slot) else { break }
                garbage.entries.append(removed)
                if let object = removed.object {
                    found = (object, removed.lookupKey, removed.payload)
                }
                // Keep the last slot live so that the next pop from the back finds an entry.
                while let last = entries.last, last == nil { entries.removeLast() }
            }
            trimLocked()
            return found
        }
        garbage.release()
        return element
    }

    /// Removes every entry.
    ///
    /// - Complexity: O(*n*).
    func removeAll() {
        var garbage = _Garbage()
        let (oldEntries, oldIndex) = lock.withLock { () -> ([Entry?], [LookupKey: Int]) in
            let moved = (entries, index)
            entries = []
            index = [:]
            storedCount = 0
            collectedCount = 0
            firstCandidate = 0
            purgeThreshold = _WeakTable.minimumPurgeThreshold
            return moved
        }
        garbage.entries = oldEntries.compactMap { $0 }
        garbage.release()
        _ = oldIndex
    }

    /// The size of the entry array, tombstones included (for tests of the memory bound).
    var storageCount: Int { lock.withLock { entries.count } }
}

extension _WeakTable: _Purgeable {
    func purgeDeadEntries() -> Int {
        var garbage = _Garbage()
        let removed = lock.withLock { purgeLocked(into: &garbage) }
        garbage.release()
        return removed
    }
}
