import Synchronization

/// The storage that makes a ``DeinitObservable`` object's death observable.
///
/// It occupies one word inline and allocates nothing until something registers on its owner. It is
/// noncopyable, so nobody can copy it out of the object and keep it alive: it is destroyed exactly
/// when the owner's stored properties are, and that is when it notifies the registered observers,
/// most recently registered first.
///
/// ```swift
/// final class Session: DeinitObservable {
///     let deinitObservers = DeinitObservers()
/// }
/// ```
///
/// - Complexity: Destroying it is O(*n*) in the number of registered observers; O(1) when none.
public struct DeinitObservers: ~Copyable, Sendable {
    private let storage = AtomicLazyReference<_ReferentRecord>()

    /// Creates empty storage. Use it as the initial value of a stored `let` property.
    public init() {}

    deinit {
        if let record = storage.load() {
            _Deaths.handle(record.die())
        }
    }

    /// The record observers register in, created at first use.
    func record() -> _ReferentRecord {
        if let existing = storage.load() { return existing }
        return storage.storeIfNil(_ReferentRecord(lock: _StripedLocks.lock(forNewRecord: ())))
    }

    /// The record if one exists.
    var existingRecord: _ReferentRecord? { storage.load() }
}
