extension _Garbage {
    /// Whether `loaded`, an object just loaded from a weak reference to the object that lived at
    /// `address`, is alive (and so is that object); the loaded reference goes into the bag.
    ///
    /// Shared by the weak tables' collected-tier entries and the registry's records, whose weak
    /// references outlive their objects at reused addresses. The reference is kept in the bag, like
    /// every strong load under a lock, so that no release inside the critical section depends on the
    /// caller keeping its own reference until the end of the call.
    ///
    /// - Complexity: O(1).
    @inlinable
    @inline(__always)
    mutating func isLive(_ loaded: __owned AnyObject?, at address: ObjectIdentifier) -> Bool {
        let isLive = loaded.map { ObjectIdentifier($0) == address } ?? false
        keep(loaded)
        return isLive
    }
}
