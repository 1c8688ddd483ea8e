/// The storage of a ``_WeakTable`` and its slot bookkeeping. Every mutating method expects the table's
/// lock to be held; none runs user code or releases anything user code may own: removed keys and
/// payloads, removed observers and loaded objects go into the critical section's ``_Garbage`` bag.
@usableFromInline
struct _WeakTableState<LookupKey: Hashable, Object: AnyObject, Payload> {
    @usableFromInline
    typealias Entry = _WeakTableEntry<LookupKey, Object, Payload>
    @usableFromInline
    typealias Remains = _WeakTableRemains<LookupKey, Payload>
    @usableFromInline
    typealias Observer = _WeakTableObserver<LookupKey, Payload>
    @usableFromInline
    typealias Registration = _EntryRegistration<LookupKey, Payload>
    @usableFromInline
    typealias Removed = _WeakTableRemoved<LookupKey, Payload>
    /// The bag of the table's critical sections: it takes removed entries' keys and payloads.
    @usableFromInline
    typealias Garbage = _Garbage<Remains>

    /// The entries in insertion order, with tombstones.
    @usableFromInline
    var storage = _WeakTableStorage<LookupKey, Object, Payload>()
    /// Which slot holds each stored key's entry (it holds slots, not keys).
    @usableFromInline
    var index = _SlotIndex()
    /// When ``indexesObjects``: which slots hold entries registered inline, under the hash of their
    /// objects' addresses (``_WeakTableState/objectHash(_:)``); empty otherwise.
    @usableFromInline
    var objectIndex = _SlotIndex()
    /// Entries that are not tombstones (some may be dead collected-tier entries not yet purged).
    @usableFromInline
    var storedCount = 0
    /// Stored entries whose objects are in the collected tier.
    @usableFromInline
    var collectedCount = 0
    /// No stored entry lives before this slot.
    @usableFromInline
    var firstCandidate = 0
    /// The slot count at which the next purge of collected-tier entries runs.
    @usableFromInline
    var purgeThreshold = _WeakTableState.minimumPurgeThreshold
    /// The dynamic type whose tier was checked last, and its answer: a one-entry cache that spares
    /// even the process-wide tier cache on every insertion when `Object` is not itself
    /// `DeinitObservable` (the objects of one collection are usually of one class).
    @usableFromInline
    var lastCheckedType: ObjectIdentifier?
    @usableFromInline
    var lastCheckedIsPrompt = false

    /// The subscribers to the deaths of this table's objects (``_DeathSubscribers``); `nil`, the common
    /// case, costs a death one load and no more.
    @usableFromInline
    var deathSubscribers: _DeathSubscribers<LookupKey, Payload>?

    @usableFromInline
    let link: _WeakTableLink<LookupKey, Payload>
    /// Finds a prompt-tier object's record without a dynamic cast, when `Object` is `DeinitObservable`.
    @usableFromInline
    let promptAttach: ((Object, _Observer) -> Bool)?
    /// How to register `link` inline on the objects (``_InlineRegistrant``) instead of an observer per
    /// entry, for a table whose `Object` type is `DeinitObservable` and that can find a dead object's
    /// entries by its address: under its key in a table keyed by its objects (``_AddressKey``), through
    /// ``objectIndex`` in any other (``WeakValueDictionary``); `nil` otherwise.
    @usableFromInline
    let inlineRegistration: _InlineRegistrationAccess<Object>?
    /// Whether entries registered inline are filed in ``objectIndex`` (the table is not keyed by its
    /// objects, see ``_WeakTableState/indexObject(_:at:)``).
    @usableFromInline
    let indexesObjects: Bool
    /// ``inlineRegistration``, for calls that need not retain it (the state holds it).
    @usableFromInline
    let inlineAccess: Unmanaged<_InlineRegistrationAccess<Object>>?
    /// Whether ``_InlineRegistrationAccess/verifyStoredConformance(of:)`` ran (once per table).
    @usableFromInline
    var isInlineRegistrationVerified = false

    /// The smallest slot count at which collected-tier entries are purged: below it a purge would cost
    /// more than the dead entries it could free.
    @inlinable
    static var minimumPurgeThreshold: Int { 32 }

    /// Tombstones tolerated regardless of the live count before compacting, so that a small table that
    /// alternates inserts and removals does not compact on every removal.
    @inlinable
    static var compactionSlack: Int { 16 }

    /// The largest capacity an emptied table keeps for reuse; a table that once held many entries gives
    /// its memory back when it empties.
    @inlinable
    static var retainedEmptyCapacity: Int { 64 }

