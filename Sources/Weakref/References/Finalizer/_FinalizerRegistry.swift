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
/// Live finalizers form an intrusive list (``_IntrusiveList``), newest first: creating and retiring one
/// is O(1) with no hashing, and the exit drain walks it in the order Python uses.
@usableFromInline
final class _FinalizerRegistry: @unchecked Sendable {  // @unchecked: all mutable state is guarded by `lock`.
    @usableFromInline
    static let shared = _FinalizerRegistry()

    @usableFromInline
    typealias Action = _FinalizerAction

    let lock = _Lock()
    // Guarded by `lock`.
    @exclusivity(unchecked)
    private var live = _IntrusiveList<_LiveFinalizerList>()
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
        let (core, isRegistered, installHook) = lock.withLock(
            discarding: Action.self, keepingAlive: object, action
        ) { garbage -> (_FinalizerCore, Bool, Bool) in
            nextSequence += 1
            let core = _FinalizerCore(object: object, action: action, sequence: nextSequence)
            let installHook = !exitHookInstalled
            exitHookInstalled = true
            // A finalizer of a deinitializing object is born dead (its weak reference reads nil). The
            // caller holds `object`, so asking the runtime is safe, and spares a weak load.
            let isRegistered = !_isDeinitializing(ObjectIdentifier(object)) && !isShutDown
            if isRegistered {
                live.pushFront(core)
                isDirty = true
            } else if let action = core.action.take() {
                garbage.keep(value: action)
            }
            _checkInvariants()
            return (core, isRegistered, installHook)
        }
        if installHook {
            // Registered lazily, at the first finalizer, like Python's: exit hooks registered after
            // this one run before every finalizer.
            atexit { _FinalizerRegistry.shared.runAtExit() }
        }
        if isRegistered, !core.attach(to: object) {
            // The object died between the check and the link: the finalizer never runs.
            _ = claim(core)
        }
        return core
    }

    /// Marks `core` dead and takes its action, if it was still alive (and exit processing is not over).
    ///
    /// - Parameter isDelivery: The object's death is delivering `core`, which its record already
    ///   unlinked; other callers unlink it here.
    func claim(
        _ core: _FinalizerCore, evenAfterShutDown: Bool = false, isDelivery: Bool = false
    ) -> Action? {
        // The action and the list's reference leave the state; the action with the result, so that
        // whichever way it goes (run, handed back, dropped) it does so after unlocking.
        let (action, isRunnable) = lock.withLock(
            discarding: Action.self, keepingAlive: core
        ) { garbage -> (Action?, Bool) in
            guard let action = core.action.take() else { return (nil, false) }
            garbage.keep(live.remove(core))
            _checkInvariants()
            return (action, !isShutDown || evenAfterShutDown)
        }
        guard let action else { return nil }
        if !isDelivery { core.cancel() }
        return isRunnable ? action : nil
    }

    /// Runs `core`'s action if it is still alive. Returns whether it ran.
    @discardableResult
    func run(_ core: _FinalizerCore, isDelivery: Bool = false) -> Bool {
        guard let action = claim(core, isDelivery: isDelivery) else { return false }
        action.run()
        return true
    }

    /// Returns the object and action without running or detaching, if alive.
    func peek(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        // The object is loaded outside the lock; the action's copy leaves with the result.
        guard let object = core.object else { return nil }
        let action = lock.withLock(keepingAlive: core) { _ in isShutDown ? nil : core.action }
        guard let action else { return nil }
        return (object, action.run)
    }

    /// Marks `core` dead without running it, returning its object and action if it was alive.
    func detach(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        guard let object = core.object else { return nil }
        guard let action = claim(core, evenAfterShutDown: true) else { return nil }
        return (object, action.run)
    }

    func isAlive(_ core: _FinalizerCore) -> Bool {
        lock.withLock(keepingAlive: core) { _ in core.action != nil && !isShutDown }
    }

    func runsAtExit(_ core: _FinalizerCore) -> Bool {
        lock.withLock(keepingAlive: core) { _ in core.action != nil && !isShutDown && core.runsAtExit }
    }

    func setRunsAtExit(_ core: _FinalizerCore, _ newValue: Bool) {
        lock.withLock(keepingAlive: core) { _ in
            if core.action != nil { core.runsAtExit = newValue }
        }
    }

    /// The number of live finalizers (for tests).
    var liveCount: Int {
        lock.withLock { _ in live.count }
    }

    /// Runs every live finalizer that runs at exit, newest first, including those created meanwhile;
    /// then shuts down so that no finalizer runs again.
    func runAtExit() {
        var order: [_FinalizerCore] = []
        var position = 0
        while true {
            let next = lock.withLock { garbage -> _FinalizerCore? in
                if isDirty {
                    // New finalizers are the newest: take the list again, newest first (Python's order).
                    garbage.retire(order)
                    order = []
                    live.forEach { core in
                        if core.runsAtExit { order.append(core) }
                    }
                    position = 0
                    isDirty = false
                }
                while position < order.count {
                    defer { position += 1 }
                    if order[position].action != nil, order[position].runsAtExit { return order[position] }
                }
                return nil
            }
            guard let next else { break }
            run(next)
        }
        lock.withLock { _ in isShutDown = true }
    }

    /// Traps if the list of live finalizers is inconsistent or lists a finalizer that already ran.
    /// Called with the lock held after every mutation in debug builds; compiled out of optimized builds.
    private func _checkInvariants() {
        #if DEBUG
            live._checkInvariants()
            guard _InvariantWalks.walksWhole(size: live.count) else { return }
            live.forEach { core in precondition(core.action != nil, "a dead finalizer is still listed") }
        #endif
    }
}
