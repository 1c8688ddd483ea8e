/// The observer a ``_WeakTable`` registers on a prompt-tier object whose type the table cannot register
/// on inline (its `Object` type is not `DeinitObservable`, the object's dynamic type is), so that the
/// object's death removes its entry at once (DESIGN §2, §5.3).
///
/// Entries themselves are structs stored inline (``_WeakTableEntry``); the observer is the one small
/// object such an entry needs, because the object's record links observers by reference. It
/// names its entry by slot, a token the table re-points when compaction moves the entry, and checks
/// by identity (the entry at that slot must hold this very observer), so that a replaced entry's late
/// death never evicts its successor.
///
/// An observer holds three words beyond ``_Observer``'s, so that it fits the 80-byte allocation size
/// (a fourth word would round it up to 96).
@usableFromInline
final class _WeakTableObserver<LookupKey, Payload>: _Observer,
    // @unchecked: `slot` is guarded by the table's lock; the rest is `let`.
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

    @inlinable
    init(identity: ObjectIdentifier, slot: Int, link: _WeakTableLink<LookupKey, Payload>) {
        self.identity = identity
        self.slot = slot
        self.link = link
        super.init()
    }

    /// The object died: its entry leaves the table now. Its key and payload are released later, by the
    /// death's delivery loop, outside every lock (``_WeakTable/removeDeadEntry(of:)``).
    override func referentDidDie() {
        guard let table = link.table, let removeDeadEntry = link.removeDeadEntry else { return }
        removeDeadEntry(table, self)
    }
}

/// The way back from a table's observers to the table, shared by all of them: the table, held weakly so
/// that a death never keeps a dropped collection alive (and each observer costs one retain, not one
/// weak reference), and a function that removes a dead object's entry from it.
///
/// It is also the table's ``_InlineRegistrant``: a table whose `Object` type is `DeinitObservable`
/// registers it on its objects instead of an observer per entry, and their deaths hand back their
/// addresses (``removeDeadObject``).
///
/// The functions are made by the table's inlinable initializer, so they are specialized for the
/// client's types: the death path then runs specialized code although it is reached through a class
/// method. They capture nothing but the table's generic types: a closure capturing `[weak self]` reads
/// a boxed weak variable, with a dynamic exclusivity check on every death.
///
/// The variables are written once by the table's initializer, before any observer or registration
/// exists, and only read afterwards. Their exclusivity checks are off: each cost a prompt-tier death
/// about 76 instructions.
@usableFromInline
// @unchecked: the variables are written once by the table's init, before any registration exists.
final class _WeakTableLink<LookupKey, Payload>: _InlineRegistrant, @unchecked Sendable {
    @usableFromInline
    @exclusivity(unchecked)
    weak var table: AnyObject?
    @usableFromInline
    @exclusivity(unchecked)
    var removeDeadEntry: ((AnyObject, _WeakTableObserver<LookupKey, Payload>) -> Void)?
    /// Removes the entry of the object at an address (`table`, address, whether in phase one of a
    /// death); set for tables that register inline only.
    @usableFromInline
    @exclusivity(unchecked)
    var removeDeadObject: ((AnyObject, UInt, Bool) -> Void)?

    @inlinable
    override init() {
        super.init()
    }

    override func objectDidDie(at address: UInt, inPhaseOne: Bool) {
        guard let table, let removeDeadObject else { return }
        removeDeadObject(table, address, inPhaseOne)
    }

    override var isDefunct: Bool { table == nil }
}

/// The outcome of admitting an object into a table (``_WeakTableState/admit(_:at:into:)``).
@usableFromInline
enum _WeakTableAdmission<LookupKey, Payload> {
    /// The object is deinitializing (or its observers already fired): it is not stored.
    case refused
    /// The object may be stored; its entry holds this registration (made for a prompt-tier object).
    case admitted(_EntryRegistration<LookupKey, Payload>)
}
