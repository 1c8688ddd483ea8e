/// Operations keyed by an ordinary hashable key (``WeakValueDictionary``): an entry matches if its key
/// is equal and its object is alive; a dead object's entry is absent.
extension _WeakTable where Payload == Void {
    /// The live object stored under `key`.
    ///
    /// - Complexity: O(1).
    func object(forKey key: LookupKey) -> Object? {
        lock.withLock {
            // The loaded object leaves with the result and is released by the caller, outside the lock.
            guard let slot = index[key] else { return nil }
            return entries[slot]?.object
        }
    }

    /// Stores `object` under `key`, keeping the position of an existing key.
    ///
    /// - Parameter replace: Whether a live object already stored is replaced (`updateValue`) or kept
    ///   (`setdefault`). A dead object is always replaced.
    /// - Returns: The live object that was stored before (replaced or kept), if any.
    /// - Complexity: O(1) amortized.
    func store(_ object: Object, forKey key: LookupKey, replace: Bool) -> Object? {
        var garbage = _Garbage()
        let previous = lock.withLock { () -> Object? in
            guard let slot = index[key], let existing = entries[slot] else {
                appendLocked(object, key: key, payload: (), into: &garbage)
                trimLocked()
                return nil
            }
            let current = existing.object
            if let current, !replace || current === object { return current }
            if let entry = makeEntryLocked(object, key: key, payload: (), slot: slot, into: &garbage) {
                replaceLocked(slot: slot, with: entry, into: &garbage)
            } else if let removed = tombstoneLocked(slot: slot) {
                // `object` is deinitializing: storing it is storing nothing.
                garbage.entries.append(removed)
                trimLocked()
            }
            return current
        }
        garbage.release()
        return previous
    }

    /// Removes the entry under `key` and returns its object if it was alive.
    ///
    /// - Complexity: O(1) amortized.
    func removeObject(forKey key: LookupKey) -> Object? {
        var garbage = _Garbage()
        let object = lock.withLock { () -> Object? in
            guard let slot = index[key], let removed = tombstoneLocked(slot: slot) else { return nil }
            garbage.entries.append(removed)
            trimLocked()
            return removed.object
        }
        garbage.release()
        return object
    }

    /// Whether `key` has a live object.
    ///
    /// - Complexity: O(1).
    func containsKey(_ key: LookupKey) -> Bool {
        object(forKey: key) != nil
    }
}
