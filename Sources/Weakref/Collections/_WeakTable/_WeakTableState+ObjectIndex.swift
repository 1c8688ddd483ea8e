/// The second index of a table that registers inline on objects it does not find by key: a weak-valued
/// dictionary of a `DeinitObservable` type (``_WeakTableState/indexesObjects``).
///
/// Such a table is keyed by the user's keys, and one object may be the value of several of them. The
/// object's death hands the table only the object's address (``_InlineRegistrant``), so the table files
/// each inline entry's slot a second time, under the hash of its object's address, in ``objectIndex``:
/// the death finds every entry of the object there, and a removal finds whether another entry still
/// holds the object's one registration. The entry's registration holds the address
/// (``_EntryRegistration/inline(_:)``).
///
/// The registration is made by the object's first entry and cancelled by its last: an object has one
/// registration per table, however many keys hold it.
extension _WeakTableState {
    /// The hash under which ``objectIndex`` files the entries of the object at `identity`.
    @inlinable
    @inline(__always)
    static func objectHash(_ identity: ObjectIdentifier) -> Int {
        _AddressKey(identity)._rawHashValue(seed: 0)
    }

    /// The identity of the object of the entry at `slot` if the entry is filed in ``objectIndex``.
    @inlinable
    @inline(__always)
    func indexedIdentity(at slot: Int) -> ObjectIdentifier? {
        guard indexesObjects else { return nil }
        return storage[slot].pointee.registration.inlineIdentity
    }

    /// A slot, other than a tombstone, of an entry of the object at `identity` registered inline.
    ///
    /// - Complexity: O(1) on average.
    @inlinable
    @inline(__always)
    func indexedSlot(of identity: ObjectIdentifier) -> Int? {
        let storage = storage
        return objectIndex.slot(forHash: Self.objectHash(identity)) {
            storage[$0].pointee.registration.inlineIdentity == identity
        }
    }

    /// The slot of an entry of the object at `identity` registered inline, and its key's hash
    /// (``hash(_:)``): the entry under the object's address in a table keyed by its objects, any entry
    /// of the object filed in ``objectIndex`` in another.
    ///
    /// - Complexity: O(1) on average.
    @inlinable
    @inline(__always)
    func inlineSlot(of identity: ObjectIdentifier) -> (slot: Int, hash: Int)? {
        if Self.isKeyedByObject {
            let key = unsafeBitCast(_AddressKey(identity), to: LookupKey.self)
            let hash = Self.hash(key)
            guard let slot = slot(for: key, hash: hash),
                storage[slot].pointee.registration.inlineIdentity != nil
            else { return nil }
            return (slot, hash)
        }
        guard let slot = indexedSlot(of: identity) else { return nil }
        return (slot, Self.hash(storage[slot].pointee.lookupKey))
    }

    /// Files the entry at `slot`, registered inline, under its object's identity, `identity`.
    @inlinable
    mutating func indexObject(_ identity: ObjectIdentifier, at slot: Int) {
        objectIndex.insert(slot, forHash: Self.objectHash(identity))
    }

    /// Takes the entry at `slot` out of ``objectIndex``, if it is filed there; the caller is moving it
    /// out (``takeEntry(_:)``) or replacing it.
    @inlinable
    @inline(__always)
    mutating func unindexObject(at slot: Int) {
        guard let identity = indexedIdentity(at: slot) else { return }
        objectIndex.remove(slot, forHash: Self.objectHash(identity))
    }

    /// Whether a removed entry of the object at `identity`, registered inline, was the last entry that
    /// held the object's registration: true for a table keyed by its objects (one entry per object),
    /// and for one that ``indexesObjects`` once no other entry of the object is filed.
    @inlinable
    @inline(__always)
    func wasLastRegistered(_ identity: ObjectIdentifier) -> Bool {
        !indexesObjects || indexedSlot(of: identity) == nil
    }
}
