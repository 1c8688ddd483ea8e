extension WeakValueDictionary: Sequence {
    /// Iterates a snapshot of the live entries taken when iteration starts, in insertion order.
    ///
    /// ```swift
    /// for (key, value) in cache { print(key, value) }
    /// ```
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        var base: IndexingIterator<[(key: Key, value: Value)]>

        @inlinable
        init(base: IndexingIterator<[(key: Key, value: Value)]>) { self.base = base }

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
        Iterator(base: _table.snapshot { object, key, _ in (key: key, value: object) }.makeIterator())
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
        let left = lhs._table.snapshot()
        let right = rhs._table.snapshot()
        guard left.count == right.count else { return false }
        var rightValues: [Key: Value] = [:]
        for entry in right { rightValues[entry.key] = entry.object }
        return left.allSatisfy { rightValues[$0.key] == $0.object }
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
    @inlinable
    public var description: String {
        let entries = _table.snapshot().map {
            "\(String(reflecting: $0.key)): \(String(reflecting: $0.object))"
        }
        return "WeakValueDictionary([\(entries.isEmpty ? ":" : entries.joined(separator: ", "))])"
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
