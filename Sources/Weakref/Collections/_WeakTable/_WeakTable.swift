/// The one weak table behind ``WeakSet``, ``WeakKeyDictionary`` and ``WeakValueDictionary``.
///
/// Each entry holds one object weakly and is found through `LookupKey`: the object's identity for the
/// weak set and the weak-keyed dictionary, the user's key for the weak-valued dictionary.
///
/// Storage (``_WeakTableState``) is a dense buffer of entry structs in insertion order
/// (``_WeakTableStorage``), with tombstones where entries were removed, plus a hash index from lookup
/// key to slot. Removal is O(1); the buffer is compacted when tombstones outnumber live entries, so it
/// stays O(1) amortized and memory stays proportional to the live entries. A collected-tier entry
/// allocates nothing of its own.
///
/// Identity (DESIGN §3): a freed object's address is reused at once, so an index hit is trusted only
/// when the entry's weak reference still yields the very object asked about. A dead entry is absent for
/// every operation, even before it is physically removed.
///
/// Deaths: a prompt-tier object's entry leaves the table in the object's deinit. When `Object` is a
/// `DeinitObservable` type, the table's one link is registered inline on the object
/// (``_InlineRegistrant``) and the death hands back the object's address, which finds the entry: it is
/// the key of a weak set or weak-keyed dictionary, and the weak-valued dictionary files its entries by
/// object in a second index (``_WeakTableState/objectIndex``). Otherwise (an object whose dynamic type
/// alone is observable) the entry has an observer of its own (``_WeakTableObserver``), found by the
/// observer's slot and checked by observer identity (so a replaced entry's late death never evicts its
/// successor). Collected-tier entries are purged by a full scan, run when the stored entries have
/// doubled since the last purge (O(1) amortized per insertion) and at every ``Collector/collect()``.
///
/// Locking: one lock per table, taken only through ``withState(body:)``. Under it the table never runs
/// user code and never releases anything user code may own: removed entries' keys, payloads and
/// observers, replaced payloads and objects loaded from weak references go into a ``_Garbage`` bag or
/// out with the result, both released after unlocking by construction (a prompt-tier death moves the
/// dead entry's key and payload into its observer, which the death's delivery loop releases). Keys of
/// the weak-valued dictionary are the exception that cannot be avoided: their `hash(into:)` and `==` run under the lock, so they must not
/// release the last reference to an object observed by the same dictionary.
///
/// Performance: the hot paths are inlinable so that clients specialize them for their own types, and
/// the state lives behind a pointer so that its accesses need no dynamic exclusivity checks (the lock
/// already excludes other accesses).
@usableFromInline
// @unchecked: all state is behind `lock`, reached only through `withState`; `lock`, `state` are `let`s.
final class _WeakTable<LookupKey: Hashable, Object: AnyObject, Payload>: @unchecked Sendable {
    @usableFromInline
    typealias State = _WeakTableState<LookupKey, Object, Payload>

    @usableFromInline
    let lock: _Lock
    /// Guarded by `lock`; allocated once, never moved.
    @usableFromInline
    let state: UnsafeMutablePointer<State>

    @inlinable
    init() {
        lock = _Lock()
        let link = _WeakTableLink<LookupKey, Payload>()
        state = .allocate(capacity: 1)
        state.initialize(
            to: State(link: link, promptAttach: _Referents.promptAttachAccessor(for: Object.self)))
        link.table = self
        link.removeDeadEntry = { table, observer in
            unsafeDowncast(table, to: _WeakTable.self).removeDeadEntry(of: observer)
        }
        if state.pointee.inlineRegistration != nil {
            link.removeDeadObject = { table, address, inPhaseOne in
                unsafeDowncast(table, to: _WeakTable.self).removeDeadObject(
                    at: address, inPhaseOne: inPhaseOne)
            }
        }
        if state.pointee.promptAttach == nil {
            // Collected-tier objects cannot announce their deaths; let `collect()` purge this table.
            _registerForCollection()
        }
    }

