import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// What is registered, as a retained pointer with tag bits (pointers are at least 8-byte aligned):
    /// - 0: nothing;
    /// - an observer with ``inlineBit``: the object's only observer, held inline, with no record or lock
    ///   (most objects are observed once: by one reference, one finalizer or one collection); with
    ///   ``busyBit`` too while a registering thread changes it;
    /// - a ``_ReferentRecord`` (no tag): two or more observers were registered.
    ///
    /// Only registering threads change the word before the owner's death, and each holds the owner
    /// strongly, so the death (this storage's `deinit`) never races with them. Cancellations never touch
    /// the word: an inline observer is cancelled through its own state (``_Observer/_inlineState``),
    /// because its referent may already be gone.
    @usableFromInline
    let storage: Atomic<UInt>

    @inlinable
    static var inlineBit: UInt { 1 }
    @inlinable
    static var busyBit: UInt { 2 }

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
        if raw & DeinitObservers.inlineBit != 0 {
            let observer = DeinitObservers.observer(in: raw).takeRetainedValue()
            let fired = observer._inlineState.compareExchange(
                expected: _InlineState.inline.rawValue, desired: _InlineState.fired.rawValue,
                ordering: .acquiringAndReleasing
            ).exchanged
            // A cancelled observer dropped its delivery's belongings when it was cancelled; it goes now.
            if fired { _Deaths.handle(consume observer) }
            return
        }
        let record = Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!)
            .takeRetainedValue()
        _Deaths.handle(record.die())
    }

    @inlinable
    static func observer(in raw: UInt) -> Unmanaged<_Observer> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: raw & ~(inlineBit | busyBit))!)
    }

    @inlinable
    static func record(in raw: UInt) -> _ReferentRecord {
        Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!).takeUnretainedValue()
    }

    /// Registers `observer`, which is new: inline when nothing else is registered, in the record
    /// otherwise (made on the spot when the inline observer is still registered).
    ///
    /// - Precondition: the caller holds the owner strongly, and it is not deinitializing.
    /// - Returns: Whether `observer` was registered (always, unless the owner's record reports it dead).
    @inlinable
    func attach(_ observer: _Observer) -> Bool {
        let raw = storage.load(ordering: .acquiring)
        if raw == 0 {
            if installInline(observer) { return true }
        } else if raw & DeinitObservers.inlineBit == 0 {
            return observer.attach(toRecord: DeinitObservers.record(in: raw))
        }
        return attachSlowly(observer)
    }

    /// The word that holds `observer` inline, retaining it; `observer` is marked inline first, so that
    /// whoever loads the word sees it so.
    @inlinable
    static func inlineWord(holding observer: _Observer) -> UInt {
        observer._inlineState.store(_InlineState.inline.rawValue, ordering: .relaxed)
        return UInt(bitPattern: Unmanaged.passRetained(observer).toOpaque()) | inlineBit
    }

    /// Installs `observer` inline if the word is still empty; otherwise undoes ``inlineWord(holding:)``
    /// and returns `false`.
    @inlinable
    func installInline(_ observer: _Observer) -> Bool {
        let desired = DeinitObservers.inlineWord(holding: observer)
        if storage.compareExchange(expected: 0, desired: desired, ordering: .acquiringAndReleasing).exchanged
        {
            return true
        }
        Unmanaged.passUnretained(observer).release()
        observer._inlineState.store(_InlineState.notInline.rawValue, ordering: .relaxed)
        return false
    }

    /// ``attach(_:)`` when the word is not simply empty or a record: another thread raced, or there is an
    /// inline observer to replace (it was cancelled) or to move into a new record.
    @usableFromInline
    func attachSlowly(_ observer: _Observer) -> Bool {
        while true {
            let raw = storage.load(ordering: .acquiring)
            if raw == 0 {
                if installInline(observer) { return true }
                continue
            }
            if raw & DeinitObservers.inlineBit == 0 {
                return observer.attach(toRecord: DeinitObservers.record(in: raw))
            }
            guard let inline = claimInline(raw) else { continue }
            if inline._withUnsafeGuaranteedRef({ $0._inlineState.load(ordering: .acquiring) })
                == _InlineState.cancelled.rawValue
            {
                // The slot is free: take it; the cancelled observer is dropped after the word is
                // published again.
                storage.store(DeinitObservers.inlineWord(holding: observer), ordering: .releasing)
                inline.release()
                return true
            }
            return observer.attach(toRecord: moveIntoRecord(inline))
        }
    }

    /// Marks the inline observer in `raw` busy, so that this thread alone changes the word; `nil` if the
    /// word changed or another thread has it busy (after letting that thread run).
    @usableFromInline
    func claimInline(_ raw: UInt) -> Unmanaged<_Observer>? {
        if raw & DeinitObservers.busyBit == 0,
            storage.compareExchange(
                expected: raw, desired: raw | DeinitObservers.busyBit, ordering: .acquiring
            ).exchanged
        {
            return DeinitObservers.observer(in: raw)
        }
        // Another registering thread is between its claim and its store: a few instructions, unless it
        // was descheduled.
        sched_yield()
        return nil
    }

    /// Replaces the claimed inline observer with a new record holding it (unless it was cancelled
    /// meanwhile), publishes the record and returns it.
    @usableFromInline
    func moveIntoRecord(_ inline: Unmanaged<_Observer>) -> _ReferentRecord {
        let record = _ReferentRecord(lock: _StripedLocks.lock(forNewRecord: ()))
        inline._withUnsafeGuaranteedRef { observer in
            guard observer._inlineState.load(ordering: .acquiring) == _InlineState.inline.rawValue else {
                return
            }
            observer._record = record
            _ = record.link(observer)
            // Published by the exchange: a cancellation that sees `.notInline` unlinks it from `record`.
            let moved = observer._inlineState.compareExchange(
                expected: _InlineState.inline.rawValue, desired: _InlineState.notInline.rawValue,
                ordering: .acquiringAndReleasing
            ).exchanged
            // Cancelled between the load and the exchange: it must not stay linked.
            if !moved { _ = record.unlink(observer) }
        }
        storage.store(UInt(bitPattern: Unmanaged.passRetained(record).toOpaque()), ordering: .releasing)
        // The word's reference; the record holds its own.
        inline.release()
        return record
    }

    /// The record if one exists (an object observed at most once at a time may have none).
    @usableFromInline
    var existingRecord: _ReferentRecord? {
        let raw = storage.load(ordering: .acquiring)
        guard raw != 0, raw & DeinitObservers.inlineBit == 0 else { return nil }
        return DeinitObservers.record(in: raw)
    }

    /// The registered observers, newest first.
    ///
    /// - Precondition: the caller holds the owner strongly.
    func observers() -> [_Observer] {
        while true {
            let raw = storage.load(ordering: .acquiring)
            if raw == 0 { return [] }
            if raw & DeinitObservers.inlineBit == 0 { return DeinitObservers.record(in: raw).snapshot() }
            guard let inline = claimInline(raw) else { continue }
            let observer = inline.takeUnretainedValue()
            let isRegistered =
                observer._inlineState.load(ordering: .acquiring) == _InlineState.inline.rawValue
            storage.store(raw, ordering: .releasing)
            return isRegistered ? [observer] : []
        }
    }

    /// Whether anything was ever registered here: false right after a registration only when
    /// `deinitObservers` is computed, so that each access returns a fresh temporary.
    @inlinable
    var isInUse: Bool {
        storage.load(ordering: .relaxed) != 0
    }
}
