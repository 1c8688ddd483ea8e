/// Selecting entries by a predicate: `filter` into a new dictionary, `removeAll(where:)` in place.
///
/// Predicates run on a snapshot, outside the dictionary's lock, so they may use this dictionary.
extension WeakValueDictionary {
    /// A new dictionary with the live entries that satisfy `isIncluded`, in the same order.
    ///
    /// ```swift
    /// let admins = users.filter { $0.value.isAdmin }
    /// ```
    ///
    /// The new dictionary holds its values weakly too: an entry leaves it when its value dies.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live entry.
    @inlinable
    public func filter(
        _ isIncluded: ((key: Key, value: Value)) throws -> Bool
    ) rethrows -> WeakValueDictionary<Key, Value> {
        let result = WeakValueDictionary()
        for entry in self where try isIncluded(entry) {
            result.updateValue(entry.value, forKey: entry.key)
        }
        return result
    }

    /// Removes the live entries that satisfy `shouldBeRemoved`.
    ///
    /// ```swift
    /// cache.removeAll { $0.value.isStale }
    /// ```
    ///
    /// The predicate sees a snapshot taken when the call starts; an entry it chose is removed only if
    /// the key still maps to the same value (another thread may have replaced it meanwhile). Entries
    /// added during the call are kept.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live entry.
    @inlinable
    public func removeAll(where shouldBeRemoved: ((key: Key, value: Value)) throws -> Bool) rethrows {
        try _table.removeAll { entry in try shouldBeRemoved((entry.key, entry.object)) }
    }
}