    /// The index's share of ``retainedEmptyCapacity``.
    @inlinable
    static var retainedEmptyBucketCount: Int { _SlotIndex.bucketCount(for: retainedEmptyCapacity) }

    @inlinable
    init(link: _WeakTableLink<LookupKey, Payload>, promptAttach: ((Object, _Observer) -> Bool)?) {
        self.link = link
        self.promptAttach = promptAttach
        if promptAttach != nil {
            let access = _Referents.inlineRegistrationAccess(for: Object.self)
            inlineRegistration = access
            inlineAccess = access.map { Unmanaged.passUnretained($0) }
            indexesObjects = access != nil && !Self.isKeyedByObject
        } else {
            inlineRegistration = nil
            inlineAccess = nil
            indexesObjects = false
        }
    }

    /// Whether the table is keyed by its objects' addresses (``WeakSet``, ``WeakKeyDictionary``).
    @inlinable
    static var isKeyedByObject: Bool { LookupKey.self == _AddressKey.self }

    /// The identity in `key`, an ``_AddressKey`` (only tables that register inline call it).
    @inlinable
    @inline(__always)
    static func identity(ofAddressKey key: LookupKey) -> ObjectIdentifier {
        unsafeBitCast(key, to: _AddressKey.self).identity
    }

    /// The hash of `key` that the index uses. (`_AddressKey` supplies a few-instruction one.)
    @inlinable
    @inline(__always)
    static func hash(_ key: LookupKey) -> Int {
        key._rawHashValue(seed: 0)
    }

    /// The slot of the entry stored under `key`, if any.
    ///
    /// - Complexity: O(1) on average.
    @inlinable
    @inline(__always)
    func slot(for key: LookupKey) -> Int? {
        slot(for: key, hash: Self.hash(key))
    }

    /// The slot of the entry stored under `key`, whose hash (``hash(_:)``) is `hash`, if any. An
    /// operation that goes on to change the entry passes the hash along instead of hashing again.
    ///
    /// - Complexity: O(1) on average.
    @inlinable
    @inline(__always)
    func slot(for key: LookupKey, hash: Int) -> Int? {
        let storage = storage
        return index.slot(forHash: hash) { storage[$0].pointee.lookupKey == key }
    }

    /// Whether `object` is in the prompt tier.
    @inlinable
    mutating func isPrompt(_ object: Object) -> Bool {
        if promptAttach != nil { return true }
        let type = ObjectIdentifier(Swift.type(of: object))
        if type != lastCheckedType {
            lastCheckedType = type
            lastCheckedIsPrompt = _Referents.isPrompt(object)
        }
        return lastCheckedIsPrompt
    }

    /// Checks `object` before it is stored at `slot`; for the prompt tier, registers the entry's
    /// observer on it.
    ///
    /// - Returns: `.refused` when `object` is deinitializing (a weak reference formed in its `deinit`
    ///   reads `nil`): such an object is never stored. An observer that could not be registered goes to
    ///   `garbage`.
    @inlinable
    mutating func admit(_ object: Object, at slot: Int, into garbage: inout Garbage) -> _WeakTableAdmission<
        LookupKey, Payload
    > {
        let prompt = isPrompt(object)
        // A weak reference formed to a deinitializing object reads nil: such an object is never stored.
        // Asking the runtime directly spares a weak load (a retain and a release through the side
        // table); the caller holds `object`, so its memory is valid and its state cannot change here.
        guard !_isDeinitializing(ObjectIdentifier(object)) else { return .refused }
        guard prompt else { return .admitted(.collected) }
        if let inlineAccess {
            if !isInlineRegistrationVerified {
                inlineAccess._withUnsafeGuaranteedRef { $0.verifyStoredConformance(of: object) }
                isInlineRegistrationVerified = true
            }
            // No observer: the object's storage holds the table's link, and its death hands back the
            // object's address, which finds the entry: as its key, or filed in `objectIndex`. The
            // object's other entries in this table, if any, share their registration.
            let identity = ObjectIdentifier(object)
            if indexesObjects, indexedSlot(of: identity) != nil { return .admitted(.inline(identity)) }
            guard inlineAccess._withUnsafeGuaranteedRef({ $0.attach(object, link) }) else { return .refused }
            return .admitted(.inline(identity))
        }
        let observer = Observer(identity: ObjectIdentifier(object), slot: slot, link: link)
        // Inline in the object's storage when it is the object's only observer: the observer owns
        // nothing while its object lives, so a cancelled one may wait there for the object's next
        // registration or its death.
        let attached =
            if let promptAttach {
                promptAttach(object, observer)
            } else {
                observer.attach(to: object)
            }
        guard attached else {
            garbage.keep(observer)
            return .refused
        }
        return .admitted(.observer(observer))
    }

