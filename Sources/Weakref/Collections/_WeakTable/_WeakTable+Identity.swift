/// Operations keyed by the object itself (``WeakSet`` and ``WeakKeyDictionary``): an entry found under
/// the object's address matches only if it holds that very object, alive
/// (``_WeakTableState/isLive(_:as:keepingLoadsIn:)``).
///
/// The index is keyed by ``_AddressKey``: the allocator chooses addresses, not whoever fills the table,
/// so its few-instruction hash serves where `ObjectIdentifier`'s full `Hasher` round cost about 90
/// instructions on every lookup, insertion and removal.
///
/// Lookups and removals use only the object's address inside the critical section, so they keep no
/// argument alive across it: whether the caller's reference ends before or after, it ends outside the
/// lock.
extension _WeakTable where LookupKey == _AddressKey {
    /// Whether `object` is stored.
    ///
    /// - Complexity: O(1).
    @inlinable
    func contains(_ object: consuming Object) -> Bool {
        let identity = ObjectIdentifier(object)
        // Released before locking (see ``payload(for:)``).
        _ = consume object
        let key = _AddressKey(identity)
        // The loaded object leaves with the result and is released here, after unlocking.
        let (isLive, _) = withState { state, _ -> (Bool, Object?) in
            guard let slot = state.slot(for: key) else { return (false, nil) }
            return state.liveness(of: slot, as: identity)
        }
        return isLive
    }

    /// The payload stored for `object`.
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)  // Left to itself the inliner outlined it, adding about 30 instructions a lookup.
    func payload(for object: consuming Object) -> Payload? {
        let identity = ObjectIdentifier(object)
        // The lookup needs the address only. Consumed here, before locking, the caller's reference and
        // its copy for this call cancel out; borrowed, the caller's reference would be kept across the
        // unlock, which the optimizer must assume may release anything, and the object retained and
        // released around every lookup: for a weakly referenced object that is a round trip to its
        // side table, a cache miss each way in a large collection (measured: 351 instructions a miss at
        // 100k against 174, and 5.5× the wall time of a dictionary of boxes).
        _ = consume object
        let key = _AddressKey(identity)
        // The loaded object leaves with the result and is released here, after unlocking.
        let (payload, _) = withState { state, _ -> (Payload?, Object?) in
            guard let slot = state.slot(for: key) else { return (nil, nil) }
            let (isLive, loaded) = state.liveness(of: slot, as: identity)
            // A copy: the entry keeps its own. It leaves with the result, released by the caller.
            return (isLive ? state.storage[slot].pointee.payload : nil, loaded)
        }
        return payload
    }

    /// Stores `payload` for `object`.
    ///
    /// - Parameter replace: Whether an existing entry's payload is replaced (`updateValue`) or kept
    ///   (`insert`, `setdefault`).
    /// - Returns: Whether a new entry was made, and the payload that was there before (replaced or kept).
    /// - Complexity: O(1) amortized.
    @inlinable
    @inline(__always)  // Left to itself the inliner outlined it, adding about 50 instructions a store.
    func store(
        _ object: Object, payload: Payload, replace: Bool
    ) -> (inserted: Bool, previous: Payload?) {
        let identity = ObjectIdentifier(object)
        let key = _AddressKey(identity)
        return withState(keepingAlive: object, payload) { state, garbage in
            state.purgeIfDue(into: &garbage)
            let result: (inserted: Bool, previous: Payload?)
            let hash = State.hash(key)
            if let slot = state.slotOrReservation(for: key, hash: hash) {
                if state.isLive(slot, as: identity, keepingLoadsIn: &garbage) {
                    // The previous payload leaves with the result; when replaced, the entry's reference
                    // to it moves there with it, so it is released by the caller, after unlocking.
                    if replace {
                        result = (false, _exchange(&state.storage[slot].pointee.payload, payload))
                    } else {
                        result = (false, state.storage[slot].pointee.payload)
                    }
                } else {
                    // A dead object lived at this address; its entry is absent, whatever its state.
                    let stale = state.tombstone(slot: slot, hash: hash)
                    state.reportDeath(of: stale, into: &garbage)
                    state.dispose(stale, into: &garbage)
                    let stored = state.append(object, key: key, hash: hash, payload: payload, into: &garbage)
                    state.trim()
                    result = (stored, nil)
                }
            } else {
                let stored = state.appendReserved(
                    object, key: key, hash: hash, payload: payload, into: &garbage)
                result = (stored, nil)
            }
            return result
        }
    }

    /// Removes `object`'s entry and returns its payload.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    func remove(_ object: Object) -> Payload? {
        let identity = ObjectIdentifier(object)
        let key = _AddressKey(identity)
        return withState { state, garbage -> Payload? in
            let hash = State.hash(key)
            guard let slot = state.slot(for: key, hash: hash) else { return nil }
            // Either it is `object` or a dead object's leftover at the same address: both go.
            let isLive = state.isLive(slot, as: identity, keepingLoadsIn: &garbage)
            let removed = state.tombstone(slot: slot, hash: hash)
            state.trim()
            // The payload leaves with the result (a copy; the entry's own goes into the bag).
            let payload: Payload? = isLive ? removed.payload : nil
            if !isLive { state.reportDeath(of: removed, into: &garbage) }
            state.dispose(removed, into: &garbage)
            return payload
        }
    }
}
