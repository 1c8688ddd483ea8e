/// One entry of a ``_WeakTable``: the weakly held object, the key it is found under, its payload, and
/// for a prompt-tier object the observer registered on it.
///
/// Entries are structs stored inline in the table's ``_WeakTableStorage`` (no allocation per entry for
/// the collected tier). They are read and written only in place, through a pointer into the storage:
/// reading the weak field of a struct copied out of an array would copy the weak reference
/// (`swift_weakCopyInit` + `swift_weakDestroy`, twice the cost of the load).
///
/// The entry owns its key and payload; when it leaves the table, both go into the critical section's
/// bag (``_WeakTableState/dispose(_:into:)``), never destroyed under the lock. Its weak reference is
/// destroyed wherever the entry ends: destroying a weak reference runs no `deinit`.
@usableFromInline
struct _WeakTableEntry<LookupKey: Hashable, Object: AnyObject, Payload> {
    @usableFromInline
    typealias Observer = _WeakTableObserver<LookupKey, Payload>

    @usableFromInline
    weak let object: Object?
    @usableFromInline
    let lookupKey: LookupKey
    @usableFromInline
    var payload: Payload
    /// The observer registered on a prompt-tier object (it removes this entry at the object's death);
    /// `nil` for the collected tier, whose dead entries are purged by scans.
    @usableFromInline
    let observer: Observer?

    @inlinable
    init(object: Object, lookupKey: LookupKey, payload: Payload, observer: Observer?) {
        self.object = object
        self.lookupKey = lookupKey
        self.payload = payload
        self.observer = observer
    }
}

/// What a removed entry leaves behind that user code may own: its key and its payload, moved into the
/// critical section's bag and released after unlocking.
@usableFromInline
struct _WeakTableRemains<LookupKey, Payload> {
    @usableFromInline
    let key: LookupKey
    @usableFromInline
    let payload: Payload

    @inlinable
    init(key: LookupKey, payload: Payload) {
        self.key = key
        self.payload = payload
    }

    /// Whether remains of these types own nothing (trivial key and payload, e.g. `Int` and `Void`):
    /// destroying them releases nothing, so they need not go into the bag. Constant once specialized.
    @inlinable
    static var ownNothing: Bool { _isPOD(LookupKey.self) && _isPOD(Payload.self) }
}
