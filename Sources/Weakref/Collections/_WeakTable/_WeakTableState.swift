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
    /// entry: for a table keyed by its objects (``_AddressKey``) of a `DeinitObservable` type (a dead
    /// object's entry is found under its address); `nil` otherwise.
    @usableFromInline
    let inlineRegistration: _InlineRegistrationAccess<Object>?
    /// ``inlineRegistration``, for calls that need not retain it (the state holds it).
    @usableFromInline
    let inlineAccess: Unmanaged<_InlineRegistrationAccess<Object>>?
    /// What an entry registered inline holds where other prompt-tier entries hold their observer: one
    /// observer, never registered, shared by all of them (so that `observer == nil` still means the
    /// collected tier). Set exactly when ``inlineRegistration`` is.
    @usableFromInline
    let inlineMarker: Observer?
    /// The identity of ``inlineMarker``, compared without retaining anything.
    @usableFromInline
    let inlineMarkerIdentity: ObjectIdentifier?
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
        if promptAttach != nil, LookupKey.self == _AddressKey.self {
            let access = _Referents.inlineRegistrationAccess(for: Object.self)
            inlineRegistration = access
            inlineAccess = access.map { Unmanaged.passUnretained($0) }
            let marker = Observer(identity: ObjectIdentifier(link), slot: -1, link: link)
            inlineMarker = marker
            inlineMarkerIdentity = ObjectIdentifier(marker)
        } else {
            inlineRegistration = nil
            inlineAccess = nil
            inlineMarker = nil
            inlineMarkerIdentity = nil
        }
    }

    /// Whether `observer`, an entry's, is ``inlineMarker``: the entry is registered inline.
    @inlinable
    @inline(__always)
    func isInlineMarker(_ observer: Observer) -> Bool {
        ObjectIdentifier(observer) == inlineMarkerIdentity
    }

    /// The identity of the object of the prompt-tier entry at `slot`, whose observer is `observer`: the
    /// observer's, or for an entry registered inline, its key's (an ``_AddressKey``).
    @inlinable
    @inline(__always)
    func promptIdentity(at slot: Int, observer: Observer) -> ObjectIdentifier {
        guard isInlineMarker(observer) else { return observer.identity }
        return inlineIdentity(at: slot)
    }

    /// The identity of the object of the entry at `slot`, registered inline: its key's. Out of line, for
    /// the size of the inlined code around it (``cancelInlineRegistration(forKey:into:)``).
    @inlinable
    @inline(never)
    func inlineIdentity(at slot: Int) -> ObjectIdentifier {
        Self.identity(ofAddressKey: storage[slot].pointee.lookupKey)
    }

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
        guard prompt else { return .collected }
        if let inlineAccess {
            if !isInlineRegistrationVerified {
                inlineAccess._withUnsafeGuaranteedRef { $0.verifyStoredConformance(of: object) }
                isInlineRegistrationVerified = true
            }
            // No observer: the object's storage holds the table's link, and its death hands back the
            // object's address, the entry's key.
            guard inlineAccess._withUnsafeGuaranteedRef({ $0.attach(object, link) }) else { return .refused }
            return .prompt(inlineMarker.unsafelyUnwrapped)
        }
        let observer = Observer.make(identity: ObjectIdentifier(object), slot: slot, link: link)
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
        return .prompt(observer)
    }

    /// Stores a new entry in a new slot at the end; the caller has put (or reserved) its key in the
    /// index.
    @inlinable
    mutating func appendEntry(
        _ object: Object, key: LookupKey, payload: __owned Payload, observer: __owned Observer?
    ) {
        if observer == nil { collectedCount += 1 }
        storedCount += 1
        storage.append(object: object, lookupKey: key, payload: payload, observer: observer)
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
        let observer: Observer?
        switch admit(object, at: slot, into: &garbage) {
        case .refused: return false
        case .collected: observer = nil
        case .prompt(let registered): observer = registered
        }
        appendEntry(object, key: key, payload: payload, observer: observer)
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
        let observer: Observer?
        switch admit(object, at: storage.slotCount, into: &garbage) {
        case .refused:
            // Withdraw the reservation.
            index.remove(storage.slotCount, forHash: hash)
            return false
        case .collected: observer = nil
        case .prompt(let registered): observer = registered
        }
        appendEntry(object, key: key, payload: payload, observer: observer)
        return true
    }

    /// Puts a new entry for `object` in place of the entry at `slot`, which keeps its position
    /// (re-inserting a key keeps its place in the order). The old entry goes to `garbage`.
    @inlinable
    mutating func replace(
        slot: Int, with object: Object, key: LookupKey, payload: Payload, observer: __owned Observer?,
        into garbage: inout Garbage
    ) {
        if observer == nil { collectedCount += 1 }
        // The new key is equal to the old one, so the index (which holds the slot, not a key) is unchanged;
        // the old key leaves with the old entry's remains, which `garbage` releases after unlocking.
        let old = storage.exchange(slot, object: object, lookupKey: key, payload: payload, observer: observer)
        if old.observer == nil { collectedCount -= 1 }
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
        let entry = storage.take(slot)
        index.remove(slot, forHash: hash)
        storedCount -= 1
        if entry.observer == nil { collectedCount -= 1 }
        if slot == firstCandidate {
            while firstCandidate < storage.slotCount, !storage.isOccupied(firstCandidate) {
                firstCandidate += 1
            }
        }
        return entry
    }

    /// Puts what a removed entry leaves into `garbage`: its observer, to unregister after unlocking, and
    /// its key and payload, to release after unlocking (moved, unless they own nothing).
    ///
    /// An entry registered inline is unregistered now, under the lock: only while the lock is held and
    /// the entry was stored is its object's memory certain to exist (``_InlineRegistrant``). What held
    /// the registration goes into `garbage`.
    @inlinable
    @inline(__always)
    func dispose(_ removed: __owned Removed, into garbage: inout Garbage) {
        if let observer = removed.observer {
            if isInlineMarker(observer) {
                let address = UInt(bitPattern: Self.identity(ofAddressKey: removed.lookupKey))
                garbage.keep(
                    inlineAccess.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.cancel(address, link) })
                // The marker itself stays referenced by the state: dropping this reference frees nothing.
            } else {
                garbage.append(removed: observer)
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
            firstCandidate = 0
            return
        }
        let tombstones = storage.slotCount - storedCount
        if tombstones > max(Self.compactionSlack, storedCount) { compact() }
    }

    /// Moves stored entries to the front, keeping their order, and renumbers their slots (in the index
    /// and in prompt-tier observers).
    @inlinable
    mutating func compact() {
        var write = 0
        for read in 0..<storage.slotCount where storage.isOccupied(read) {
            if write != read {
                storage.move(from: read, to: write)
                let entry = storage[write]
                // The inline marker's `slot` is written too, and never read: cheaper than telling it apart.
                entry.pointee.observer?.slot = write
                index.move(read, to: write, forHash: Self.hash(entry.pointee.lookupKey))
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
                guard storage[slot].pointee.observer == nil else { continue }
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
