/// Removal by a caller's predicate, common to all three collections (`removeAll(where:)`).
///
/// The predicate is user code, so it never runs under the lock: it runs on a snapshot, and may use this
/// very table. The entries it chose are then removed in one critical section, each only if it still
/// holds the object the predicate saw.
extension _WeakTable {
    /// Removes the live entries for which `shouldBeRemoved` returns `true`.
    ///
    /// Entries added after the snapshot are kept; an entry the predicate chose is removed only while it
    /// still holds the same object under the same key (another thread may have replaced or removed it).
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live entry.
    @inlinable
    func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        var chosen: [Element] = []
        for element in snapshot() where try shouldBeRemoved(element) {
            chosen.append(element)
        }
        if !chosen.isEmpty { remove(chosen) }
    }

    /// Removes the entries that still hold the chosen objects under the chosen keys.
    ///
    /// - Complexity: O(*k*) amortized for *k* chosen entries.
    @inlinable
    func remove(_ chosen: [Element]) {
        withState(keepingAlive: chosen) { state, garbage in
            for element in chosen {
                // `chosen` holds each object strongly, so it is alive and no other object has its
                // address: a live entry holding that identity under that key is this object's entry.
                let hash = State.hash(element.key)
                guard let slot = state.slot(for: element.key, hash: hash),
                    state.isLive(slot, as: ObjectIdentifier(element.object), keepingLoadsIn: &garbage)
                else { continue }
                state.dispose(state.tombstone(slot: slot, hash: hash), into: &garbage)
            }
            state.trim()
        }
    }
}
