/// Operations keyed by an ordinary hashable key (``WeakValueDictionary``): an entry matches if its key
/// is equal and its object is alive; a dead object's entry is absent.
extension _WeakTable where Payload == Void {
    /// The live object stored under `key`.
    ///
    /// - Complexity: O(1).
    @inlinable
    func object(forKey key: LookupKey) -> Object? {
        withState(keepingAlive: key) { state, _ in
            // The loaded object leaves with the result and is released by the caller, after unlocking.
            guard let slot = state.index[key] else { return nil }
            return state.entries[slot]?.object
        }
    }

    /// Stores `object` under `key`, keeping the position of a key whose object is alive.
    ///
    /// - Parameter replace: Whether a live object already stored is replaced (`updateValue`) or kept
    ///   (`setdefault`). A dead object's entry is always removed and the new one appended.
    /// - Returns: The live object that was stored before (replaced or kept), if any.
    /// - Complexity: O(1) amortized.
    @inlinable
    func store(_ object: Object, forKey key: LookupKey, replace: Bool) -> Object? {
        withState(keepingAlive: object, key) { state, garbage in
            state.purgeIfDue(into: &garbage)
            // The loaded object leaves with the result and is released by the caller, after unlocking.
            var current: Object?
            if let slot = state.slotOrReservation(for: key) {
                current = state.entries[slot]?.object
                if current == nil {
                    // The stored object died (collected tier, not purged yet): the key is absent, so
                    // this is a new entry at the end, exactly as after the dead entry is purged (and as
                    // for the prompt tier, whose dead entries leave at once).
                    if let removed = state.tombstone(slot: slot) {
                        state.reportDeath(of: removed, into: &garbage)
                        garbage.append(removed: removed)
                    }
                    state.append(object, key: key, payload: (), into: &garbage)
                    state.trim()
                } else if replace, current !== object {
                    if let entry = state.makeEntry(
                        object, key: key, payload: (), slot: slot, into: &garbage)
                    {
                        state.replace(slot: slot, with: entry, into: &garbage)
                    } else if let removed = state.tombstone(slot: slot) {
                        // `object` is deinitializing: storing it is storing nothing.
                        garbage.append(removed: removed)
                        state.trim()
                    }
                }
            } else {
                state.appendReserved(object, key: key, payload: (), into: &garbage)
            }
            return current
        }
    }

    /// Removes the entry under `key` and returns its object if it was alive.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func removeObject(forKey key: LookupKey) -> Object? {
        withState(keepingAlive: key) { state, garbage in
            guard let slot = state.index[key], let removed = state.tombstone(slot: slot) else {
                return nil
            }
            state.trim()
            garbage.append(removed: removed)
            // The loaded object leaves with the result and is released by the caller, after unlocking.
            let object = removed.object
            // A dead object's entry leaving is its death, not a removal of a live value.
            if object == nil { state.reportDeath(of: removed, into: &garbage) }
            return object
        }
    }

    /// Whether `key` has a live object.
    ///
    /// - Complexity: O(1).
    @inlinable
    func containsKey(_ key: LookupKey) -> Bool {
        object(forKey: key) != nil
    }
}
