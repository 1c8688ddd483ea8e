extension WeakSet {
    /// A new set with the members of this set, then those of `other` that are not members.
    ///
    /// ```swift
    /// let all = a.union(b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func union(_ other: some Sequence<Element>) -> WeakSet<Element> {
        let result = copy()
        result.formUnion(other)
        return result
    }

    /// A new set with the elements of `other` that are members of this set, in `other`'s order.
    ///
    /// ```swift
    /// let both = a.intersection(b)
    /// ```
    ///
    /// - Complexity: O(*m*) for *m* elements of `other`.
    @inlinable
    public func intersection(_ other: some Sequence<Element>) -> WeakSet<Element> {
        WeakSet(other.filter { contains($0) })
    }

    /// A new set with the members of this set that are not in `other`.
    ///
    /// ```swift
    /// let onlyA = a.subtracting(b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func subtracting(_ other: some Sequence<Element>) -> WeakSet<Element> {
        let excluded = _IdentitySet(other)
        return WeakSet(allObjects.filter { !excluded.contains($0) })
    }

    /// A new set with the members of exactly one of this set and `other`: this set's first, then
    /// `other`'s.
    ///
    /// ```swift
    /// let either = a.symmetricDifference(b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func symmetricDifference(_ other: some Sequence<Element>) -> WeakSet<Element> {
        let result = copy()
        result.formSymmetricDifference(other)
        return result
    }

    /// Inserts every element of `other` (Python's `update` and `|=`).
    ///
    /// ```swift
    /// a.formUnion(b)
    /// ```
    ///
    /// - Complexity: O(*m*) amortized.
    @inlinable
    public func formUnion(_ other: some Sequence<Element>) {
        // Snapshot first: `other` may be this very set.
        for element in Array(other) { insert(element) }
    }

    /// Keeps only the members that are also in `other` (Python's `intersection_update` and `&=`).
    ///
    /// ```swift
    /// a.formIntersection(b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func formIntersection(_ other: some Sequence<Element>) {
        let kept = _IdentitySet(other)
        for member in allObjects where !kept.contains(member) { remove(member) }
    }

    /// Removes every element of `other` (Python's `difference_update` and `-=`).
    ///
    /// ```swift
    /// a.subtract(b)
    /// ```
    ///
    /// - Complexity: O(*m*) amortized.
    @inlinable
    public func subtract(_ other: some Sequence<Element>) {
        for element in Array(other) { remove(element) }
    }

    /// Removes the elements of `other` that are members and inserts those that are not (Python's
    /// `symmetric_difference_update` and `^=`).
    ///
    /// ```swift
    /// a.formSymmetricDifference(b)
    /// ```
    ///
    /// - Complexity: O(*m*) amortized.
    @inlinable
    public func formSymmetricDifference(_ other: some Sequence<Element>) {
        for element in _IdentitySet(other).elements {
            if remove(element) == nil { insert(element) }
        }
    }

    /// Whether every member of this set is in `other`.
    ///
    /// ```swift
    /// a.isSubset(of: b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func isSubset(of other: some Sequence<Element>) -> Bool {
        let container = _IdentitySet(other)
        return allObjects.allSatisfy { container.contains($0) }
    }

    /// Whether this set is a subset of `other` and `other` has a member this set lacks.
    ///
    /// ```swift
    /// a.isStrictSubset(of: b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func isStrictSubset(of other: some Sequence<Element>) -> Bool {
        let container = _IdentitySet(other)
        let members = allObjects
        return members.count < container.count && members.allSatisfy { container.contains($0) }
    }

    /// Whether every element of `other` is a member of this set.
    ///
    /// ```swift
    /// a.isSuperset(of: b)
    /// ```
    ///
    /// - Complexity: O(*m*).
    @inlinable
    public func isSuperset(of other: some Sequence<Element>) -> Bool {
        other.allSatisfy { contains($0) }
    }

    /// Whether this set is a superset of `other` and has a member `other` lacks.
    ///
    /// ```swift
    /// a.isStrictSuperset(of: b)
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public func isStrictSuperset(of other: some Sequence<Element>) -> Bool {
        let contained = _IdentitySet(other)
        return contained.elements.allSatisfy { contains($0) } && count > contained.count
    }

    /// Whether this set and `other` have no member in common.
    ///
    /// ```swift
    /// a.isDisjoint(with: b)
    /// ```
    ///
    /// - Complexity: O(*m*).
    @inlinable
    public func isDisjoint(with other: some Sequence<Element>) -> Bool {
        !other.contains { contains($0) }
    }
}

extension WeakSet: Equatable {
    /// Whether two sets have the same live members (by identity).
    ///
    /// ```swift
    /// WeakSet([a, b]) == WeakSet([b, a])  // true
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public static func == (lhs: WeakSet, rhs: WeakSet) -> Bool {
        if lhs === rhs { return true }
        let left = lhs.allObjects
        let right = _IdentitySet(rhs)
        return left.count == right.count && left.allSatisfy { right.contains($0) }
    }
}
