#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps live finalizers alive, decides atomically which of deallocation, an explicit call, a detach
/// or process exit wins, and runs the survivors at exit.
///
/// Live finalizers form a doubly linked list, newest first: creating and retiring one is O(1) with no
/// hashing, and the exit drain walks it in the order Python uses.
@usableFromInline
final class _FinalizerRegistry: @unchecked Sendable {
    @usableFromInline
    static let shared = _FinalizerRegistry()

    let lock = _Lock()
    // Guarded by `lock`.
    @exclusivity(unchecked)
    private var newest: _FinalizerCore?
    @exclusivity(unchecked)
    private var count = 0
    @exclusivity(unchecked)
    private var nextSequence: UInt64 = 0
    @exclusivity(unchecked)
    private var exitHookInstalled = false
    /// Set once exit processing finished: from then on no finalizer runs (Python's late shutdown).
    @exclusivity(unchecked)
    private var isShutDown = false
    /// Set when a finalizer is created, so that the exit drain looks at the list again.
    @exclusivity(unchecked)
    private var isDirty = false

    /// Creates and registers the core of a new finalizer.
    @usableFromInline
    func makeCore(for object: AnyObject, action: @escaping @Sendable () -> Void) -> _FinalizerCore {
        lock.lock()
        nextSequence += 1
        let core = _FinalizerCore(object: object, action: action, sequence: nextSequence)
        let installHook = !exitHookInstalled
        exitHookInstalled = true
        // The caller holds `object`, so this weak load releases nothing that could run a deinit here.
        if core.isBornAlive, !isShutDown {
            core.older = newest
            newest?.newer = core
            newest = core
            count += 1
            isDirty = true
        } else {
            core.action = nil
        }
        lock.unlock()
        if installHook {
            // Registered lazily, at the first finalizer, like Python's: exit hooks registered after
            // this one run before every finalizer.
            atexit { _FinalizerRegistry.shared.runAtExit() }
        }
        if core.action != nil, !core.attach(to: object) {
            _ = claim(core)
        }
        return core
    }

    /// Unlinks a live `core` from the list. Caller holds `lock` and keeps `core` alive.
    private func unlinkLocked(_ core: _FinalizerCore) {
        let older = core.older
        if let newer = core.newer {
            newer.older = older
        } else {
            newest = older
        }
        older?.newer = core.newer
        core.older = nil
        core.newer = nil
        count -= 1
    }

    /// Marks `core` dead and takes its action, if it was still alive (and exit processing is not over).
    ///
    /// - Parameter isDelivery: The object's death is delivering `core`, which its record already
    ///   unlinked; other callers unlink it here.
    func claim(
        _ core: _FinalizerCore, evenAfterShutDown: Bool = false, isDelivery: Bool = false
    ) -> (@Sendable () -> Void)? {
        lock.lock()
        guard let action = core.action else {
            lock.unlock()
            return nil
        }
        core.action = nil
        unlinkLocked(core)
        let runnable = !isShutDown || evenAfterShutDown
        lock.unlock()
        if !isDelivery { core.cancel() }
        return runnable ? action : nil
    }

    /// Runs `core`'s action if it is still alive. Returns whether it ran.
    @discardableResult
    func run(_ core: _FinalizerCore, isDelivery: Bool = false) -> Bool {
        guard let action = claim(core, isDelivery: isDelivery) else { return false }
        action()
        return true
    }

    /// Returns the object and action without running or detaching, if alive.
    func peek(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        // Load the object outside the lock: releasing it under the lock could run its deinit there.
        guard let object = core.object else { return nil }
        lock.lock()
        let action = isShutDown ? nil : core.action
        lock.unlock()
        guard let action else { return nil }
        return (object, action)
    }

    /// Marks `core` dead without running it, returning its object and action if it was alive.
    func detach(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        guard let object = core.object else { return nil }
        guard let action = claim(core, evenAfterShutDown: true) else { return nil }
        return (object, action)
    }

    func isAlive(_ core: _FinalizerCore) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return core.action != nil && !isShutDown
    }

    func runsAtExit(_ core: _FinalizerCore) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return core.action != nil && !isShutDown && core.runsAtExit
    }

    func setRunsAtExit(_ core: _FinalizerCore, _ newValue: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if core.action != nil { core.runsAtExit = newValue }
    }

    /// The number of live finalizers (for tests).
    var liveCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    /// Runs every live finalizer that runs at exit, newest first, including those created meanwhile;
    /// then shuts down so that no finalizer runs again.
    func runAtExit() {
        var order: [_FinalizerCore] = []
        var position = 0
        while true {
            lock.lock()
            if isDirty {
                // New finalizers are the newest: take the list again, newest first (Python's order).
                order.removeAll(keepingCapacity: true)
                var node = newest
                while let current = node {
                    if current.runsAtExit { order.append(current) }
                    node = current.older
                }
                position = 0
                isDirty = false
            }
            var next: _FinalizerCore?
            while next == nil, position < order.count {
                let candidate = order[position]
                position += 1
                if candidate.action != nil, candidate.runsAtExit { next = candidate }
            }
            lock.unlock()
            guard let next else { break }
            run(next)
        }
        lock.lock()
        isShutDown = true
        lock.unlock()
    }
}
