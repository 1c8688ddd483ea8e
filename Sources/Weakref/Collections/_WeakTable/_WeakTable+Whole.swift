/// Operations on the whole table, common to all three collections.
extension _WeakTable {
    /// One live entry, as handed out by snapshots and pops.
    @usableFromInline
    typealias Element = (object: Object, key: LookupKey, payload: Payload)

    /// The live entries in insertion order, transformed by `transform` (which must not run user code:
    /// it is called with the lock held).
    ///
    /// `transform` must keep the object in its result. The weak load that skips dead entries yields a
    /// strong reference; if another thread dropped its own meanwhile, that load is the last one, and
    /// dropping it here would run the object's deinit under the lock (where a prompt-tier object's
    /// entry removes itself from this table: a deadlock). For keys or payloads alone, map the full
    /// ``snapshot()`` after it returns.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func snapshot<Result>(_ transform: (Object, LookupKey, Payload) -> Result) -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        var result: [Result] = []
        result.reserveCapacity(state.pointee.storedCount)
        let entries = state.pointee.entries
        for slot in state.pointee.firstCandidate..<entries.count {
            // A loaded object goes into the result, so nothing is released under the lock.
            guard let entry = entries[slot], let object = entry.object else { continue }
            result.append(transform(object, entry.lookupKey, entry.payload))
        }
        return result
    }

    /// The live entries in insertion order, transformed by `transform` (called with the lock held), in
    /// a buffer that an iterator empties by moving.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func snapshotBuffer<Result>(
        _ transform: (Object, LookupKey, Payload) -> Result
    ) -> _SnapshotBuffer<Result> {
        lock.lock()
        defer { lock.unlock() }
        let buffer = _SnapshotBuffer<Result>.make(capacity: state.pointee.storedCount)
        for slot in state.pointee.firstCandidate..<state.pointee.entries.count {
            // A loaded object goes into the buffer, so nothing is released under the lock.
            guard let entry = state.pointee.entries[slot], let object = entry.object else { continue }
            buffer.append(transform(object, entry.lookupKey, entry.payload))
        }
        return buffer
    }

    /// The live entries in insertion order.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func snapshot() -> [Element] {
        snapshot { object, key, payload in (object, key, payload) }
    }

    /// The live objects in insertion order.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func objects() -> [Object] {
        snapshot { object, _, _ in object }
    }

    /// The number of live entries.
    ///
    /// - Complexity: O(1) when every stored object is in the prompt tier; otherwise O(*n*), since dead
    ///   collected-tier entries are purged first.
    @inlinable
    func liveCount() -> Int {
        var garbage = _Garbage()
        lock.lock()
        if state.pointee.collectedCount > 0 { state.pointee.purge(into: &garbage) }
        let count = state.pointee.storedCount
        lock.unlock()
        garbage.release()
        return count
    }

    /// Removes and returns the oldest (`fromFront`) or newest live entry, discarding dead ones met.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func pop(fromFront: Bool) -> Element? {
        var garbage = _Garbage()
        lock.lock()
        var found: Element?
        while found == nil, state.pointee.storedCount > 0 {
            let slot = fromFront ? state.pointee.firstCandidate : state.pointee.entries.count - 1
            guard slot < state.pointee.entries.count, let removed = state.pointee.tombstone(slot: slot)
            else { break }
            garbage.append(removed)
            if let object = removed.object {
                found = (object, removed.lookupKey, removed.payload)
            }
            // Keep the last slot live so that the next pop from the back finds an entry.
            while let last = state.pointee.entries.last, last == nil { state.pointee.entries.removeLast() }
        }
        state.pointee.trim()
        lock.unlock()
        garbage.release()
        return found
    }

    /// Removes every entry.
    ///
    /// - Complexity: O(*n*).
    @inlinable
    func removeAll() {
        lock.lock()
        let oldEntries = state.pointee.entries
        let oldIndex = state.pointee.index
        state.pointee.entries = []
        state.pointee.index = [:]
        state.pointee.storedCount = 0
        state.pointee.collectedCount = 0
        state.pointee.firstCandidate = 0
        state.pointee.purgeThreshold = State.minimumPurgeThreshold
        lock.unlock()
        // Released here, outside the lock: unlink prompt-tier entries from their objects' records first.
        for case let entry? in oldEntries where entry.isPrompt { entry.cancel() }
        _ = oldIndex
    }
}
