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

    @inlinable
    func lock() {
        let result = pthread_mutex_lock(_mutex)
        precondition(result == 0, "pthread_mutex_lock failed with error \(result)")
    }

    @inlinable
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
