/// One entry of a ``_WeakTable``: the weakly held object, the key it is found under, and its payload.
///
/// Entries are class instances so that the weak field is read in place (reading a weak field of a
/// struct stored in an array copies it, at twice the cost). For a prompt-tier object the entry is also
/// the observer registered on it, so the object's death removes exactly this entry at once.
final class _WeakTableEntry<LookupKey: Hashable, Object: AnyObject, Payload>: _Observer,
    @unchecked Sendable
{
    weak let object: Object?
    let lookupKey: LookupKey
    // Guarded by the table's lock.
    var payload: Payload
    var slot: Int
    let isPrompt: Bool
    private let link: _WeakTableLink<LookupKey, Object, Payload>

    init(
        object: Object, lookupKey: LookupKey, payload: Payload, slot: Int, isPrompt: Bool,
        link: _WeakTableLink<LookupKey, Object, Payload>
    ) {
        self.object = object
        self.lookupKey = lookupKey
        self.payload = payload
        self.slot = slot
        self.isPrompt = isPrompt
        self.link = link
    }

    /// The object died: leave the table now. The payload is released later, when the delivery loop
    /// drops this entry, outside every lock.
    override func referentDidDie() {
        link.table?.removeDeadEntry(self)
    }
}

/// The weak back-pointer from a table's entries to the table, shared by all of them, so that a death
/// never keeps a dropped collection alive (and each entry costs one retain, not one weak reference).
final class _WeakTableLink<LookupKey: Hashable, Object: AnyObject, Payload>: @unchecked Sendable {
    weak var table: _WeakTable<LookupKey, Object, Payload>?
}
