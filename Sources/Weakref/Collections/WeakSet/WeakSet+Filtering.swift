/// Selecting members by a predicate: `filter` into a new set, `removeAll(where:)` in place.
///
/// Predicates run on a snapshot, outside the set's lock, so they may use this set.
extension WeakSet {
    /// A new set with the live members that satisfy `isIncluded`, in the same order.
    ///
    /// ```swift
    /// let visible = windows.filter { $0.isVisible }  // a WeakSet
    /// ```
    ///
    /// The new set holds its members weakly too.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live member.
    @inlinable
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> WeakSet<Element> {
        let result = WeakSet()
        for member in self where try isIncluded(member) {
            _ = result._table.store(member, payload: (), replace: false)
        }
        return result
    }

    /// Removes the live members that satisfy `shouldBeRemoved`.
    ///
    /// ```swift
    /// listeners.removeAll { $0.isCancelled }
    /// ```
    ///
    /// The predicate sees a snapshot taken when the call starts; members inserted during the call are
    /// kept.
    ///
    /// - Complexity: O(*n*) plus the predicate's cost for each live member.
    @inlinable
    public func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        try _table.removeAll { entry in try shouldBeRemoved(entry.object) }
    }
}
