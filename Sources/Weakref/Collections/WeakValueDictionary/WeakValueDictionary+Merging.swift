/// Merging with a rule for keys present on both sides: `merge(_:uniquingKeysWith:)` and `merging`.
///
/// `combine` runs outside the dictionary's lock, so it may use this dictionary. For each key the read of
/// the current value and the write of the combined one are two atomic steps: a value stored by another
/// thread in between is replaced without being combined.
extension WeakValueDictionary {
    /// Stores every pair of `pairs`; where the key already has a live value (here, or earlier in
    /// `pairs`), stores `combine(current, new)` instead.
    ///
    /// ```swift
    /// cache.merge([("logo", image)]) { current, _ in current }  // keep what is cached
    /// ```
    ///
    /// - Complexity: O(*m*) amortized for *m* pairs, plus the cost of `combine`.
    @inlinable
    public func merge(
        _ pairs: some Sequence<(Key, Value)>,
        uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows {
        for (key, value) in pairs {
            try _merge(value, forKey: key, uniquingKeysWith: combine)
        }
    }

    /// Stores every entry of `dictionary`; where the key already has a live value, stores
    /// `combine(current, new)` instead.
    ///
    /// ```swift
    /// cache.merge(["logo": image]) { _, new in new }
    /// ```
    ///
    /// - Complexity: O(*m*) amortized for *m* entries, plus the cost of `combine`.
    @inlinable
    public func merge(
        _ dictionary: [Key: Value], uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows {
        for (key, value) in dictionary {
            try _merge(value, forKey: key, uniquingKeysWith: combine)
        }
    }

    /// Stores every live entry of `other`; where the key already has a live value, stores
    /// `combine(current, new)` instead.
    ///
    /// ```swift
    /// primary.merge(fallback) { current, _ in current }
    /// ```
    ///
    /// - Complexity: O(*m*) amortized for *m* live entries in `other`, plus the cost of `combine`.
    @inlinable
    public func merge(
        _ other: WeakValueDictionary<Key, Value>,
        uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows {
        for (key, value) in other {
            try _merge(value, forKey: key, uniquingKeysWith: combine)
        }
    }

    /// A new dictionary with this one's live entries and `pairs` merged in by `combine`.
    ///
    /// ```swift
    /// let combined = cache.merging([("logo", image)]) { current, _ in current }
    /// ```
    ///
    /// - Complexity: O(*n* + *m*) plus the cost of `combine`.
    @inlinable
    public func merging(
        _ pairs: some Sequence<(Key, Value)>,
        uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows -> WeakValueDictionary<Key, Value> {
        let result = copy()
        try result.merge(pairs, uniquingKeysWith: combine)
        return result
    }

    /// A new dictionary with this one's live entries and `dictionary`'s merged in by `combine`.
    ///
    /// ```swift
    /// let combined = cache.merging(["logo": image]) { _, new in new }
    /// ```
    ///
    /// - Complexity: O(*n* + *m*) plus the cost of `combine`.
    @inlinable
    public func merging(
        _ dictionary: [Key: Value], uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows -> WeakValueDictionary<Key, Value> {
        let result = copy()
        try result.merge(dictionary, uniquingKeysWith: combine)
        return result
    }

    /// A new dictionary with the live entries of both, merged by `combine` where keys meet.
    ///
    /// ```swift
    /// let combined = primary.merging(fallback) { current, _ in current }
    /// ```
    ///
    /// - Complexity: O(*n* + *m*) plus the cost of `combine`.
    @inlinable
    public func merging(
        _ other: WeakValueDictionary<Key, Value>,
        uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows -> WeakValueDictionary<Key, Value> {
        let result = copy()
        try result.merge(other, uniquingKeysWith: combine)
        return result
    }

    /// Stores `value` for `key`, combined with the live value already there, if any.
    @inlinable
    func _merge(
        _ value: Value, forKey key: Key, uniquingKeysWith combine: (Value, Value) throws -> Value
    ) rethrows {
        if let current = _table.object(forKey: key) {
            updateValue(try combine(current, value), forKey: key)
        } else {
            updateValue(value, forKey: key)
        }
    }
}
