extension WeakProxy: CustomStringConvertible, CustomDebugStringConvertible {
    /// `<weakproxy at 0x…; to 'Employee' at 0x…>` while the referent is alive,
    /// `<weakproxy at 0x…; dead>` after (Python 3.13's format). Never throws.
    ///
    /// ```swift
    /// print(proxy)
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        _referenceDescription(kind: "weakproxy", of: self, referent: _object)
    }

    /// The same as ``description``.
    ///
    /// ```swift
    /// debugPrint(proxy)
    /// ```
    ///
    /// - Complexity: O(1).
    public var debugDescription: String { description }
}

extension WeakProxy: AnyWeakReference {
    /// The referent as `AnyObject`, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// let any: AnyObject? = proxy.referent
    /// ```
    ///
    /// - Complexity: O(1).
    public var referent: AnyObject? { _object }
}
