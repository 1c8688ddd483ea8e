extension WeakKeyDictionary: Sequence {
    /// Iterates a snapshot of the live entries taken when iteration starts, in insertion order.
    ///
    /// ```swift
    /// for (document, data) in metadata { print(document, data) }
    /// ```
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        var base: _SnapshotIterator<(key: Key, value: Value)>

        @inlinable
        init(base: _SnapshotIterator<(key: Key, value: Value)>) { self.base = base }

        /// The next entry of the snapshot.
        ///
        /// ```swift
        /// var iterator = metadata.makeIterator()
        /// let first = iterator.next()
        /// ```
        ///
        /// - Complexity: O(1).
        @inlinable
        public mutating func next() -> (key: Key, value: Value)? { base.next() }
    }

    /// Takes a snapshot of the live entries.
    ///
    /// ```swift
    /// var iterator = metadata.makeIterator()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(
            base: _SnapshotIterator(
                _table.snapshotBuffer { object, _, payload in (key: object, value: payload) }))
    }
}

extension WeakKeyDictionary: ExpressibleByDictionaryLiteral {
    /// Creates a dictionary from a literal; a later pair wins over an earlier one with the same key.
    ///
    /// ```swift
    /// let ages: WeakKeyDictionary<Employee, Int> = [william: 30, dalton: 35]
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(elements)
    }
}

extension WeakKeyDictionary: Equatable where Value: Equatable {
    /// Whether both have the same live keys (by identity) with equal values.
    ///
    /// ```swift
    /// a == b
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public static func == (lhs: WeakKeyDictionary, rhs: WeakKeyDictionary) -> Bool {
        if lhs === rhs { return true }
        // Keep the keys alive while their identities are compared.
        let left = lhs._table.snapshot()
        let right = rhs._table.snapshot()
        return withExtendedLifetime((left, right)) {
            _sameEntries(
                left.map { (key: $0.key, value: $0.payload) }, right.map { (key: $0.key, value: $0.payload) })
        }
    }
}

extension WeakKeyDictionary: CustomStringConvertible, CustomDebugStringConvertible {
    /// The live entries, like a dictionary: `WeakKeyDictionary([Document(Report): 100])`.
    ///
    /// ```swift
    /// print(metadata)
    /// ```
    ///
    /// - Complexity: O(*n*).
    public var description: String {
        _dictionaryDescription("WeakKeyDictionary", self)
    }

    /// The same as ``description``.
    ///
    /// ```swift
    /// debugPrint(metadata)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var debugDescription: String { description }
}
