#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps live finalizers alive, decides atomically which of deallocation, an explicit call, a detach
/// or process exit wins, and runs the survivors at exit.
final class _FinalizerRegistry: @unchecked Sendable {
    static let shared = _FinalizerRegistry()

    let lock = _Lock()
    // Guarded by `lock`.
    private var live: [UInt64: _FinalizerCore] = [:]
    private var nextSequence: UInt64 = 0
    private var exitHookInstalled = false
    /// Set once exit processing finished: from then on no finalizer runs (Python's late shutdown).
    private var isShutDown = false
    /// Set when a finalizer is created during exit processing, so the drain looks again.
    private var isDirty = false

    /// Creates and registers the core of a new finalizer.
    func makeCore(for object: AnyObject, action: @escaping @Sendable () -> Void) -> _FinalizerCore {
        let (core, installHook) = lock.withLock { () -> (_FinalizerCore, Bool) in
            nextSequence += 1
            let core = _FinalizerCore(object: object, action: action, sequence: nextSequence)
            let installHook = !exitHookInstalled
            exitHookInstalled = true
            guard core.isBornAlive, !isShutDown else {
                core.action = nil
                return (core, installHook)
            }
            live[core.sequence] = core
            isDirty = true
            return (core, installHook)
        }
        if installHook {
            // Registered lazily, at the first finalizer, like Python's: exit hooks registered after
            // this one run before every finalizer.
            atexit { _FinalizerRegistry.shared.runAtExit() }
        }
        if core.isAlive, !core.attach(to: object) {
            _ = claim(core)
        }
        return core
    }

    /// Marks `core` dead and takes its action, if it was still alive.
    func claim(_ core: _FinalizerCore) -> (@Sendable () -> Void)? {
        let action = lock.withLock { () -> (@Sendable () -> Void)? in
            guard let action = core.action else { return nil }
            core.action = nil
            live[core.sequence] = nil
            return isShutDown ? nil : action
        }
        if action != nil { core.cancel() }
        return action
    }

    /// Runs `core`'s action if it is still alive. Returns whether it ran.
    @discardableResult
    func run(_ core: _FinalizerCore) -> Bool {
        guard let action = claim(core) else { return false }
        action()
        return true
    }

    /// Returns the object and action without running or detaching, if alive.
    func peek(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        // Load the object outside the lock: releasing it under the lock could run its deinit there.
        guard let object = core.object else { return nil }
        let action = lock.withLock { core.action }
        guard let action else { return nil }
        return (object, action)
    }

    /// Marks `core` dead without running it, returning its object and action if it was alive.
    func detach(_ core: _FinalizerCore) -> (AnyObject, @Sendable () -> Void)? {
        guard let object = core.object else { return nil }
        guard
            let action = lock.withLock({ () -> (@Sendable () -> Void)? in
                guard let action = core.action else { return nil }
                core.action = nil
                live[core.sequence] = nil
                return action
            })
        else { return nil }
        core.cancel()
        return (object, action)
    }

    func isAlive(_ core: _FinalizerCore) -> Bool {
        lock.withLock { core.action != nil && !isShutDown }
    }

    func runsAtExit(_ core: _FinalizerCore) -> Bool {
        lock.withLock { core.action != nil && !isShutDown && core.runsAtExit }
    }

    func setRunsAtExit(_ core: _FinalizerCore, _ newValue: Bool) {
        lock.withLock {
            if core.action != nil { core.runsAtExit = newValue }
        }
    }

    /// The number of live finalizers (for tests).
    var liveCount: Int { lock.withLock { live.count } }

    /// Runs every live finalizer that runs at exit, newest first, including those created meanwhile;
    /// then shuts down so that no finalizer runs again.
    func runAtExit() {
        var order: [UInt64] = []
        while true {
            let next = lock.withLock { () -> _FinalizerCore? in
                if isDirty {
                    order = live.values.filter(\.runsAtExit).map(\.sequence).sorted()
                    isDirty = false
                }
                while let sequence = order.popLast() {
                    if let core = live[sequence], core.runsAtExit { return core }
                }
                return nil
            }
            guard let next else { break }
            run(next)
        }
        lock.withLock { isShutDown = true }
    }
}

extension _FinalizerCore {
    fileprivate var isAlive: Bool { action != nil }
}
