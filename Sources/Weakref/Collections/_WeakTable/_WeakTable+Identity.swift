/// Operations keyed by the object itself (``WeakSet`` and ``WeakKeyDictionary``): an entry matches only
/// if its weak reference yields the very object asked about.
extension _WeakTable where LookupKey == ObjectIdentifier {
    /// Whether `object` is stored.
    ///
    /// - Complexity: O(1).
    func contains(_ object: Object) -> Bool {
        let key = ObjectIdentifier(object)
        return lock.withLock {
            // Yields `object` itself (which the caller holds) or nil, so no release can run a deinit.
            guard let slot = index[key], let entry = entries[slot] else { return false }
            return entry.object === object
        }
    }

    /// The payload stored for `object`.
    ///
    /// - Complexity: O(1).
    func payload(for object: Object) -> Payload? {
        let key = ObjectIdentifier(object)
        return lock.withLock {
            guard let slot = index[key], let entry = entries[slot], entry.object === object else {
                return nil
            }
            return entry.payload
        }
    }

    /// Stores `payload` for `object`.
    ///
    /// - Parameter replace: Whether an existing entry's payload is replaced (`updateValue`) or kept
    ///   (`insert`, `setdefault`).
    /// - Returns: Whether a new entry was made, and the payload that was there before (replaced or kept).
    /// - Complexity: O(1) amortized.
    func store(
        _ object: Object, payload: Payload, replace: Bool
    ) -> (inserted: Bool, previous: Payload?) {
        let key = ObjectIdentifier(object)
        var garbage = _Garbage()
        let result = lock.withLock { () -> (inserted: Bool, previous: Payload?) in
            if let slot = index[key], let entry = entries[slot] {
                if entry.object === object {
                    let previous = entry.payload
                    if replace { entry.payload = payload }
                    // The replaced payload leaves with the result and is released by the caller.
                    return (false, previous)
                }
                // A dead object lived at this address; its entry is absent, whatever its state.
                if let stale = tombstoneLocked(slot: slot) { garbage.entries.append(stale) }
            }
            let entry = appendLocked(object, key: key, payload: payload, into: &garbage)
            trimLocked()
            return (entry != nil, nil)
        }
        garbage.release()
        return result
    }

    /// Removes `object`'s entry and returns its payload.
    ///
    /// - Complexity: O(1) amortized.
    func remove(_ object: Object) -> Payload? {
        let key = ObjectIdentifier(object)
        var garbage = _Garbage()
        let payload = lock.withLock { () -> Payload? in
            guard let slot = index[key], let entry = entries[slot] else { return nil }
            let isMatch = entry.object === object
            // Either it is `object` or a dead object's leftover at the same address: both go.
            guard let removed = tombstoneLocked(slot: slot) else { return nil }
            garbage.entries.append(removed)
            trimLocked()
            return isMatch ? entry.payload : nil
        }
        garbage.release()
        return payload
    }
}
