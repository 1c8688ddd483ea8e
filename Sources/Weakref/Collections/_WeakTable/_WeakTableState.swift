/// The storage of a ``_WeakTable`` and its slot bookkeeping. Every mutating method expects the table's
/// lock to be held; none runs user code or releases anything user code may own: removed entries and
/// loaded objects go into the critical section's ``_Garbage`` bag.
@usableFromInline
struct _WeakTableState<LookupKey: Hashable, Object: AnyObject, Payload> {
    @usableFromInline
    typealias Entry = _WeakTableEntry<LookupKey, Object, Payload>

    @usableFromInline
    var entries: [Entry?] = []
    @usableFromInline
    var index: [LookupKey: Int] = [:]
    /// Entries that are not tombstones (some may be dead collected-tier entries not yet purged).
    @usableFromInline
    var storedCount = 0
    /// Stored entries whose objects are in the collected tier.
    @usableFromInline
    var collectedCount = 0
    /// No stored entry lives before this slot.
    @usableFromInline
    var firstCandidate = 0
    /// The array size at which the next purge of collected-tier entries runs.
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
    let link: _WeakTableLink<LookupKey, Object, Payload>
    /// Finds a prompt-tier object's record without a dynamic cast, when `Object` is `DeinitObservable`.
    @usableFromInline
    let promptRecord: ((Object) -> _ReferentRecord)?

    /// The smallest array size at which collected-tier entries are purged: below it a purge would cost
    /// more than the dead entries it could free.
    @inlinable
    static var minimumPurgeThreshold: Int { 32 }

    /// Tombstones tolerated regardless of the live count before compacting, so that a small table that
    /// alternates inserts and removals does not compact on every removal.
    @inlinable
    static var compactionSlack: Int { 16 }

    /// The largest entry-array capacity an emptied table keeps for reuse; a table that once held many
    /// entries gives its memory back when it empties.
    @inlinable
    static var retainedEmptyCapacity: Int { 64 }

    @inlinable
    init(
        link: _WeakTableLink<LookupKey, Object, Payload>,
        promptRecord: ((Object) -> _ReferentRecord)?
    ) {
        self.link = link
        self.promptRecord = promptRecord
    }

    /// Whether `object` is in the prompt tier.
    @inlinable
    mutating func isPrompt(_ object: Object) -> Bool {
        if promptRecord != nil { return true }
        let type = ObjectIdentifier(Swift.type(of: object))
        if type != lastCheckedType {
            lastCheckedType = type
            lastCheckedIsPrompt = _Referents.isPrompt(object)
        }
        return lastCheckedIsPrompt
    }

    /// Creates, checks and (for the prompt tier) registers a new entry for `object` at `slot`.
    ///
    /// - Returns: `nil` when `object` is deinitializing (a weak reference formed in its `deinit` reads
    ///   `nil`): such an object is never stored. The unused entry goes to `garbage`.
    @inlinable
    mutating func makeEntry(
        _ object: Object, key: LookupKey, payload: Payload, slot: Int, into garbage: inout _Garbage<Payload>
    ) -> Entry? {
        let prompt = isPrompt(object)
        let entry = Entry(
            object: object, lookupKey: key, payload: payload, slot: slot, isPrompt: prompt, link: link)
        // A weak reference formed to a deinitializing object reads nil: such an object is never stored.
        // Asking the runtime directly spares a weak load (a retain and a release through the side
        // table); the caller holds `object`, so its memory is valid and its state cannot change here.
        guard !_isDeinitializing(ObjectIdentifier(object)) else {
            garbage.keep(entry)
            return nil
        }
        if prompt {
            let attached =
                if let promptRecord {
                    entry.attach(toRecord: promptRecord(object))
                } else {
                    // Always in the record, never inline: a cancelled inline observer stays with its
                    // object until the next registration, and an entry owns its payload.
                    entry.attach(toRecord: _Referents.record(for: object))
                }
            guard attached else {
                garbage.keep(entry)
                return nil
            }
        }
        return entry
    }

    /// Appends a new entry for `object`, purging dead collected-tier entries first when due.
    @inlinable
    @discardableResult
    mutating func append(
        _ object: Object, key: LookupKey, payload: Payload, into garbage: inout _Garbage<Payload>
    ) -> Entry? {
        purgeIfDue(into: &garbage)
        guard
            let entry = makeEntry(
                object, key: key, payload: payload, slot: entries.count, into: &garbage)
        else { return nil }
        entries.append(entry)
        index[key] = entry.slot
        storedCount += 1
        if !entry.isPrompt { collectedCount += 1 }
        return entry
    }

    /// Purges dead collected-tier entries when the entries have grown to the threshold. A store calls
    /// it before it looks its key up, so that the slot it finds stays valid.
    @inlinable
    mutating func purgeIfDue(into garbage: inout _Garbage<Payload>) {
        if collectedCount > 0, entries.count >= purgeThreshold {
            purge(into: &garbage)
        }
    }

    /// The slot stored under `key`; or, if `key` is absent, `nil` — and then `key` already maps to
    /// the next slot, `entries.count`, so that a store of a new key probes the index once rather than
    /// twice. After `nil`, the caller must call ``appendReserved(_:key:payload:into:)`` before
    /// anything else changes the entries.
    @inlinable
    mutating func slotOrReservation(for key: LookupKey) -> Int? {
        let next = entries.count
        var existing: Int?
        Self.note(&index[key, default: next], unless: next, in: &existing)
        return existing
    }

