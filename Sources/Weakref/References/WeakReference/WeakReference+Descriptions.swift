extension WeakReference: CustomStringConvertible, CustomDebugStringConvertible {
    /// `<weakref at 0x…; to 'Employee' at 0x…>` while the referent is alive, `<weakref at 0x…; dead>`
    /// after (Python 3.13's format).
    ///
    /// ```swift
    /// print(reference)  // <weakref at 0x6000012c; to 'Employee' at 0x6000014a>
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        _referenceDescription(kind: "weakref", of: self, referent: _object)
    }

    /// The same as ``description``.
    ///
    /// ```swift
    /// debugPrint(reference)
    /// ```
    ///
    /// - Complexity: O(1).
    public var debugDescription: String { description }
}

extension WeakReference: AnyWeakReference {
    /// The referent as `AnyObject`, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// let any: AnyObject? = reference.referent
    /// ```
    ///
    /// - Complexity: O(1).
    public var referent: AnyObject? { _object }
}
