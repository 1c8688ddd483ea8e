/// The observers of one referent, and whether it has died.
///
/// A prompt-tier record lives in the object's ``DeinitObservers`` and is guarded by one of a fixed set
/// of striped locks; a collected-tier record lives in a shard of ``_ReferentRegistry``, is guarded by
/// that shard's lock, and holds its referent weakly so that a collection can find out it died.
@usableFromInline
final class _ReferentRecord: @unchecked Sendable {
    let lock: _Lock

    /// The referent, for collected-tier records only (prompt-tier records die with their owner).
    weak var object: AnyObject?

    /// The collected-tier registry key and shard; `nil` for prompt-tier records.
    let registryKey: ObjectIdentifier?
    unowned(unsafe) let shard: _ReferentRegistry.Shard?

    // Guarded by `lock`.
    @exclusivity(unchecked)
    private var head: _Observer?
    @exclusivity(unchecked)
    private(set) var isDead = false
    @exclusivity(unchecked)
    private(set) var observerCount = 0
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

    /// Links `observer` as the newest observer, unless the referent already died or the record retired.
    func link(_ observer: _Observer) -> LinkResult {
        lock.withLock { linkLocked(observer) }
    }

    /// ``link(_:)`` for callers that already hold ``lock``.
    func linkLocked(_ observer: _Observer) -> LinkResult {
        if isDead { return .referentDied }
        if isRetired { return .retired }
        observer._next = head
        observer._previous = nil
        head?._previous = observer
        head = observer
        observer._isLinked = true
        observerCount += 1
        return .linked
    }

    /// Unlinks `observer` if it is still linked. A collected-tier record that loses its last observer
    /// leaves the registry, so that long-lived objects do not keep records they no longer need.
    func unlink(_ observer: _Observer) -> Bool {
        lock.withLock {
            guard observer._isLinked else { return false }
            // The caller holds `observer`, so dropping the list's references to it frees nothing here.
            let next = observer._next
            if let previous = observer._previous {
                previous._next = next
            } else {
                head = next
            }
            next?._previous = observer._previous
            observer._next = nil
            observer._previous = nil
            observer._isLinked = false
            observerCount -= 1
            if observerCount == 0, let shard, let registryKey {
                shard.removeLocked(self, key: registryKey)
                isRetired = true
            }
            return true
        }
    }

    /// Marks the referent dead and hands back its observers, newest first, for delivery.
    func die() -> _Observer? {
        lock.withLock { dieLocked() }
    }

    /// ``die()`` for callers that already hold ``lock``.
    func dieLocked() -> _Observer? {
        isDead = true
        let chain = head
        head = nil
        var node = chain
        while let current = node {
            current._isLinked = false
            current._previous = nil
            node = current._next
        }
        observerCount = 0
        return chain
    }

    /// The linked observers, newest first.
    func snapshot() -> [_Observer] {
        lock.withLock {
            var result: [_Observer] = []
            result.reserveCapacity(observerCount)
            var node = head
            while let current = node {
                result.append(current)
                node = current._next
            }
            return result
        }
    }
}
