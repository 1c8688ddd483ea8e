/// Transforming values into a new weak-keyed dictionary: `mapValues` and `compactMapValues`.
///
/// The transforms run on a snapshot, outside the dictionary's lock, so they may use this dictionary.
extension WeakKeyDictionary {
    /// A new dictionary with the same keys, in the same order, and each value transformed.
    ///
    /// ```swift
    /// let sizes = metadata.mapValues { $0.count }
    /// ```
    ///
    /// - Complexity: O(*n*) plus the transform's cost for each live entry.
    @inlinable
    public func mapValues<NewValue>(
        _ transform: (Value) throws -> NewValue
    ) rethrows -> WeakKeyDictionary<Key, NewValue> {
        let result = WeakKeyDictionary<Key, NewValue>()
        for (key, value) in self {
            result.updateValue(try transform(value), forKey: key)
        }
        return result
    }

    /// A new dictionary with the live entries whose transformed value is not `nil`, in the same order.
    ///
    /// ```swift
    /// let owners = metadata.compactMapValues { $0["owner"] }
    /// ```
    ///
    /// - Complexity: O(*n*) plus the transform's cost for each live entry.
    @inlinable
    public func compactMapValues<NewValue>(
        _ transform: (Value) throws -> NewValue?
    ) rethrows -> WeakKeyDictionary<Key, NewValue> {
        let result = WeakKeyDictionary<Key, NewValue>()
        for (key, value) in self {
            if let newValue = try transform(value) { result.updateValue(newValue, forKey: key) }
        }
        return result
    }
}
