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
/// It occupies two words inline and allocates nothing until something registers on its owner. It is
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
    ///   (most objects are observed once: by one reference, one finalizer or one collection);
    /// - an ``_InlineRegistrant`` with ``registrantBit``: the object's only registration is a weak
    ///   collection's, which needs no observer object of its own; the death hands it ``owner``;
    /// - either of those with ``busyBit`` too while a registering thread changes the word;
    /// - a ``_ReferentRecord`` (no tag): two or more observers were registered.
    ///
    /// Only registering threads change the word, and each holds the owner strongly, so the death (this
    /// storage's `deinit`) never races with them. Cancellations never change it: an inline observer is
    /// cancelled through its own state (``_Observer/_inlineState``), because its referent may already be
    /// gone, and an inline registrant is not cancelled at all (``cancel(_:owner:)``).
    ///
    /// The `deinit` runs on a moved copy of this storage, not in the object (measured: Swift 6.3 moves a
    /// noncopyable field out of the object to destroy it), so nothing may rely on changing the word in
    /// the object to take something away from a death in progress.
    @usableFromInline
    let storage: Atomic<UInt>
    /// The owner's address, written by every inline registrant's registration (always the same value)
    /// before the word that holds the registrant is published: what the death hands the registrant.
    @usableFromInline
    let owner: Atomic<UInt>

    @inlinable
    static var inlineBit: UInt { 1 }
    @inlinable
    static var busyBit: UInt { 2 }
    @inlinable
    static var registrantBit: UInt { 4 }
    /// The bits that mark a word as holding one registration inline.
    @inlinable
    static var inlineKinds: UInt { inlineBit | registrantBit }
    @inlinable
    static var tagBits: UInt { inlineBit | busyBit | registrantBit }

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
        owner = Atomic(0)
    }

    deinit {
        let raw = storage.load(ordering: .acquiring)
        guard raw != 0 else { return }
        if raw & DeinitObservers.registrantBit != 0 {
            // Registered or not any more, its collection decides, under its lock.
            let registrant = DeinitObservers.registrant(in: raw).takeRetainedValue()
            registrant.objectDidDie(at: owner.load(ordering: .relaxed), inPhaseOne: false)
            return
        }
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
        // The record outlives phase one, where an inline registration moved into it reaches its
        // collection: until then that collection may still find the record through the object and
        // unlink from it (``cancel(_:owner:)``).
        withExtendedLifetime(record) { _Deaths.handle(record.die()) }
    }

    @inlinable
    static func observer(in raw: UInt) -> Unmanaged<_Observer> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: raw & ~tagBits)!)
    }

    @inlinable
    static func registrant(in raw: UInt) -> Unmanaged<_InlineRegistrant> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: raw & ~tagBits)!)
    }

    @inlinable
    static func record(in raw: UInt) -> _ReferentRecord {
        Unmanaged<_ReferentRecord>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!).takeUnretainedValue()
    }

    /// The word that holds `registrant` inline, as it compares (not retained).
    @inlinable
    static func unretainedWord(of registrant: _InlineRegistrant) -> UInt {
        UInt(bitPattern: Unmanaged.passUnretained(registrant).toOpaque()) | registrantBit
    }

    /// Registers `observer`, which is new: inline when nothing else is registered, in the record
    /// otherwise (made on the spot when the inline registration is still registered).
    ///
    /// - Precondition: the caller holds the owner strongly, and it is not deinitializing.
    /// - Returns: Whether `observer` was registered (always, unless the owner's record reports it dead).
    @inlinable
    func attach(_ observer: _Observer) -> Bool {
        let raw = storage.load(ordering: .acquiring)
        if raw == 0 {
            if installInline(observer) { return true }
        } else if raw & DeinitObservers.inlineKinds == 0 {
            return observer.attach(toRecord: DeinitObservers.record(in: raw))
        }
        return attachSlowly(observer)
    }

    /// Registers `registrant` for the owner, whose address is `address`: inline when nothing else is
    /// registered, in the record otherwise, as an ``_InlineRegistrationObserver``.
    ///
    /// - Precondition: the caller holds the owner strongly, it is not deinitializing, and `registrant`
    ///   is not registered on it already.
    /// - Returns: Whether the registration was made (always, unless the owner's record reports it dead).
    @inlinable
    func attach(_ registrant: _InlineRegistrant, owner address: UInt) -> Bool {
        // Published by the exchange below (or by the record's lock): whoever takes the registration sees it.
        owner.store(address, ordering: .relaxed)
        let raw = storage.load(ordering: .relaxed)
        // Held inline since an earlier registration of the same registrant, which was not cancelled.
        if raw == DeinitObservers.unretainedWord(of: registrant) { return true }
        if raw == 0 {
            let desired =
                UInt(bitPattern: Unmanaged.passRetained(registrant).toOpaque())
                | DeinitObservers.registrantBit
            if storage.compareExchange(expected: 0, desired: desired, ordering: .acquiringAndReleasing)
                .exchanged
            {
                return true
            }
            Unmanaged.passUnretained(registrant).release()
        }
        return attachSlowly(registrant, owner: address)
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
        DeinitObservers.dropInlineWord(desired)
        return false
    }

    /// Undoes a new inline word that was not installed: releases what it holds, and marks an observer
    /// in it no longer inline.
    @usableFromInline
    static func dropInlineWord(_ word: UInt) {
        if word & inlineBit != 0 {
            observer(in: word)._withUnsafeGuaranteedRef {
                $0._inlineState.store(_InlineState.notInline.rawValue, ordering: .relaxed)
            }
        }
        releaseInlineWord(word)
    }

    /// Releases the reference an inline word holds (the observer's state is left as it is).
    @usableFromInline
    static func releaseInlineWord(_ word: UInt) {
        if word & registrantBit != 0 {
            registrant(in: word).release()
        } else {
            observer(in: word).release()
        }
    }

    /// ``attach(_:)`` when the word is not simply empty or a record: another thread raced, or there is an
    /// inline registration to replace (it was cancelled) or to move into a new record.
    @usableFromInline
    func attachSlowly(_ observer: _Observer) -> Bool {
        attachSlowly(inlineWord: { DeinitObservers.inlineWord(holding: observer) }, observer: { observer })
    }

    /// ``attach(_:owner:)`` when the word is not simply empty.
    @usableFromInline
    func attachSlowly(_ registrant: _InlineRegistrant, owner address: UInt) -> Bool {
        attachSlowly(
            inlineWord: {
                UInt(bitPattern: Unmanaged.passRetained(registrant).toOpaque())
                    | DeinitObservers.registrantBit
            },
            observer: { _InlineRegistrationObserver(registrant: registrant, address: address) })
    }

    /// Registers something new, given as the retained word that holds it inline (made only if it goes
    /// inline) and as the observer to link into a record (made only if it goes there).
    func attachSlowly(inlineWord: () -> UInt, observer: () -> _Observer) -> Bool {
        while true {
            let raw = storage.load(ordering: .acquiring)
            if raw == 0 {
                let desired = inlineWord()
                if storage.compareExchange(expected: 0, desired: desired, ordering: .acquiringAndReleasing)
                    .exchanged
                {
                    return true
                }
                DeinitObservers.dropInlineWord(desired)
                continue
            }
            if raw & DeinitObservers.inlineKinds == 0 {
                return observer().attach(toRecord: DeinitObservers.record(in: raw))
            }
            guard claimInline(raw) else { continue }
            if !DeinitObservers.isStillRegistered(raw) {
                // The slot is free: take it; the cancelled registration is dropped after the word is
                // published again.
                storage.store(inlineWord(), ordering: .releasing)
                DeinitObservers.releaseInlineWord(raw)
                return true
            }
            return observer().attach(toRecord: moveIntoRecord(raw))
        }
    }

    /// Whether the inline registration in `raw` (claimed) still counts: an observer not cancelled, or a
    /// registrant whose collection still exists.
    static func isStillRegistered(_ raw: UInt) -> Bool {
        if raw & registrantBit != 0 {
            return registrant(in: raw)._withUnsafeGuaranteedRef { !$0.isDefunct }
        }
        return observer(in: raw)._withUnsafeGuaranteedRef {
            $0._inlineState.load(ordering: .acquiring) != _InlineState.cancelled.rawValue
        }
    }

    /// Marks the inline registration in `raw` busy, so that this thread alone changes the word; `false`
    /// if the word changed or another thread has it busy (after letting that thread run).
    @usableFromInline
    func claimInline(_ raw: UInt) -> Bool {
        if raw & DeinitObservers.busyBit == 0,
            storage.compareExchange(
                expected: raw, desired: raw | DeinitObservers.busyBit, ordering: .acquiring
            ).exchanged
        {
            return true
        }
        // Another thread is between its claim and its store: a few instructions, unless it was
        // descheduled.
        sched_yield()
        return false
    }

    /// Replaces the claimed inline registration `raw` with a new record holding it (unless it was
    /// cancelled meanwhile), publishes the record and returns it.
    @usableFromInline
    func moveIntoRecord(_ raw: UInt) -> _ReferentRecord {
        let record = _ReferentRecord(lock: _StripedLocks.lock(forNewRecord: ()))
        if raw & DeinitObservers.registrantBit != 0 {
            // A collection cancelling it waits while the word is busy, then looks in the record.
            let registrant = DeinitObservers.registrant(in: raw).takeUnretainedValue()
            _ = record.link(
                _InlineRegistrationObserver(registrant: registrant, address: owner.load(ordering: .relaxed)))
        } else {
            DeinitObservers.observer(in: raw)._withUnsafeGuaranteedRef { observer in
                guard observer._inlineState.load(ordering: .acquiring) == _InlineState.inline.rawValue else {
                    return
                }
                observer._record = record
                _ = record.link(observer)
                // Published by the exchange: a cancellation that sees `.notInline` unlinks it from
                // `record`.
                let moved = observer._inlineState.compareExchange(
                    expected: _InlineState.inline.rawValue, desired: _InlineState.notInline.rawValue,
                    ordering: .acquiringAndReleasing
                ).exchanged
                // Cancelled between the load and the exchange: it must not stay linked.
                if !moved { _ = record.unlink(observer) }
            }
        }
        storage.store(UInt(bitPattern: Unmanaged.passRetained(record).toOpaque()), ordering: .releasing)
        // The word's reference; the record holds its own.
        DeinitObservers.releaseInlineWord(raw)
        return record
    }

    /// Cancels `registrant`'s registration on the owner, whose address is `address`, where that takes
    /// anything: in a record, it unlinks the observer the registration became and returns it, for the
    /// caller to release after unlocking. Held inline, the registration stays: the owner's death then
    /// tells the collection, which finds no entry, and the collection's next registration on the owner
    /// finds it already there. (Emptying the word would race with a death in progress, which holds a
    /// copy of the word: both would think they owned the registration.)
    ///
    /// - Precondition: the caller holds the lock of `registrant`'s collection, whose entry for the owner
    ///   exists: the owner's memory does, even if it is deinitializing (``_InlineRegistrant``).
    @usableFromInline
    func cancel(_ registrant: _InlineRegistrant, owner address: UInt) -> AnyObject? {
        let registered = DeinitObservers.unretainedWord(of: registrant)
        while true {
            let raw = storage.load(ordering: .acquiring)
            if raw == registered | DeinitObservers.busyBit {
                // A registering thread is moving it into a record (it never waits for this lock).
                sched_yield()
                continue
            }
            guard raw != 0, raw & DeinitObservers.inlineKinds == 0 else { return nil }
            // A record, which arbitrates between this and the death under its own lock. The death holds
            // the record until it has delivered, and its delivery reaches the caller's lock.
            return DeinitObservers.record(in: raw).unlinkInlineRegistration(of: registrant)
        }
    }

    /// The record if one exists (an object observed at most once at a time may have none).
    @usableFromInline
    var existingRecord: _ReferentRecord? {
        let raw = storage.load(ordering: .acquiring)
        guard raw != 0, raw & DeinitObservers.inlineKinds == 0 else { return nil }
        return DeinitObservers.record(in: raw)
    }

    /// The registered observers, newest first (an inline registrant is none: it is not an observer).
    ///
    /// - Precondition: the caller holds the owner strongly.
    func observers() -> [_Observer] {
        while true {
            let raw = storage.load(ordering: .acquiring)
            if raw == 0 || raw & DeinitObservers.registrantBit != 0 { return [] }
            if raw & DeinitObservers.inlineBit == 0 { return DeinitObservers.record(in: raw).snapshot() }
            guard claimInline(raw) else { continue }
            let observer = DeinitObservers.observer(in: raw).takeUnretainedValue()
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
