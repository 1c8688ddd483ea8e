/// The observer a ``_WeakTable`` registers on a prompt-tier object, so that the object's death removes
/// its entry at once (DESIGN §2, §5.3).
///
/// Entries themselves are structs stored inline (``_WeakTableEntry``); the observer is the one small
/// object a prompt-tier entry needs, because the object's record links observers by reference. It
/// names its entry by slot, a token the table re-points when compaction moves the entry, and checks
/// by identity (the entry at that slot must hold this very observer), so that a replaced entry's late
/// death never evicts its successor.
///
/// When the death removes the entry, the entry's key and payload move into the observer
/// (``remains``): the death's delivery loop (``_Deaths``) releases the observer, and with it what the
/// entry owned, iteratively — a payload that owns the next object of a chain must die inside that
/// loop, not in a nested call (DESIGN §5.7).
@usableFromInline
final class _WeakTableObserver<LookupKey, Payload>: _Observer,
    // @unchecked: `slot` and `remains` are guarded by the table's lock; the rest is `let`.
    @unchecked Sendable
{
    /// The object's address, for asking whether it is deinitializing (``_isDeinitializing(_:)``) without
    /// a weak load; valid while the entry is stored, never used to reach the object.
    @usableFromInline
    let identity: ObjectIdentifier
    /// The slot of the entry this observer belongs to. Guarded by the table's lock.
    @usableFromInline
    @exclusivity(unchecked)
    var slot: Int
    @usableFromInline
    let link: _WeakTableLink<LookupKey, Payload>
    /// The key and payload of the entry, moved here when the object's death removed it; released with
    /// the observer, by the delivery loop, outside every lock. Written under the table's lock.
    @usableFromInline
    @exclusivity(unchecked)
    var remains: _WeakTableRemains<LookupKey, Payload>?

    @inlinable
    init(identity: ObjectIdentifier, slot: Int, link: _WeakTableLink<LookupKey, Payload>) {
        self.identity = identity
        self.slot = slot
        self.link = link
        self.remains = nil
        super.init()
    }

    /// The object died: its entry leaves the table now. Its key and payload are released later, with
    /// this observer, outside every lock.
    override func referentDidDie() {
        link.removeDeadEntry?(self)
    }
}

/// The way back from a table's observers to the table, shared by all of them: a function that removes a
/// dead object's entry, holding the table weakly so that a death never keeps a dropped collection alive
/// (and each observer costs one retain, not one weak reference).
///
/// The function is made by the table's inlinable initializer, so it is specialized for the client's
/// types: the death path then runs specialized code although it is reached through a class method.
@usableFromInline
// @unchecked: `removeDeadEntry` is written once by the table's init, before any observer exists.
final class _WeakTableLink<LookupKey, Payload>: @unchecked Sendable {
    /// Written once by the table's initializer, before any observer exists.
    @usableFromInline
    var removeDeadEntry: ((_WeakTableObserver<LookupKey, Payload>) -> Void)?

    @inlinable
    init() {}
}

/// The outcome of admitting an object into a table (``_WeakTableState/admit(_:at:into:)``).
@usableFromInline
enum _WeakTableAdmission<LookupKey, Payload> {
    /// The object is deinitializing (or its observers already fired): it is not stored.
    case refused
    /// A collected-tier object: its entry needs no observer.
    case collected
    /// A prompt-tier object, with the observer now registered on it for its entry.
    case prompt(_WeakTableObserver<LookupKey, Payload>)
}
