/// Operations keyed by an ordinary hashable key (``WeakValueDictionary``): an entry matches if its key
/// is equal and its object is alive; a dead object's entry is absent.
extension _WeakTable where Payload == Void {
    /// The live object stored under `key`.
    ///
    /// - Complexity: O(1).
    @inlinable
    func object(forKey key: LookupKey) -> Object? {
        withState(keepingAlive: key) { state, _ in
            // The object is loaded in place and leaves with the result, released by the caller, after
            // unlocking.
            guard let slot = state.slot(for: key) else { return nil }
            return state.storage.object(at: slot)
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
            let hash = State.hash(key)
            if let slot = state.slotOrReservation(for: key, hash: hash) {
                current = state.storage.object(at: slot)
                if current == nil {
                    // The stored object died (collected tier, not purged yet): the key is absent, so
                    // this is a new entry at the end, exactly as after the dead entry is purged (and as
                    // for the prompt tier, whose dead entries leave at once).
                    let removed = state.tombstone(slot: slot, hash: hash)
                    state.reportDeath(of: removed, into: &garbage)
                    state.dispose(removed, into: &garbage)
                    state.append(object, key: key, hash: hash, payload: (), into: &garbage)
                    state.trim()
                } else if replace, current !== object {
                    guard case .admitted(let registration) = state.admit(object, at: slot, into: &garbage)
                    else {
                        // `object` is deinitializing: storing it is storing nothing.
                        state.dispose(state.tombstone(slot: slot, hash: hash), into: &garbage)
                        state.trim()
                        return current
                    }
                    state.replace(
                        slot: slot, with: object, key: key, payload: (), registration: registration,
                        into: &garbage)
                }
            } else {
                state.appendReserved(object, key: key, hash: hash, payload: (), into: &garbage)
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
            let hash = State.hash(key)
            guard let slot = state.slot(for: key, hash: hash) else { return nil }
            // The loaded object leaves with the result and is released by the caller, after unlocking.
            let object = state.storage.object(at: slot)
            let removed = state.tombstone(slot: slot, hash: hash)
            state.trim()
            // A dead object's entry leaving is its death, not a removal of a live value.
            if object == nil { state.reportDeath(of: removed, into: &garbage) }
            state.dispose(removed, into: &garbage)
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