    deinit {
        // Observers of prompt-tier objects are linked into their objects' records; unlink them so the
        // records do not keep them alive. Then the entries are destroyed. Nothing is locked here.
        //
        // Inline registrations stay where they are: the
        // objects' deaths no longer reach this table (the link's weak reference to it reads `nil`), so
        // nothing keeps their memory for this `deinit`. Each holds the link until its object dies or
        // the object's next registration drops it (``_InlineRegistrant/isDefunct``).
        let storage = state.pointee.storage
        for slot in 0..<storage.slotCount where storage.isOccupied(slot) {
            if case .observer(let observer) = storage[slot].pointee.registration { observer.cancel() }
        }
        state.pointee.storage.destroy()
        state.pointee.index.deallocate()
        state.pointee.objectIndex.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @usableFromInline
    func _registerForCollection() {
        _CollectionPurges.shared.register(self)
    }

    /// Removes the entry of `observer` if it is still stored; called at the prompt-tier death of its
    /// object.
    ///
    /// This runs in phase one of the death (``_Observer/referentDidDie()``), where no user code may run:
    /// the entry's key and payload, and the delivery to death subscribers, leave through the result and
    /// go to phase two, as those of an entry registered inline do (``removeDeadObject(at:inPhaseOne:)``).
    @inlinable
    func removeDeadEntry(of observer: State.Observer) {
        let (delivery, remains) = withState(keepingAlive: observer) {
            state, garbage -> ((() -> Void)?, State.Remains?) in
            let slot = observer.slot
            guard slot < state.storage.slotCount, state.storage.isOccupied(slot),
                state.storage[slot].pointee.registration.holds(observer)
            else { return (nil, nil) }
            let entry = state.tombstone(slot: slot)
            state.trim()
            let delivery = state.deathSubscribers?.delivery(entry.lookupKey, entry.payload)
            // The record has unlinked `observer` already: only the table's reference to it goes, and it
            // is not the last (the caller holds one).
            if case .observer(let registered) = entry.registration { garbage.keep(registered) }
            return (delivery, State.Remains.ownNothing ? nil : entry.remains)
        }
        Self.deliver(afterDeath: consume delivery, inPhaseOne: true)
        Self.deliver(afterDeath: Self.release(consume remains), inPhaseOne: true)
    }

    /// Removes the entries of the object at `address`, registered inline (``_InlineRegistrant``), if
    /// they are still stored; called at the object's prompt-tier death.
    ///
    /// The entries are found by the object's address: under it as their key in a table keyed by its
    /// objects, which holds one entry per object; through the object index in a weak-valued dictionary,
    /// where the object may be the value of several keys. No other object can have had the address since
    /// the entries were stored (this one's memory is freed after this returns), and a deinitializing
    /// object is never stored again.
    ///
    /// Nothing the entries owned is released here, in the middle of a death: their keys and payloads,
    /// and the deliveries to death subscribers, leave through the result and go to the delivery loop
    /// (``_Deaths``), in phase two when this runs in phase one of a delivered death. The loop releases
    /// them one by one, so that a payload owning the next object of a chain makes that death wait its
    /// turn rather than nest (DESIGN §5.7). Those of a second entry and beyond (rare) leave together,
    /// in one piece of work.
    @inlinable
    func removeDeadObject(at address: UInt, inPhaseOne: Bool) {
        let identity = _AddressKey(address: address).identity
        let (delivery, remains, others) = withState {
            state, _ -> ((() -> Void)?, State.Remains?, [(delivery: (() -> Void)?, remains: State.Remains?)]?)
            in
            guard let (slot, hash) = state.inlineSlot(of: identity) else { return (nil, nil, nil) }
            let entry = state.tombstone(slot: slot, hash: hash)
            let delivery = state.deathSubscribers?.delivery(entry.lookupKey, entry.payload)
            // Statically absent from a table keyed by its objects (one entry per object).
            var others: [(delivery: (() -> Void)?, remains: State.Remains?)]? = nil
            while !State.isKeyedByObject, let (slot, hash) = state.inlineSlot(of: identity) {
                let other = state.tombstone(slot: slot, hash: hash)
                let delivery = state.deathSubscribers?.delivery(other.lookupKey, other.payload)
                guard delivery != nil || !State.Remains.ownNothing else { continue }
                others = (others ?? []) + [(delivery, State.Remains.ownNothing ? nil : other.remains)]
            }
            // Compaction renumbers slots: only once every entry of the object is out.
            state.trim()
            return (delivery, State.Remains.ownNothing ? nil : entry.remains, others)
        }
        // Each moves into the loop's queue: no reference stays here, so the loop's release of the work
        // is the last one, inside the loop (with a copy left here, a chain's next death would nest).
        Self.deliver(afterDeath: consume delivery, inPhaseOne: inPhaseOne)
        Self.deliver(afterDeath: Self.release(consume remains), inPhaseOne: inPhaseOne)
        guard let others = consume others else { return }
        Self.deliver(
            afterDeath: { [others = consume others] in
                for other in others { other.delivery?() }
            }, inPhaseOne: inPhaseOne)
    }

    /// Moves `work`, if any, into the delivery loop's queue (``_Deaths``) for the death being handled.
    @inlinable
    static func deliver(afterDeath work: consuming (() -> Void)?, inPhaseOne: Bool) {
        guard let work = consume work else { return }
        if inPhaseOne {
            _Deaths.deliverInPhaseTwo(consume work)
        } else {
            _Deaths.deliverAfterInlineDeath(consume work)
        }
    }

    /// Work that holds `remains`, if any, and drops them when the delivery loop releases it.
    @inlinable
    static func release(_ remains: __owned State.Remains?) -> (() -> Void)? {
        guard let remains else { return nil }
        return { withExtendedLifetime(remains) {} }
    }

    /// Runs `body` on the state with the lock held (``_Lock/withLock(discarding:body:)``):
    /// whatever leaves the state goes into the bag or the result, released after unlocking. In debug
    /// builds the table's invariants are checked before unlocking.
    @inlinable
    @inline(__always)
    func withState<Result>(body: (inout State, inout State.Garbage) -> Result) -> Result {
        lock.withLock(discarding: State.Remains.self) { garbage in checked(body, &garbage) }
    }

    /// ``withState(body:)`` that also keeps `argument` (what the caller passed in and `body` uses) alive
    /// until after unlocking (``_Lock/withLock(discarding:keepingAlive:body:)``).
    @inlinable
    @inline(__always)
    func withState<Argument, Result>(
        keepingAlive argument: Argument, body: (inout State, inout State.Garbage) -> Result
    ) -> Result {
        lock.withLock(discarding: State.Remains.self, keepingAlive: argument) { garbage in
            checked(body, &garbage)
        }
    }

    /// ``withState(keepingAlive:body:)`` for two arguments.
    @inlinable
    @inline(__always)
    func withState<First, Second, Result>(
        keepingAlive first: First, _ second: Second, body: (inout State, inout State.Garbage) -> Result
    ) -> Result {
        lock.withLock(discarding: State.Remains.self, keepingAlive: first, second) { garbage in
            checked(body, &garbage)
        }
    }

    /// Runs `body` on the state, then, in debug builds, checks the table's invariants. The lock is held.
    @inlinable
    @inline(__always)
    func checked<Result>(
        _ body: (inout State, inout State.Garbage) -> Result, _ garbage: inout State.Garbage
    ) -> Result {
        let result = body(&state.pointee, &garbage)
        #if DEBUG
            state.pointee._checkInvariants()
        #endif
        return result
    }

    /// The number of slots in use, tombstones included (for tests of the memory bound).
    var storageCount: Int { withState { state, _ in state.storage.slotCount } }

    /// Whether every `Object` is in the prompt tier (its static type conforms to `DeinitObservable`).
    /// Reads only the accessor, which is immutable: no lock needed.
    var objectTypeIsPrompt: Bool { state.pointee.promptAttach != nil }
}

extension _WeakTable: _Purgeable {
    func purgeDeadEntries() -> Int {
        withState { state, garbage in state.purge(into: &garbage) }
    }
}