    @inlinable
    static func note(_ slot: inout Int, unless reserved: Int, in existing: inout Int?) {
        // A stored slot is always below `entries.count`, so only a reservation equals `reserved`.
        if slot != reserved { existing = slot }
    }

    /// Appends the new entry for a key that ``slotOrReservation(for:)`` reserved. If `object` is
    /// deinitializing, nothing is stored and the reservation is withdrawn.
    @inlinable
    @discardableResult
    mutating func appendReserved(
        _ object: Object, key: LookupKey, payload: Payload, into garbage: inout _Garbage<Payload>
    ) -> Entry? {
        guard
            let entry = makeEntry(
                object, key: key, payload: payload, slot: entries.count, into: &garbage)
        else {
            // Withdraw the reservation; the index's copy of the key goes into the bag.
            if let position = index.index(forKey: key) {
                garbage.retire(index.remove(at: position).key)
            }
            return nil
        }
        entries.append(entry)
        storedCount += 1
        if !entry.isPrompt { collectedCount += 1 }
        return entry
    }

    /// Puts `entry` in place of the entry at `slot`, which keeps its position (re-inserting a key keeps
    /// its place in the order). The old entry goes to `garbage`.
    @inlinable
    mutating func replace(slot: Int, with entry: Entry, into garbage: inout _Garbage<Payload>) {
        guard let old = entries[slot] else { return }
        if !old.isPrompt { collectedCount -= 1 }
        if !entry.isPrompt { collectedCount += 1 }
        entries[slot] = entry
        // Re-key the index with the new entry's key. A caller's key may be equal to the stored one and
        // still be a different value (holding other objects); if the index kept the old key after the
        // old entry left, removing the index key later would release the last reference to it — and
        // whatever it owns, maybe an object of this table — under the lock. The old key removed here is
        // still referenced by the old entry, which `garbage` releases after unlocking.
        // A key of a trivial type (an `Int`, an `ObjectIdentifier`) owns nothing, so keeping the old
        // copy is harmless, and it maps to this slot already: spare the two probes.
        if !_isPOD(LookupKey.self), let position = index.index(forKey: old.lookupKey) {
            garbage.retire(index.remove(at: position).key)
            index[entry.lookupKey] = slot
        }
        garbage.append(removed: old)
    }

    /// Turns the entry at `slot` into a tombstone and returns it; the caller decides where it goes.
    /// Call ``trim()`` when done removing.
    @inlinable
    @discardableResult
    mutating func tombstone(slot: Int) -> Entry? {
        guard let entry = entries[slot] else { return nil }
        entries[slot] = nil
        // One probe: remove by position, which does not hash again. The index's copy of the key is the
        // entry's own (stored together), so dropping it here releases nothing the entry does not hold.
        if let position = index.index(forKey: entry.lookupKey), index.values[position] == slot {
            index.remove(at: position)
        }
        storedCount -= 1
        if !entry.isPrompt { collectedCount -= 1 }
        if slot == firstCandidate {
            while firstCandidate < entries.count, entries[firstCandidate] == nil { firstCandidate += 1 }
        }
        return entry
    }

    /// Drops trailing tombstones, and compacts when tombstones outnumber stored entries.
    @inlinable
    mutating func trim() {
        while !entries.isEmpty, entries[entries.count - 1] == nil { entries.removeLast() }
        if storedCount == 0 {
            entries.removeAll(keepingCapacity: entries.capacity <= Self.retainedEmptyCapacity)
            firstCandidate = 0
            return
        }
        let tombstones = entries.count - storedCount
        if tombstones > max(Self.compactionSlack, storedCount) { compact() }
    }

    /// Moves stored entries to the front, keeping their order, and renumbers their slots.
    @inlinable
    mutating func compact() {
        var write = 0
        for read in entries.indices {
            guard let entry = entries[read] else { continue }
            if write != read {
                entries[write] = entry
                entry.slot = write
                index[entry.lookupKey] = write
            }
            write += 1
        }
        entries.removeLast(entries.count - write)
        firstCandidate = 0
    }

    /// Removes every dead collected-tier entry (prompt-tier entries remove themselves).
    ///
    /// - Returns: How many entries it removed.
    @inlinable
    @discardableResult
    mutating func purge(into garbage: inout _Garbage<Payload>) -> Int {
        var removed = 0
        if collectedCount > 0 {
            garbage.reserveReferences(collectedCount)
            for slot in firstCandidate..<entries.count {
                guard let entry = entries[slot], !entry.isPrompt else { continue }
                if let object = entry.object {
                    // Released after unlocking: the last reference may have gone meanwhile.
                    garbage.keepInBulk(object)
                } else if let dead = tombstone(slot: slot) {
                    reportDeath(of: dead, into: &garbage)
                    garbage.append(removed: dead)
                    removed += 1
                }
            }
            trim()
            // The scan already cost O(n): compact as well, so that the next purge is due when the live
            // entries have doubled. (Measured from the array size, tombstones included, dead entries
            // and tombstones could reach three times the live entries between purges.)
            if entries.count > storedCount { compact() }
        }
        purgeThreshold = max(_WeakTableState.minimumPurgeThreshold, storedCount * 2)
        return removed
    }
}
