/// Transforming values into a new weak-valued dictionary: `mapValues` and `compactMapValues`.
///
/// The transforms run on a snapshot, outside the dictionary's lock, so they may use this dictionary.
/// The result holds its values weakly too: a value that nobody else holds leaves it when it dies — at
/// once for a `DeinitObservable` value, at the next collection otherwise.
extension WeakValueDictionary {
    /// A new dictionary with the same keys, in the same order, and each live value transformed.
    ///
    /// ```swift
    /// let profiles = users.mapValues { $0.profile }  // Profile is a class
    /// ```
    ///
    /// - Complexity: O(*n*) plus the transform's cost for each live entry.
    @inlinable
    public func mapValues<NewValue: AnyObject>(
        _ transform: (Value) throws -> NewValue
    ) rethrows -> WeakValueDictionary<Key, NewValue> {
        let result = WeakValueDictionary<Key, NewValue>()
        for (key, value) in self {
            result.updateValue(try transform(value), forKey: key)
        }
        return result
    }

    /// A new dictionary with the live entries whose transformed value is not `nil`, in the same order.
    ///
    /// ```swift
    /// let managers = staff.compactMapValues { $0.manager }  // manager: Employee?
    /// ```
    ///
    /// - Complexity: O(*n*) plus the transform's cost for each live entry.
    @inlinable
    public func compactMapValues<NewValue: AnyObject>(
        _ transform: (Value) throws -> NewValue?
    ) rethrows -> WeakValueDictionary<Key, NewValue> {
        let result = WeakValueDictionary<Key, NewValue>()
        for (key, value) in self {
            if let newValue = try transform(value) { result.updateValue(newValue, forKey: key) }
        }
        return result
    }
}
