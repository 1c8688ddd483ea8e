/// What a table operation must release after unlocking: removed entries (and with them their payloads)
/// and objects loaded from weak references. Most operations remove at most one entry, which is kept
/// inline so that removing allocates nothing.
@usableFromInline
struct _Garbage: ~Copyable {
    @usableFromInline
    var entry: _Observer?
    @usableFromInline
    var moreEntries: [_Observer] = []
    @usableFromInline
    var objects: [AnyObject] = []

    @inlinable
    init() {}

    @inlinable
    mutating func append(_ removed: _Observer) {
        if entry == nil {
            entry = removed
        } else {
            moreEntries.append(removed)
        }
    }

    /// Unlinks removed entries from their objects' records, then releases everything.
    @inlinable
    consuming func release() {
        if let entry {
            entry.cancel()
            for more in moreEntries { more.cancel() }
        }
    }
}
