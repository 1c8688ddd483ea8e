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
    /// The record observers register in, as a retained pointer; 0 until the first registration.
    @usableFromInline
    let storage: Atomic<UInt>

    /// Creates empty storage. Use it as the initial value of a stored `let` property.
    ///
    /// ```swift
    /// let deinitObservers = DeinitObservers()
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public init() {
        storage = Atomic(0)
    }

    deinit {
        let raw = storage.load(ordering: .acquiring)
        guard raw != 0 else { return }
        let record = Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!)
            .takeRetainedValue()
        _Deaths.handle(record.die())
    }

    /// The record observers register in, created at first use.
    @inlinable
    func record() -> _ReferentRecord {
        let raw = storage.load(ordering: .acquiring)
        if raw != 0 {
            return Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!)
                .takeUnretainedValue()
        }
        return makeRecord()
    }

    @usableFromInline
    func makeRecord() -> _ReferentRecord {
        let record = _ReferentRecord(lock: _StripedLocks.lock(forNewRecord: ()))
        let raw = UInt(bitPattern: Unmanaged.passRetained(record).toOpaque())
        let (exchanged, original) = storage.compareExchange(
            expected: 0, desired: raw, ordering: .acquiringAndReleasing)
        if exchanged { return record }
        // Another thread created it first: use theirs, drop ours.
        Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!).release()
        return Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: original)!)
            .takeUnretainedValue()
    }

    /// The record if one exists.
    @usableFromInline
    var existingRecord: _ReferentRecord? {
        let raw = storage.load(ordering: .acquiring)
        guard raw != 0 else { return nil }
        return Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!)
            .takeUnretainedValue()
    }

    /// Whether `record` is the record this storage holds.
    @inlinable
    func isHolding(_ record: _ReferentRecord) -> Bool {
        storage.load(ordering: .relaxed) == UInt(bitPattern: Unmanaged.passUnretained(record).toOpaque())
    }
}
