/// Operations keyed by an ordinary hashable key (``WeakValueDictionary``): an entry matches if its key
/// is equal and its object is alive; a dead object's entry is absent.
extension _WeakTable where Payload == Void {
    /// The live object stored under `key`.
    ///
    /// - Complexity: O(1).
    @inlinable
    func object(forKey key: LookupKey) -> Object? {
        lock.lock()
        defer { lock.unlock() }
        // The loaded object leaves with the result and is released by the caller, outside the lock.
        guard let slot = state.pointee.index[key] else { return nil }
        return state.pointee.entries[slot]?.object
    }

    /// Stores `object` under `key`, keeping the position of a key whose object is alive.
    ///
    /// - Parameter replace: Whether a live object already stored is replaced (`updateValue`) or kept
    ///   (`setdefault`). A dead object's entry is always removed and the new one appended.
    /// - Returns: The live object that was stored before (replaced or kept), if any.
    /// - Complexity: O(1) amortized.
    @inlinable
    func store(_ object: Object, forKey key: LookupKey, replace: Bool) -> Object? {
        var garbage = _Garbage()
        lock.lock()
        var current: Object?
        state.pointee.purgeIfDue(into: &garbage)
        guard let slot = state.pointee.slotOrReservation(for: key) else {
            state.pointee.appendReserved(object, key: key, payload: (), into: &garbage)
            lock.unlock()
            garbage.release()
            return nil
        }
        if let existing = state.pointee.entries[slot] {
            current = existing.object
            if current == nil {
                // The stored object died (collected tier, not purged yet): the key is absent, so this
                // is a new entry at the end, exactly as after the dead entry is purged (and as for the
                // prompt tier, whose dead entries leave at once).
                if let removed = state.pointee.tombstone(slot: slot) { garbage.append(removed) }
                state.pointee.append(object, key: key, payload: (), into: &garbage)
                state.pointee.trim()
            } else if replace, current !== object {
                if let entry = state.pointee.makeEntry(
                    object, key: key, payload: (), slot: slot, into: &garbage)
                {
                    state.pointee.replace(slot: slot, with: entry, into: &garbage)
                } else if let removed = state.pointee.tombstone(slot: slot) {
                    // `object` is deinitializing: storing it is storing nothing.
                    garbage.append(removed)
                    state.pointee.trim()
                }
            }
        } else {
            state.pointee.append(object, key: key, payload: (), into: &garbage)
            state.pointee.trim()
        }
        lock.unlock()
        garbage.release()
        return current
    }

    /// Removes the entry under `key` and returns its object if it was alive.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func removeObject(forKey key: LookupKey) -> Object? {
        var garbage = _Garbage()
        lock.lock()
        var object: Object?
        if let slot = state.pointee.index[key], let removed = state.pointee.tombstone(slot: slot) {
            object = removed.object
            garbage.append(removed)
            state.pointee.trim()
        }
        lock.unlock()
        garbage.release()
        return object
    }

    /// Whether `key` has a live object.
    ///
    /// - Complexity: O(1).
    @inlinable
    func containsKey(_ key: LookupKey) -> Bool {
        object(forKey: key) != nil
    }
}
