extension WeakSet: Sequence {
    /// Iterates a snapshot of the live members taken when iteration starts, in insertion order.
    ///
    /// ```swift
    /// for member in set { member.notify() }
    /// ```
    ///
    /// The iterator holds strong references to the members it has not yet returned.
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        var base: _SnapshotIterator<Element>

        @inlinable
        init(base: _SnapshotIterator<Element>) { self.base = base }

        /// The next member of the snapshot.
        ///
        /// ```swift
        /// var iterator = set.makeIterator()
        /// let first = iterator.next()
        /// ```
        ///
        /// - Complexity: O(1).
        @inlinable
        public mutating func next() -> Element? { base.next() }
    }

    /// Takes a snapshot of the live members.
    ///
    /// ```swift
    /// var iterator = set.makeIterator()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(base: _SnapshotIterator(_table.snapshotBuffer { object, _, _ in object }))
    }
}

extension WeakSet: ExpressibleByArrayLiteral {
    /// Creates a set from an array literal of objects.
    ///
    /// ```swift
    /// let set: WeakSet<Listener> = [a, b]
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension WeakSet: CustomStringConvertible, CustomDebugStringConvertible {
    /// The live members, like an array: `WeakSet([Listener(A), Listener(B)])`.
    ///
    /// ```swift
    /// print(set)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var description: String {
        "WeakSet(\(allObjects))"
    }

    /// The same as ``description``.
    ///
    /// ```swift
    /// debugPrint(set)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var debugDescription: String { description }
}
