extension _WeakTableState {
    /// Whether the entry at the occupied `slot` has a live object: never true of an object that is
    /// deinitializing.
    ///
    /// A prompt-tier entry leaves the table, under its lock, before its object's memory is freed, so
    /// its object is in memory and the runtime can say whether a `deinit` is in progress: no weak load.
    /// A collected-tier entry may outlive its object: its weak reference is loaded in place (it yields
    /// the object it was made for, or `nil`), and the loaded reference goes into the bag.
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    func isLive<Discarded>(_ slot: Int, keepingLoadsIn garbage: inout _Garbage<Discarded>) -> Bool {
        let entry = storage[slot]
        if let identity = entry.pointee.registration.promptIdentity { return !_isDeinitializing(identity) }
        let loaded = storage.object(at: slot)
        let isLive = loaded != nil
        garbage.keep(loaded)
        return isLive
    }

    /// Whether the entry at the occupied `slot` holds the live object at `identity` — for an identity
    /// table, the identity check of DESIGN §3: an entry found under the caller's address is the caller's
    /// object's own only if the weak load yields that very object (a dead object's address is reused).
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    func isLive<Discarded>(
        _ slot: Int, as identity: ObjectIdentifier, keepingLoadsIn garbage: inout _Garbage<Discarded>
    ) -> Bool {
        let entry = storage[slot]
        if let registered = entry.pointee.registration.promptIdentity {
            return registered == identity && !_isDeinitializing(identity)
        }
        return garbage.isLive(storage.object(at: slot), at: identity)
    }

    /// ``isLive(_:as:keepingLoadsIn:)`` for a lookup that hands the loaded object out through its
    /// result rather than the bag: the caller releases it after unlocking. A bag takes a reference with
    /// a retain of its own (`Unmanaged.passRetained`), which for a weakly referenced object is a retain
    /// and a release through its side table; the result moves it.
    ///
    /// - Precondition: an identity table found `slot` under `identity`'s address (``_AddressKey``).
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    func liveness(of slot: Int, as identity: ObjectIdentifier) -> (isLive: Bool, loaded: Object?) {
        let entry = storage[slot]
        // An identity table's prompt-tier entry found under the caller's address holds the object at
        // that address: it leaves the table before its object's memory is freed, so no other object
        // has had the address meanwhile.
        if !entry.pointee.registration.isCollected { return (!_isDeinitializing(identity), nil) }
        guard let loaded = storage.object(at: slot) else { return (false, nil) }
        return (ObjectIdentifier(loaded) == identity, loaded)
    }
}
