import Synchronization

/// A fixed set of locks shared by prompt-tier records, so that a record costs no lock allocation.
///
/// A record keeps the lock it was given for its whole life; records are spread round-robin so that
/// unrelated objects rarely contend. Critical sections under these locks are a few pointer writes.
enum _StripedLocks {
    /// A power of two (the index is masked), comfortably above the number of cores that could contend,
    /// so that two busy records share a lock rarely, while all of them cost a few kilobytes.
    private static let stripeCount = 64
    private static let locks: [_Lock] = (0..<stripeCount).map { _ in _Lock() }
    private static let nextIndex = Atomic<Int>(0)

    static func lock(forNewRecord _: Void) -> _Lock {
        let index = nextIndex.add(1, ordering: .relaxed).oldValue
        return locks[index & (stripeCount - 1)]
    }
}
