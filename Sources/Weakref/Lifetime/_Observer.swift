import Synchronization

/// One registration on a referent: a reference's callback, a finalizer, or a weak collection's entry.
///
/// Observers of one referent form an intrusive list (``_IntrusiveList``) inside its
/// ``_ReferentRecord``, newest first, so that deliveries run most recently registered first (Python's
/// order) and unregistering is O(1). The links are guarded by the record's lock.
///
/// A death is delivered in two phases (see ``_Deaths``):
/// - ``referentDidDie()`` runs at once, in the thread that saw the death, for every observer of the
///   dead referent. It does internal bookkeeping only (a collection unlinks its entry) and must not
///   run user code or release anything user code may own.
/// - ``deliver()`` runs user code (callbacks, finalizer actions). Nested deaths on the same thread
///   are queued and delivered by the outermost delivery loop, so long cascades do not recurse.
@usableFromInline
// @unchecked: the links are guarded by the record's lock; `_record` is written before the locked link.
class _Observer: @unchecked Sendable {
    /// The record this observer was linked into. Written once, before the observer is published (or,
    /// for an inline observer moved into a new record, before the move is published through
    /// ``_inlineState``), and never changed, so it may be read without a lock.
    @exclusivity(unchecked)
    final var _record: _ReferentRecord?

    // Guarded by `_record.lock`. Dynamic exclusivity checks are off for these links (and the other
    // lock-guarded fields of the library): the lock already excludes conflicting accesses, and the
    // checks cost more than the rest of a death.
    /// This observer's place in its record's list (``_RecordList``). After the referent died, `_next`
    /// links the detached chain that ``_Deaths`` delivers.
    @exclusivity(unchecked)
    final var _next: _Observer?
    @exclusivity(unchecked)
    final unowned(unsafe) var _previous: _Observer?
    @exclusivity(unchecked)
    final var _isLinked = false

    /// Whether this observer is its prompt-tier referent's only one, kept inline in the referent's
    /// ``DeinitObservers`` with no record, and what became of it there (``_InlineState``). The death
    /// and a cancellation each try to move it out of `.inline`; whichever succeeds owns the outcome,
    /// so neither needs a lock, and a cancellation never touches the referent, which may be gone.
    @usableFromInline
    final let _inlineState = Atomic<UInt8>(_InlineState.notInline.rawValue)

    @usableFromInline
    init() {}

    /// Phase one of a death: bookkeeping that must be visible before any callback runs.
    func referentDidDie() {}

    /// Phase two of a death: user code.
    func deliver() {}

    /// Whether this observer is the inline registration of `registrant`, moved into a record
    /// (``_InlineRegistrationObserver``).
    func isInlineRegistration(of registrant: _InlineRegistrant) -> Bool { false }

    /// Phase zero of a cancellation that won against the death while this observer was inline: its
    /// referent's storage keeps it (until the next registration or the death), so it drops now what
    /// only a delivery would use. Runs on the cancelling thread, with no lock held; no delivery can
    /// follow.
    func didCancelInline() {}

    /// Registers this observer on `object`: inline in its ``DeinitObservers`` when it is the prompt-tier
    /// object's only observer, in its record otherwise.
    ///
    /// - Precondition: the caller holds `object` strongly and has checked, by forming its own weak
    ///   reference, that `object` is not deinitializing.
    /// - Returns: `false` when the referent's observers already fired (the registration is dead).
    @inlinable
    @discardableResult
    final func attach<Object: AnyObject>(to object: Object) -> Bool {
        _Referents.attach(self, to: object)
    }

    /// Links this observer into `record`, found by the caller. The same precondition holds.
    @usableFromInline
    @discardableResult
    final func attach(toRecord record: _ReferentRecord) -> Bool {
        var record = record
        while true {
            _record = record
            switch record.link(self) {
            case .linked: return true
            case .referentDied: return false
            case .retired:
                // Between the caller's lookup and this link, the record's last observer was cancelled and
                // the record left the registry. The caller holds the referent, so it is alive: look again.
                guard let object = record.object else { return false }
                record = _ReferentRegistry.shared.record(for: object)
            }
        }
    }

    /// Unlinks this observer so that it will never be delivered. Safe to call more than once, from any
    /// thread, and concurrently with the referent's death (whichever comes first wins).
    ///
    /// - Returns: `true` if this call unlinked it, `false` if it had already fired or been cancelled.
    @usableFromInline
    @discardableResult
    final func cancel() -> Bool {
        while true {
            let state = _inlineState.load(ordering: .acquiring)
            if state == _InlineState.notInline.rawValue { break }
            guard state == _InlineState.inline.rawValue else { return false }  // fired or cancelled
            // Against the death (`.fired`) and a second registration moving it into a record
            // (`.notInline`, after which `_record` is set): the loser looks again.
            if _inlineState.compareExchange(
                expected: state, desired: _InlineState.cancelled.rawValue, ordering: .acquiringAndReleasing
            ).exchanged {
                didCancelInline()
                return true
            }
        }
        guard let record = _record else { return false }
        return record.unlink(self)
    }
}

/// Where an observer stands with respect to its referent's inline slot (``_Observer/_inlineState``).
@usableFromInline
enum _InlineState: UInt8 {
    /// In a record, or not registered: ``_Observer/_record`` tells which.
    case notInline
    /// The only observer of a prompt-tier referent, held by its ``DeinitObservers``.
    case inline
    /// Taken by the referent's death (final).
    case fired
    /// Cancelled while inline (final); the referent's storage drops it at its next change.
    case cancelled
}
