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
    /// Set when this collected-tier record left the registry because a sweep found it with no observers
    /// while its referent lived on. A thread that looked it up just before must look up again: a
    /// collection would never visit this record, so an observer linked into it would never fire.
    @exclusivity(unchecked)
    private(set) var isRetired = false
    /// Whether an observer was linked since the last sweep looked at this record (a new record counts
    /// as used): see ``retireIfUnobservedLocked(evenIfRecentlyUsed:)``.
    @exclusivity(unchecked)
    private var isRecentlyUsed = true

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
            isRecentlyUsed = true
            return .linked
        }
    }

    /// Unlinks `observer` if it is still linked.
    ///
    /// A collected-tier record left with no observers stays in the registry until its shard's next sweep
    /// retires it (``retireIfUnobservedLocked()``): an object observed again soon, such as one a
    /// reference is made to and dropped in a loop, reuses its record instead of paying for a new one
    /// (an allocation, a weak reference and an index entry) each time.
    func unlink(_ observer: _Observer) -> Bool {
        lock.withLock(keepingAlive: observer) { garbage in
            defer { _checkInvariants() }
            guard let listReference = observers.remove(observer) else { return false }
            garbage.keep(listReference)
            return true
        }
    }

    /// Unlinks the observer that `registrant`'s inline registration became when it moved into this
    /// record (``_InlineRegistrationObserver``), if it is still linked, and returns the list's reference
    /// to it, for the caller's bag.
    ///
    /// - Complexity: O(*k*) in the linked observers (an object rarely has more than a few).
    func unlinkInlineRegistration(of registrant: _InlineRegistrant) -> _Observer? {
        lock.withLock(keepingAlive: registrant) { _ -> _Observer? in
            guard let found = inlineRegistrationLocked(of: registrant) else { return nil }
            // The list's reference leaves with the result; `found`'s own is not the last.
            let removed = observers.remove(found)
            _checkInvariants()
            return removed
        }
    }

    /// The linked observer that `registrant`'s inline registration became, with ``lock`` held.
    private func inlineRegistrationLocked(of registrant: _InlineRegistrant) -> _Observer? {
        var found: _Observer?
        observers.forEach { observer in
            if found == nil, observer.isInlineRegistration(of: registrant) { found = observer }
        }
        return found
    }

    /// For a sweep, with ``lock`` held: if no observer is linked, marks the record retired and returns
    /// `true`, for the sweep to remove it. A thread that looked the record up just before then finds it
    /// retired when it links, and looks the referent up again.
    ///
    /// - Parameter evenIfRecentlyUsed: Whether to retire a record that had an observer linked since the
    ///   previous sweep. An automatic sweep gives such a record a second chance, so that objects
    ///   observed over and over keep their records; an explicit collection retires it.
    func retireIfUnobservedLocked(evenIfRecentlyUsed: Bool) -> Bool {
        let wasUsed = isRecentlyUsed
        isRecentlyUsed = false
        guard observers.count == 0, evenIfRecentlyUsed || !wasUsed else { return false }
        isRetired = true
        return true
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