    /// Stores a new entry in a new slot at the end; the caller has put (or reserved) its key in the
    /// index.
    @inlinable
    mutating func appendEntry(
        _ object: Object, key: LookupKey, payload: __owned Payload, registration: __owned Entry.Registration
    ) {
        count(registration, at: storage.slotCount)
        storedCount += 1
        storage.append(object: object, lookupKey: key, payload: payload, registration: registration)
    }

    /// Counts a new entry's `registration`, to be stored at `slot`: in ``collectedCount``, or, for one
    /// registered inline, in ``objectIndex`` when the table files entries there.
    @inlinable
    @inline(__always)
    mutating func count(_ registration: Entry.Registration, at slot: Int) {
        if registration.isCollected {
            collectedCount += 1
        } else if indexesObjects, let identity = registration.inlineIdentity {
            indexObject(identity, at: slot)
        }
    }

    /// Appends a new entry for `object`, purging dead collected-tier entries first when due.
    ///
    /// - Returns: Whether it was stored (not if `object` is deinitializing).
    @inlinable
    @discardableResult
    mutating func append(
        _ object: Object, key: LookupKey, hash: Int, payload: Payload, into garbage: inout Garbage
    ) -> Bool {
        purgeIfDue(into: &garbage)
        let slot = storage.slotCount
        guard case .admitted(let registration) = admit(object, at: slot, into: &garbage) else { return false }
        appendEntry(object, key: key, payload: payload, registration: registration)
        index.insert(slot, forHash: hash)
        return true
    }

    /// Purges dead collected-tier entries when the slots have grown to the threshold. A store calls it
    /// before it looks its key up, so that the slot it finds stays valid.
    @inlinable
    mutating func purgeIfDue(into garbage: inout Garbage) {
        if collectedCount > 0, storage.slotCount >= purgeThreshold {
            purge(into: &garbage)
        }
    }

    /// The slot stored under `key`, whose hash is `hash`; or, if `key` is absent, `nil` — and then
    /// `key` already maps to the next slot, `storage.slotCount`, so that a store of a new key probes
    /// the index once rather than twice. After `nil`, the caller must call
    /// ``appendReserved(_:key:hash:payload:into:)`` before anything else changes the slots.
    @inlinable
    mutating func slotOrReservation(for key: LookupKey, hash: Int) -> Int? {
        let storage = storage
        return index.slotOrInsert(storage.slotCount, forHash: hash) {
            storage[$0].pointee.lookupKey == key
        }
    }

    /// Appends the new entry for a key that ``slotOrReservation(for:)`` reserved. If `object` is
    /// deinitializing, nothing is stored and the reservation is withdrawn.
    ///
    /// - Returns: Whether it was stored.
    @inlinable
    @discardableResult
    mutating func appendReserved(
        _ object: Object, key: LookupKey, hash: Int, payload: Payload, into garbage: inout Garbage
    ) -> Bool {
        guard case .admitted(let registration) = admit(object, at: storage.slotCount, into: &garbage) else {
            // Withdraw the reservation.
            index.remove(storage.slotCount, forHash: hash)
            return false
        }
        appendEntry(object, key: key, payload: payload, registration: registration)
        return true
    }

    /// Puts a new entry for `object` in place of the entry at `slot`, which keeps its position
    /// (re-inserting a key keeps its place in the order). The old entry goes to `garbage`.
    @inlinable
    mutating func replace(
        slot: Int, with object: Object, key: LookupKey, payload: Payload,
        registration: __owned Entry.Registration, into garbage: inout Garbage
    ) {
        unindexObject(at: slot)
        count(registration, at: slot)
        // The new key is equal to the old one, so the index (which holds the slot, not a key) is unchanged;
        // the old key leaves with the old entry's remains, which `garbage` releases after unlocking.
        let old = storage.exchange(
            slot, object: object, lookupKey: key, payload: payload, registration: registration)
        if old.registration.isCollected { collectedCount -= 1 }
        dispose(old, into: &garbage)
    }

    /// Moves the entry at `slot` out, leaving a tombstone, and returns what it leaves (its weak reference
    /// is destroyed); the caller disposes of it (``dispose(_:into:)``). Call ``trim()`` when done
    /// removing.
    ///
    /// - Precondition: `slot` is occupied.
    @inlinable
    mutating func tombstone(slot: Int) -> Removed {
        tombstone(slot: slot, hash: Self.hash(storage[slot].pointee.lookupKey))
    }

