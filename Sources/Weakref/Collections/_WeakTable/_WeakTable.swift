/// The one weak table behind ``WeakSet``, ``WeakKeyDictionary`` and ``WeakValueDictionary``.
///
/// Each entry holds one object weakly and is found through `LookupKey`: the object's identity for the
/// weak set and the weak-keyed dictionary, the user's key for the weak-valued dictionary.
///
/// Storage is a dense array of entries in insertion order, with tombstones (`nil`) where entries were
/// removed, plus a hash index from lookup key to slot. Removal is O(1); the array is compacted when
/// tombstones outnumber live entries, so it stays O(1) amortized and memory stays proportional to the
/// live entries.
///
/// Identity (DESIGN §3): a freed object's address is reused at once, so an index hit is trusted only
/// when the entry's weak reference still yields the very object asked about. A dead entry is absent for
/// every operation, even before it is physically removed.
///
/// Deaths: a prompt-tier object's entry is registered on it and leaves the table in its deinit, by
/// entry identity (so a replaced entry's late death never evicts its successor). Collected-tier entries
/// are purged by a full scan, run when the array has doubled since the last purge (O(1) amortized per
/// insertion) and at every ``Collector/collect()``.
///
/// Locking: one lock per table. Under it the table never runs user code and never releases anything
/// user code may own: removed entries, replaced payloads and objects loaded from weak references are
/// collected in a ``_Garbage`` and released after unlocking. Keys of the weak-valued dictionary are the
/// exception that cannot be avoided: their `hash(into:)` and `==` run under the lock, so they must not
/// release the last reference to an object observed by the same dictionary.
final class _WeakTable<LookupKey: Hashable, Object: AnyObject, Payload>: @unchecked Sendable {
    typealias Entry = _WeakTableEntry<LookupKey, Object, Payload>

    let lock = _Lock()
    let link = _WeakTableLink<LookupKey, Object, Payload>()
    /// Whether every `Object` is in the prompt tier (its static type conforms to `DeinitObservable`).
    let objectTypeIsPrompt: Bool

    // Guarded by `lock`.
    var entries: [Entry?] = []
    var index: [LookupKey: Int] = [:]
    /// Entries that are not tombstones (some may be dead collected-tier entries not yet purged).
    var storedCount = 0
    /// Stored entries whose objects are in the collected tier.
    var collectedCount = 0
    /// No stored entry lives before this slot.
    var firstCandidate = 0
    /// The array size at which the next purge of collected-tier entries runs.
    var purgeThreshold = _WeakTable.minimumPurgeThreshold
    var isRegisteredForCollection = false

    static var minimumPurgeThreshold: Int { 32 }

    init() {
        objectTypeIsPrompt = Object.self is any DeinitObservable.Type
        link.table = self
        if !objectTypeIsPrompt {
            // Collected-tier objects cannot announce their deaths; let `collect()` purge this table.
            _CollectionPurges.shared.register(self)
        }
    }

    deinit {
        // Entries of prompt-tier objects are linked into their objects' records; unlink them so the
        // records do not keep them (and their payloads) alive. Nothing is locked here.
        for case let entry? in entries where entry.isPrompt {
            entry.cancel()
        }
    }

    /// Whether `object` is in the prompt tier.
    @inline(__always)
    func isPrompt(_ object: Object) -> Bool {
        objectTypeIsPrompt || _Referents.isPrompt(object)
    }
}

/// What a table operation must release after unlocking: removed entries (and with them their payloads)
/// and objects loaded from weak references.
struct _Garbage: ~Copyable {
    var entries: [_Observer] = []
    var objects: [AnyObject] = []

    init() {}

    /// Unlinks removed entries from their objects' records, then releases everything.
    consuming func release() {
        for entry in entries { entry.cancel() }
    }
}
