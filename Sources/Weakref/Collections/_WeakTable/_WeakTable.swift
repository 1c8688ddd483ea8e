/// The one weak table behind ``WeakSet``, ``WeakKeyDictionary`` and ``WeakValueDictionary``.
///
/// Each entry holds one object weakly and is found through `LookupKey`: the object's identity for the
/// weak set and the weak-keyed dictionary, the user's key for the weak-valued dictionary.
///
/// Storage (``_WeakTableState``) is a dense array of entries in insertion order, with tombstones
/// (`nil`) where entries were removed, plus a hash index from lookup key to slot. Removal is O(1); the
/// array is compacted when tombstones outnumber live entries, so it stays O(1) amortized and memory
/// stays proportional to the live entries.
///
/// Identity (DESIGN §3): a freed object's address is reused at once, so an index hit is trusted only
/// when the entry's weak reference still yields the very object asked about. A dead entry is absent for
/// every operation, even before it is physically removed.
///
/// Deaths: a prompt-tier object's entry is registered on it and leaves the table in its deinit, by
/// entry identity (so a replaced entry's late death never evicts its successor). Collected-tier entries
/// are purged by a full scan, run when the stored entries have doubled since the last purge (O(1)
/// amortized per insertion) and at every ``Collector/collect()``.
///
/// Locking: one lock per table, taken only through ``withState(_:)``. Under it the table never runs user
/// code and never releases anything user code may own: removed entries, replaced payloads and objects
/// loaded from weak references go into a ``_Garbage`` bag or out with the result, both released after
/// unlocking by construction. Keys of the weak-valued dictionary are the
/// exception that cannot be avoided: their `hash(into:)` and `==` run under the lock, so they must not
/// release the last reference to an object observed by the same dictionary.
///
/// Performance: the hot paths are inlinable so that clients specialize them for their own types, and
/// the state lives behind a pointer so that its accesses need no dynamic exclusivity checks (the lock
/// already excludes other accesses).
@usableFromInline
// @unchecked: all state is behind `lock`, reached only through `withState`; `lock`, `state` are `let`s.
final class _WeakTable<LookupKey: Hashable, Object: AnyObject, Payload>: @unchecked Sendable {
    @usableFromInline
    typealias Entry = _WeakTableEntry<LookupKey, Object, Payload>
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
        let link = _WeakTableLink<LookupKey, Object, Payload>()
        state = .allocate(capacity: 1)
        state.initialize(
            to: State(link: link, promptRecord: _Referents.promptRecordAccessor(for: Object.self)))
        link.removeDeadEntry = { [weak self] entry in self?.removeDeadEntry(entry) }
        if state.pointee.promptRecord == nil {
            // Collected-tier objects cannot announce their deaths; let `collect()` purge this table.
            _registerForCollection()
        }
    }

    deinit {
        // Entries of prompt-tier objects are linked into their objects' records; unlink them so the
        // records do not keep them (and their payloads) alive. Nothing is locked here.
        for case let entry? in state.pointee.entries where entry.isPrompt {
            entry.cancel()
        }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @usableFromInline
    func _registerForCollection() {
        _CollectionPurges.shared.register(self)
    }

    /// Removes `entry` if it is still stored; called at the prompt-tier death of its object.
    ///
    /// This runs in phase one of the death (``_Observer/referentDidDie()``), where no user code may run:
    /// the delivery to death subscribers leaves through the result and is queued for phase two.
    @inlinable
    func removeDeadEntry(_ entry: Entry) {
        let delivery = withState(keepingAlive: entry) { state, garbage -> (() -> Void)? in
            let slot = entry.slot
            guard slot < state.entries.count, state.entries[slot] === entry else { return nil }
            // The record has unlinked `entry` already; only the table's reference goes.
            garbage.keep(state.tombstone(slot: slot))
            state.trim()
            return state.deathSubscribers?.delivery(entry.lookupKey, entry.payload)
        }
        if let delivery { _Deaths.deliverInPhaseTwo(delivery) }
    }

    /// Runs `body` on the state with the lock held (``_Lock/withLock(discarding:keepingAlive:body:)``):
    /// whatever leaves the state goes into the bag or the result, and `arguments` (what the caller
    /// passed in and `body` uses) stay alive, until after unlocking. In debug builds the table's
    /// invariants are checked before unlocking.
    @inlinable
    @inline(__always)
    func withState<each Argument, Result>(
        keepingAlive arguments: repeat each Argument,
        body: (inout State, inout _Garbage<Payload>) -> Result
    ) -> Result {
        lock.withLock(discarding: Payload.self, keepingAlive: repeat each arguments) { garbage in
            let result = body(&state.pointee, &garbage)
            #if DEBUG
                state.pointee._checkInvariants()
            #endif
            return result
        }
    }

    /// The size of the entry array, tombstones included (for tests of the memory bound).
    var storageCount: Int { withState { state, _ in state.entries.count } }

    /// Whether every `Object` is in the prompt tier (its static type conforms to `DeinitObservable`).
    /// Reads only the accessor, which is immutable: no lock needed.
    var objectTypeIsPrompt: Bool { state.pointee.promptRecord != nil }
}

extension _WeakTable: _Purgeable {
    func purgeDeadEntries() -> Int {
        withState { state, garbage in state.purge(into: &garbage) }
    }
}
