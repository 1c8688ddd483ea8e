extension WeakValueDictionary: Sequence {
    /// Iterates a snapshot of the live entries taken when iteration starts, in insertion order.
    ///
    /// ```swift
    /// for (key, value) in cache { print(key, value) }
    /// ```
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        var base: _SnapshotIterator<(key: Key, value: Value)>

        @inlinable
        init(base: _SnapshotIterator<(key: Key, value: Value)>) { self.base = base }

        /// The next entry of the snapshot.
        ///
        /// ```swift
        /// var iterator = cache.makeIterator()
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
    /// var iterator = cache.makeIterator()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(
            base: _SnapshotIterator(_table.snapshotBuffer { object, key, _ in (key: key, value: object) }))
    }
}

extension WeakValueDictionary: ExpressibleByDictionaryLiteral {
    /// Creates a dictionary from a literal; a later pair wins over an earlier one with the same key.
    ///
    /// ```swift
    /// let staff: WeakValueDictionary<String, Employee> = ["William": william]
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(elements)
    }
}

extension WeakValueDictionary: Equatable where Value: Equatable {
    /// Whether both have the same keys with equal live values.
    ///
    /// ```swift
    /// a == b
    /// ```
    ///
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public static func == (lhs: WeakValueDictionary, rhs: WeakValueDictionary) -> Bool {
        if lhs === rhs { return true }
        return _sameEntries(Array(lhs), Array(rhs))
    }
}

extension WeakValueDictionary: CustomStringConvertible, CustomDebugStringConvertible {
    /// The live entries, like a dictionary: `WeakValueDictionary(["key": Data(expensive_result)])`.
    ///
    /// ```swift
    /// print(cache)
    /// ```
    ///
    /// - Complexity: O(*n*).
    public var description: String {
        _dictionaryDescription("WeakValueDictionary", self)
    }

    /// The same as ``description``.
    ///
    /// ```swift
    /// debugPrint(cache)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var debugDescription: String { description }
}
