extension _Garbage {
    /// Whether `loaded`, an object just loaded from a weak reference stored under `address`, is alive
    /// and is the object at that address; the loaded reference goes into the bag.
    ///
    /// An identity table's entry under an address yields the object that lived there or `nil`, so a
    /// live answer is the very object the caller asked about. Its reference is still kept in the bag,
    /// like every strong load under a lock, so that no release inside the critical section depends on
    /// the caller keeping its own reference until the end of the call.
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
