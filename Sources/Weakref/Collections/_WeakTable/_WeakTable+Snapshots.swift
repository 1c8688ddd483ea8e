/// Snapshots of the live entries, common to all three collections: what iteration, `allObjects`,
/// `keys`, `values` and comparisons read.
extension _WeakTable {
    /// One live entry, as handed out by snapshots and pops.
    @usableFromInline
    typealias Element = (object: Object, key: LookupKey, payload: Payload)

    /// The live entries in insertion order, transformed by `transform` (which must not run user code:
    /// it is called with the lock held).
    ///
    /// `transform` must keep the object in its result. The weak load that skips dead entries yields a
    /// strong reference, which must leave with the result (released by the caller after unlocking).
    /// For keys or payloads alone, map the full ``snapshot()`` after it returns.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func snapshot<Result>(_ transform: (Object, LookupKey, Payload) -> Result) -> [Result] {
        withState { state, _ in
            var result: [Result] = []
            result.reserveCapacity(state.storedCount)
            for slot in state.firstCandidate..<state.storage.slotCount {
                // A loaded object goes into the result, so nothing is released under the lock.
                guard state.storage.isOccupied(slot) else { continue }
                guard let object = state.storage.object(at: slot) else { continue }
                let entry = state.storage[slot]
                result.append(transform(object, entry.pointee.lookupKey, entry.pointee.payload))
            }
            return result
        }
    }

    /// The live entries in insertion order, transformed by `transform` (called with the lock held), in
    /// a buffer that an iterator empties by moving.
    ///
    /// - Complexity: O(*n*), one allocation.
    @inlinable
    func snapshotBuffer<Result>(
        _ transform: (Object, LookupKey, Payload) -> Result
    ) -> _SnapshotBuffer<Result> {
        withState { state, _ in
            // At most `storedCount` entries are live: the buffer has room for all of them.
            let buffer = _SnapshotBuffer<Result>.make(capacity: state.storedCount)
            buffer.fill { elements in
                var count = 0
                for slot in state.firstCandidate..<state.storage.slotCount
                where state.storage.isOccupied(slot) {
                    // A loaded object goes into the buffer, so nothing is released under the lock.
                    guard let object = state.storage.object(at: slot) else { continue }
                    let entry = state.storage[slot]
                    (elements + count).initialize(
                        to: transform(object, entry.pointee.lookupKey, entry.pointee.payload))
                    count += 1
                }
                return count
            }
            return buffer
        }
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
}