    /// ``tombstone(slot:)`` for an entry whose key's hash the caller has (``hash(_:)``).
    @inlinable
    mutating func tombstone(slot: Int, hash: Int) -> Removed {
        let entry = takeEntry(slot)
        index.remove(slot, forHash: hash)
        storedCount -= 1
        if entry.registration.isCollected { collectedCount -= 1 }
        if slot == firstCandidate {
            while firstCandidate < storage.slotCount, !storage.isOccupied(firstCandidate) {
                firstCandidate += 1
            }
        }
        return entry
    }

    /// Moves the entry at the occupied `slot` out of the storage and of ``objectIndex``, leaving the
    /// key's index and the counts to the caller.
    @inlinable
    @inline(__always)
    mutating func takeEntry(_ slot: Int) -> Removed {
        unindexObject(at: slot)
        return storage.take(slot)
    }

    /// Puts what a removed entry leaves into `garbage`: its observer, if it has one, to unregister after
    /// unlocking, and its key and payload, to release after unlocking (moved, unless they own nothing).
    ///
    /// An entry registered inline is unregistered now, under the lock: only while the lock is held and
    /// the entry was stored is its object's memory certain to exist (``_InlineRegistrant``). What held
    /// the registration goes into `garbage`. When other entries of the object remain (``objectIndex``),
    /// they keep the registration.
    @inlinable
    @inline(__always)
    func dispose(_ removed: __owned Removed, into garbage: inout Garbage) {
        switch removed.registration {
        case .collected: break
        case .observer(let observer): garbage.append(removed: observer)
        case .inline:
            let identity = removed.registration.inlineIdentity.unsafelyUnwrapped
            if wasLastRegistered(identity) {
                let address = UInt(bitPattern: identity)
                garbage.keep(
                    inlineAccess.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.cancel(address, link) })
            }
        }
        if !Remains.ownNothing { garbage.keep(value: removed.remains) }
    }

    /// Drops trailing tombstones, and compacts when tombstones outnumber stored entries.
    @inlinable
    mutating func trim() {
        storage.dropTrailingTombstones()
        if storedCount == 0 {
            storage.removeAll(retainingCapacityUpTo: Self.retainedEmptyCapacity)
            index.removeAll(retainingBucketsUpTo: Self.retainedEmptyBucketCount)
            objectIndex.removeAll(retainingBucketsUpTo: Self.retainedEmptyBucketCount)
            firstCandidate = 0
            return
        }
        let tombstones = storage.slotCount - storedCount
        if tombstones > max(Self.compactionSlack, storedCount) { compact() }
    }

    /// Moves stored entries to the front, keeping their order, and renumbers their slots (in the
    /// indexes and in prompt-tier observers).
    @inlinable
    mutating func compact() {
        var write = 0
        for read in 0..<storage.slotCount where storage.isOccupied(read) {
            if write != read {
                storage.move(from: read, to: write)
                let entry = storage[write]
                index.move(read, to: write, forHash: Self.hash(entry.pointee.lookupKey))
                switch entry.pointee.registration {
                case .collected: break
                case .observer(let observer): observer.slot = write
                case .inline:
                    guard indexesObjects else { break }
                    let identity = entry.pointee.registration.inlineIdentity.unsafelyUnwrapped
                    objectIndex.move(read, to: write, forHash: Self.objectHash(identity))
                }
            }
            write += 1
        }
        storage.truncate(to: write)
        firstCandidate = 0
    }

    /// Removes every dead collected-tier entry (prompt-tier entries remove themselves).
    ///
    /// - Returns: How many entries it removed.
    @inlinable
    @discardableResult
    mutating func purge(into garbage: inout Garbage) -> Int {
        var removed = 0
        if collectedCount > 0 {
            garbage.reserveReferences(collectedCount)
            for slot in firstCandidate..<storage.slotCount where storage.isOccupied(slot) {
                guard storage[slot].pointee.registration.isCollected else { continue }
                if let object = storage.object(at: slot) {
                    // Released after unlocking: the last reference may have gone meanwhile.
                    garbage.keepInBulk(object)
                } else {
                    let dead = tombstone(slot: slot)
                    reportDeath(of: dead, into: &garbage)
                    dispose(dead, into: &garbage)
                    removed += 1
                }
            }
            trim()
            // The scan already cost O(n): compact as well, so that the next purge is due when the live
            // entries have doubled. (Measured from the slot count, tombstones included, dead entries
            // and tombstones could reach three times the live entries between purges.)
            if storage.slotCount > storedCount { compact() }
        }
        purgeThreshold = max(_WeakTableState.minimumPurgeThreshold, storedCount * 2)
        return removed
    }
}
