extension WeakReference: Hashable {
    /// Two references are equal when both referents are alive and are the same object; once either is
    /// dead, only a reference is equal to itself (Python's rule).
    ///
    /// ```swift
    /// WeakReference(a) == WeakReference(a)  // true while a is alive
    /// ```
    ///
    /// - Complexity: O(1).
    public static func == (lhs: WeakReference, rhs: WeakReference) -> Bool {
        if lhs === rhs { return true }
        guard let left = lhs._object, let right = rhs._object else { return false }
        return left === right
    }

    /// Hashes the referent's identity, fixed when the reference was created, so that the hash stays
    /// stable after the referent dies.
    ///
    /// ```swift
    /// var seen: Set<WeakReference<Employee>> = [reference]
    /// ```
    ///
    /// - Complexity: O(1).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(_identity)
    }
}
