#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one lock type of the library: a non-recursive `pthread_mutex_t`, allocated once and never moved.
///
/// Every critical section of the library has one shape, ``withLock(discarding:body:)``: the body gets an
/// empty ``_Garbage`` bag, and everything that leaves the protected state goes into the bag or out
/// through the body's result. Both are handed to opaque calls made after unlocking, so no deinit of a
/// removed entry, replaced payload or loaded object can run while a lock is held, whatever the
/// optimizer does with lifetimes (DESIGN §5.4). `lock()` and `unlock()` are called
/// in this file only: `grep -rn '\.lock()\|\.unlock()' Sources` proves it.
///
/// Kinds: debug builds, and any process started with `WEAKREF_CHECKED_LOCKS` set in its environment,
/// use `PTHREAD_MUTEX_ERRORCHECK`, so that a lock re-entered by its own thread (a deinit or callback
/// running inside a critical section) stops the process with a message naming the problem instead of
/// hanging. Optimized builds otherwise use the kind measured fastest under contention (RESULTS.md).
///
/// `Synchronization.Mutex` would be slightly cheaper, but ThreadSanitizer on Linux cannot see its futex
/// path and reports false races on correct code (DESIGN §5.4), so the sanitizer runs could not prove
/// anything. A pthread mutex is instrumented and costs about the same uncontended.
@usableFromInline
package final class _Lock: @unchecked Sendable {  // @unchecked: the mutex is the synchronization.
    @usableFromInline
    let _mutex: UnsafeMutablePointer<pthread_mutex_t>

    @usableFromInline
    package init() {
        _mutex = .allocate(capacity: 1)
        _mutex.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, _Lock.kind)
        let result = pthread_mutex_init(_mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        if result != 0 { fatalError("weakref: pthread_mutex_init failed with error \(result)") }
    }

    deinit {
        pthread_mutex_destroy(_mutex)
        _mutex.deinitialize(count: 1)
        _mutex.deallocate()
    }

    /// The mutex kind of every lock of this process, chosen once.
    static let kind: Int32 = {
        #if DEBUG
            return Int32(PTHREAD_MUTEX_ERRORCHECK)
        #else
            if getenv("WEAKREF_CHECKED_LOCKS") != nil { return Int32(PTHREAD_MUTEX_ERRORCHECK) }
            return _Lock.optimizedKind
        #endif
    }()

    /// The kind for optimized builds: glibc's adaptive mutex, which spins briefly before sleeping.
    /// Measured against the default kind (Benchmarks/RESULTS.md, "Lock kinds"): about 1 ns dearer
    /// uncontended, and 57% cheaper in wall time and CPU with two threads on one lock, where the default
    /// kind keeps waking the other thread in the kernel. Elsewhere, the default kind.
    static var optimizedKind: Int32 {
        #if canImport(Glibc)
            Int32(PTHREAD_MUTEX_ADAPTIVE_NP)
        #else
            Int32(PTHREAD_MUTEX_DEFAULT)
        #endif
    }

    // `lock()` is out of line and marked `@_effects(releasenone)` (true: it releases no object; and no
    // value loaded under the lock exists before it, so no retain of one can move above it). To the optimizer an inlined pthread call could
    // release anything, so a caller that passed an object borrowed from, say, an array element would
    // retain it around every lookup to keep it alive; for a weakly referenced object that retain and
    // its release go through the side table and cost more than the lookup itself.
    @usableFromInline
    @inline(never)
    @_effects(releasenone)
    func lock() {
        let result = pthread_mutex_lock(_mutex)
        if result != 0 { _Lock.failure(result, locking: true) }
    }

    /// Stops the process with a message that names the misuse. `fatalError`, not `precondition`: the
    /// message of a failed precondition is stripped from optimized builds.
    @usableFromInline
    @inline(never)
    static func failure(_ result: Int32, locking: Bool) -> Never {
        switch (result, locking) {
        case (EDEADLK, true):
            fatalError(
                "a weakref lock was re-entered from a deinit or callback while held: a value was "
                    + "released inside a critical section of the Weakref library (DESIGN §5.4)")
        case (EPERM, false):
            fatalError("a weakref lock was unlocked by a thread that does not hold it")
        default:
            fatalError("weakref: pthread_mutex_\(locking ? "lock" : "unlock") failed with error \(result)")
        }
    }

    /// Unlocks. Not `@_effects(releasenone)`, unlike ``lock()``: unlocking publishes the state to other
    /// threads, which may then release what this thread loaded from it. To the optimizer a call that
    /// releases nothing is one that a retain may be moved past, and a retain of a value loaded under
    /// the lock, moved past the unlock, races with the thread that takes the lock next and releases
    /// that value (seen: a retain of a freed array, in `Collector.collect()`, with the attribute on).
    @usableFromInline
    @inline(never)
    func unlock() {
        let status = pthread_mutex_unlock(_mutex)
        if status != 0 { _Lock.failure(status, locking: false) }
    }

    /// Runs `body` with the lock held, then unlocks, then releases everything `body` put into the bag.
    ///
    /// The one critical-section shape of the library. Whatever `body` releases, it releases under the
    /// lock; so nothing that user code may own may be released there:
    /// - every value that leaves the protected state — a removed entry, a replaced payload, a strong
    ///   object loaded to test liveness, a value built and not stored, an action taken out — goes into
    ///   `garbage` or into the result;
    /// - every value the caller passes in and `body` uses is kept alive across the unlock: pass it as
    ///   `keepingAlive` (the overloads below); the caller's own reference might otherwise end at its last
    ///   use inside `body`, under the lock.
    ///
    /// All of them outlive the unlock by construction, wherever the optimizer ends lifetimes, in this
    /// module or, after inlining, in the client's: the lifetimes of the result and the arguments are
    /// fixed after the opaque call that unlocks, and the bag is the argument of the opaque call that
    /// releases it, made after that. Only what `body` uses belongs in `keepingAlive`: each one is kept
    /// alive across the unlock, which costs a borrowed object a retain and a release.
    ///
    /// ```swift
    /// let removed = lock.withLock(discarding: Payload.self) { garbage in
    ///     guard let entry = state.removeFirst() else { return false }
    ///     garbage.append(removed: entry)
    ///     return true
    /// }
    /// ```
    ///
    /// - Complexity: O(1) plus `body`, plus releasing the bag after unlocking.
    @inlinable
    @inline(__always)
    package func withLock<Discarded, Result>(
        discarding _: Discarded.Type, body: (inout _Garbage<Discarded>) -> Result
    ) -> Result {
        var garbage = _Garbage<Discarded>()
        lock()
        let result = body(&garbage)
        unlock()
        _fixLifetime(result)
        garbage.release()
        return result
    }

    // The `keepingAlive` overloads take one or two arguments, not a parameter pack: even specialized
    // for concrete types, a pack's `_fixLifetime` copied and destroyed each argument through its value
    // witnesses (callgrind: `initializeWithCopy`, `swift_retain_n`, `swift_release_n` on every
    // finalizer, registration and record operation).

    /// ``withLock(discarding:body:)`` that also keeps `argument` (what the caller passed in and `body`
    /// uses) alive until after unlocking: its lifetime is fixed after the call that unlocks.
    ///
    /// ```swift
    /// let removed = lock.withLock(discarding: Payload.self, keepingAlive: key) { garbage in
    ///     guard let entry = state.remove(key) else { return false }
    ///     garbage.append(removed: entry)
    ///     return true
    /// }
    /// ```
    ///
    /// - Complexity: O(1) plus `body`, plus releasing the bag after unlocking.
    @inlinable
    @inline(__always)
    package func withLock<Discarded, Argument, Result>(
        discarding _: Discarded.Type, keepingAlive argument: Argument,
        body: (inout _Garbage<Discarded>) -> Result
    ) -> Result {
        let result = withLock(discarding: Discarded.self, body: body)
        _fixLifetime(argument)
        return result
    }

    /// ``withLock(discarding:keepingAlive:body:)`` for two arguments.
    ///
    /// ```swift
    /// let stored = lock.withLock(discarding: Payload.self, keepingAlive: key, payload) { garbage in
    ///     state.store(payload, for: key, into: &garbage)
    /// }
    /// ```
    ///
    /// - Complexity: O(1) plus `body`, plus releasing the bag after unlocking.
    @inlinable
    @inline(__always)
    package func withLock<Discarded, First, Second, Result>(
        discarding _: Discarded.Type, keepingAlive first: First, _ second: Second,
        body: (inout _Garbage<Discarded>) -> Result
    ) -> Result {
        let result = withLock(discarding: Discarded.self, body: body)
        _fixLifetime(first)
        _fixLifetime(second)
        return result
    }

    /// ``withLock(discarding:body:)`` for critical sections that drop no values of their own type: the
    /// bag still takes removed observers, loaded objects and retired storage.
    ///
    /// ```swift
    /// let count = lock.withLock { _ in observerCount }
    /// ```
    ///
    /// - Complexity: O(1) plus `body`, plus releasing the bag after unlocking.
    @inlinable
    @inline(__always)
    package func withLock<Result>(body: (inout _Garbage<Never>) -> Result) -> Result {
        withLock(discarding: Never.self, body: body)
    }

    /// ``withLock(discarding:keepingAlive:body:)`` for critical sections that drop no values of their own
    /// type.
    ///
    /// ```swift
    /// let isLinked = lock.withLock(keepingAlive: observer) { _ in observer.isLinked }
    /// ```
    ///
    /// - Complexity: O(1) plus `body`, plus releasing the bag after unlocking.
    @inlinable
    @inline(__always)
    package func withLock<Argument, Result>(
        keepingAlive argument: Argument, body: (inout _Garbage<Never>) -> Result
    ) -> Result {
        withLock(discarding: Never.self, keepingAlive: argument, body: body)
    }
}
