/// The observers of one referent, and whether it has died.
///
/// A prompt-tier record lives in the object's ``DeinitObservers`` and is guarded by one of a fixed set
/// of striped locks; a collected-tier record lives in a shard of ``_ReferentRegistry``, is guarded by
/// that shard's lock, and holds its referent weakly so that a collection can find out it died.
@usableFromInline
final class _ReferentRecord: @unchecked Sendable {  // @unchecked: mutable state is guarded by `lock`.
    let lock: _Lock

    /// The referent, for collected-tier records only (prompt-tier records die with their owner).
    weak var object: AnyObject?

    /// The collected-tier registry key and shard; `nil` for prompt-tier records.
    let registryKey: ObjectIdentifier?
    unowned(unsafe) let shard: _ReferentRegistry.Shard?
    /// Where a collected-tier record is in its shard's dense records (guarded by the shard's lock, which
    /// is `lock`).
    @exclusivity(unchecked)
    var registryPosition = 0

    // Guarded by `lock`.
    @exclusivity(unchecked)
    private var observers = _IntrusiveList<_RecordList>()
    @exclusivity(unchecked)
    private(set) var isDead = false
    /// Set when this collected-tier record left the registry because its last observer was cancelled
    /// while its referent lived on. A thread that looked it up just before must look up again: a
    /// collection would never visit this record, so an observer linked into it would never fire.
    @exclusivity(unchecked)
    private(set) var isRetired = false

    /// What ``link(_:)`` did.
    enum LinkResult {
        case linked
        /// The referent already died: the registration is dead.
        case referentDied
        /// The record left the registry (see ``isRetired``): look the referent up again.
        case retired
    }

    /// A prompt-tier record.
    init(lock: _Lock) {
        self.lock = lock
        self.registryKey = nil
        self.shard = nil
    }

    /// A collected-tier record; the caller holds `shard.lock` and inserts the record.
    init(collectedObject object: AnyObject, shard: _ReferentRegistry.Shard) {
        self.lock = shard.lock
        self.object = object
        self.registryKey = ObjectIdentifier(object)
        self.shard = shard
    }

    /// The number of linked observers.
    var observerCount: Int { lock.withLock { _ in observers.count } }

    /// Links `observer` as the newest observer, unless the referent already died or the record retired.
    func link(_ observer: _Observer) -> LinkResult {
        lock.withLock(keepingAlive: observer) { _ in
            defer { _checkInvariants() }
            if isDead { return .referentDied }
            if isRetired { return .retired }
            observers.pushFront(observer)
            return .linked
        }
    }

    /// Unlinks `observer` if it is still linked. A collected-tier record that loses its last observer
    /// leaves the registry, so that long-lived objects do not keep records they no longer need.
    func unlink(_ observer: _Observer) -> Bool {
        lock.withLock(keepingAlive: observer) { garbage in
            defer { _checkInvariants() }
            guard let listReference = observers.remove(observer) else { return false }
            garbage.keep(listReference)
            if observers.count == 0, let shard {
                shard.remove(self, into: &garbage)
                isRetired = true
                shard._checkInvariants()
            }
            return true
        }
    }

    /// Marks the referent dead and hands back its observers, newest first, for delivery.
    func die() -> _Observer? {
        lock.withLock { _ in dieLocked() }
    }

    /// ``die()`` for callers that already hold ``lock``: the chain leaves through their result.
    func dieLocked() -> _Observer? {
        isDead = true
        let chain = observers.removeAll()
        _checkInvariants()
        return chain
    }

    /// The linked observers, newest first.
    func snapshot() -> [_Observer] {
        lock.withLock { _ in
            var result: [_Observer] = []
            result.reserveCapacity(observers.count)
            observers.forEach { result.append($0) }
            return result
        }
    }

    /// Traps if the record is inconsistent: broken links, a wrong count, or observers left on a dead or
    /// retired record. Called with the lock held after every mutation in debug builds; compiled out of
    /// optimized builds.
    func _checkInvariants() {
        #if DEBUG
            observers._checkInvariants()
            if isDead { precondition(observers.count == 0, "a dead record still lists observers") }
            if isRetired { precondition(observers.count == 0, "a retired record still lists observers") }
        #endif
    }
}

/// The list of a record's observers, threaded through ``_Observer``'s links.
@usableFromInline
enum _RecordList: _IntrusiveListTag {
    @usableFromInline
    static subscript(next node: _Observer) -> _Observer? {
        _read { yield node._next }
        _modify { yield &node._next }
    }

    @usableFromInline
    static subscript(previous node: _Observer) -> _Observer? {
        get { node._previous }
        set { node._previous = newValue }
    }

    @usableFromInline
    static subscript(isLinked node: _Observer) -> Bool {
        get { node._isLinked }
        set { node._isLinked = newValue }
    }
}
