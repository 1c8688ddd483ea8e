#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one lock type of the library: a non-recursive `pthread_mutex_t`, allocated once and never moved.
///
/// `Synchronization.Mutex` would be slightly cheaper, but ThreadSanitizer on Linux cannot see its futex
/// path and reports false races on correct code (DESIGN §5.4), so the sanitizer runs could not prove
/// anything. A pthread mutex is instrumented and costs about the same uncontended.
///
/// The lock is never held while user code runs or while a value that user code may own is released:
/// callers move such values out of the critical section and drop them after `withLock` returns.
///
/// `lock()` and `unlock()` are out of line and marked `@_effects(releasenone)` (true: they release no
/// object). To the optimizer an inlined pthread call could release anything, so a caller that passed
/// an object borrowed from, say, an array element would retain it around every lookup to keep it
/// alive; for a weakly referenced object that retain and its release go through the side table and
/// cost more than the lookup itself (a `WeakSet` miss took 58 ns instead of 21 ns at 1,000 entries,
/// and 470 ns instead of 36 ns at 100,000). The call costs about a nanosecond.
@usableFromInline
final class _Lock: @unchecked Sendable {
    @usableFromInline
    let _mutex: UnsafeMutablePointer<pthread_mutex_t>

    @usableFromInline
    init() {
        _mutex = .allocate(capacity: 1)
        _mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(_mutex, nil)
        precondition(result == 0, "pthread_mutex_init failed with error \(result)")
    }

    deinit {
        pthread_mutex_destroy(_mutex)
        _mutex.deinitialize(count: 1)
        _mutex.deallocate()
    }

    @usableFromInline
    @inline(never)
    @_effects(releasenone)
    func lock() {
        let result = pthread_mutex_lock(_mutex)
        precondition(result == 0, "pthread_mutex_lock failed with error \(result)")
    }

    @usableFromInline
    @inline(never)
    @_effects(releasenone)
    func unlock() {
        let result = pthread_mutex_unlock(_mutex)
        precondition(result == 0, "pthread_mutex_unlock failed with error \(result)")
    }

    /// Runs `body` with the lock held. `body` must not call back into user code.
    @inlinable
    func withLock<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
