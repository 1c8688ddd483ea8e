/// Selecting entries by a predicate: `filter` into a new dictionary, `removeAll(where:)` in place.
///
/// Predicates run on a snapshot, outside the dictionary's lock, so they may use this dictionary.
extension WeakKeyDictionary {
    /// A new dictionary with the live entries that satisfy `isIncluded`, in the same order.
    ///
    /// ```swift
    /// let edited = metadata.filter { $0.value.wasEdited }
    /// ```
    ///
    /// The new dictionary holds its keys weakly too: an entry leaves it when its key dies.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live entry.
    @inlinable
    public func filter(
        _ isIncluded: ((key: Key, value: Value)) throws -> Bool
    ) rethrows -> WeakKeyDictionary<Key, Value> {
        let result = WeakKeyDictionary()
        for entry in self where try isIncluded(entry) {
            result.updateValue(entry.value, forKey: entry.key)
        }
        return result
    }

    /// Removes the live entries that satisfy `shouldBeRemoved`.
    ///
    /// ```swift
    /// metadata.removeAll { $0.value.isEmpty }
    /// ```
    ///
    /// The predicate sees a snapshot taken when the call starts; each entry it chose is removed by its
    /// key, even if another thread changed its value meanwhile. Keys added during the call are kept.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live entry.
    @inlinable
    public func removeAll(where shouldBeRemoved: ((key: Key, value: Value)) throws -> Bool) rethrows {
        try _table.removeAll { entry in try shouldBeRemoved((entry.object, entry.payload)) }
    }
}
