/// Operations keyed by the object itself (``WeakSet`` and ``WeakKeyDictionary``): an entry matches only
/// if its weak reference yields the very object asked about.
extension _WeakTable where LookupKey == ObjectIdentifier {
    /// Whether `object` is stored.
    ///
    /// - Complexity: O(1).
    @inlinable
    func contains(_ object: Object) -> Bool {
        let key = ObjectIdentifier(object)
        lock.lock()
        defer { lock.unlock() }
        // Yields `object` itself (which the caller holds) or nil, so no release can run a deinit.
        guard let slot = state.pointee.index[key], let entry = state.pointee.entries[slot] else {
            return false
        }
        return _isLiveObject(entry.object, at: key)
    }

    /// The payload stored for `object`.
    ///
    /// - Complexity: O(1).
    @inlinable
    func payload(for object: Object) -> Payload? {
        let key = ObjectIdentifier(object)
        lock.lock()
        defer { lock.unlock() }
        guard let slot = state.pointee.index[key], let entry = state.pointee.entries[slot],
            _isLiveObject(entry.object, at: key)
        else { return nil }
        return entry.payload
    }

    /// Stores `payload` for `object`.
    ///
    /// - Parameter replace: Whether an existing entry's payload is replaced (`updateValue`) or kept
    ///   (`insert`, `setdefault`).
    /// - Returns: Whether a new entry was made, and the payload that was there before (replaced or kept).
    /// - Complexity: O(1) amortized.
    @inlinable
    func store(
        _ object: Object, payload: Payload, replace: Bool
    ) -> (inserted: Bool, previous: Payload?) {
        let key = ObjectIdentifier(object)
        var garbage = _Garbage()
        lock.lock()
        let result: (inserted: Bool, previous: Payload?)
        state.pointee.purgeIfDue(into: &garbage)
        guard let slot = state.pointee.slotOrReservation(for: key) else {
            let entry = state.pointee.appendReserved(object, key: key, payload: payload, into: &garbage)
            lock.unlock()
            garbage.release()
            return (entry != nil, nil)
        }
        if let entry = state.pointee.entries[slot], _isLiveObject(entry.object, at: key) {
            let previous = entry.payload
            if replace { entry.payload = payload }
            // The replaced payload leaves with the result and is released by the caller.
            result = (false, previous)
        } else {
            if let stale = state.pointee.tombstone(slot: slot) {
                // A dead object lived at this address; its entry is absent, whatever its state.
                garbage.append(stale)
            }
            let entry = state.pointee.append(object, key: key, payload: payload, into: &garbage)
            state.pointee.trim()
            result = (entry != nil, nil)
        }
        lock.unlock()
        garbage.release()
        return result
    }

    /// Removes `object`'s entry and returns its payload.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func remove(_ object: Object) -> Payload? {
        let key = ObjectIdentifier(object)
        var garbage = _Garbage()
        lock.lock()
        var payload: Payload?
        if let slot = state.pointee.index[key], let removed = state.pointee.tombstone(slot: slot) {
            // Either it is `object` or a dead object's leftover at the same address: both go.
            if _isLiveObject(removed.object, at: key) { payload = removed.payload }
            garbage.append(removed)
            state.pointee.trim()
        }
        lock.unlock()
        garbage.release()
        return payload
    }
}
