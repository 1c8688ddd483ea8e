/// One entry of a ``_WeakTable``: the weakly held object, the key it is found under, and its payload.
///
/// Entries are class instances so that the weak field is read in place (reading a weak field of a
/// struct stored in an array copies it, at twice the cost). For a prompt-tier object the entry is also
/// the observer registered on it, so the object's death removes exactly this entry at once.
@usableFromInline
final class _WeakTableEntry<LookupKey: Hashable, Object: AnyObject, Payload>: _Observer,
    // @unchecked: `payload` and `slot` are guarded by the table's lock; the rest is `let` (`object` weak).
    @unchecked Sendable
{
    @usableFromInline
    weak let object: Object?
    @usableFromInline
    let lookupKey: LookupKey
    /// The object's address, for asking whether it is deinitializing (``_isDeinitializing(_:)``) without
    /// a weak load; valid while a prompt-tier entry is stored, never used to reach the object.
    @usableFromInline
    let identity: ObjectIdentifier
    // Guarded by the table's lock.
    @usableFromInline
    @exclusivity(unchecked)
    var payload: Payload
    @usableFromInline
    @exclusivity(unchecked)
    var slot: Int
    @usableFromInline
    let isPrompt: Bool
    @usableFromInline
    let link: _WeakTableLink<LookupKey, Object, Payload>

    @inlinable
    init(
        object: Object, lookupKey: LookupKey, payload: Payload, slot: Int, isPrompt: Bool,
        link: _WeakTableLink<LookupKey, Object, Payload>
    ) {
        self.object = object
        self.lookupKey = lookupKey
        self.identity = ObjectIdentifier(object)
        self.payload = payload
        self.slot = slot
        self.isPrompt = isPrompt
        self.link = link
        super.init()
    }

    /// The object died: leave the table now. The payload is released later, when the delivery loop
    /// drops this entry, outside every lock.
    override func referentDidDie() {
        link.removeDeadEntry?(self)
    }
}

/// The way back from a table's entries to the table, shared by all of them: a function that removes a
/// dead entry from the table, holding the table weakly so that a death never keeps a dropped collection
/// alive (and each entry costs one retain, not one weak reference).
///
/// The function is made by the table's inlinable initializer, so it is specialized for the client's
/// types: the death path then runs specialized code although it is reached through a class method.
@usableFromInline
// @unchecked: `removeDeadEntry` is written once by the table's init, before any entry exists.
final class _WeakTableLink<LookupKey: Hashable, Object: AnyObject, Payload>: @unchecked Sendable {
    /// Written once by the table's initializer, before any entry exists.
    @usableFromInline
    var removeDeadEntry: ((_WeakTableEntry<LookupKey, Object, Payload>) -> Void)?

    @inlinable
    init() {}
}
