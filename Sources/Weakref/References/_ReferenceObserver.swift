import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The registration behind a ``WeakReference``, ``WeakProxy`` or ``WeakMethod``: it lists the reference
/// for introspection and carries its optional callback.
///
/// It points to its reference without retaining it, so that a reference deallocated before its referent
/// never has its callback run (and unregisters itself from its `deinit`). The pointer is unowned rather
/// than weak: a weak pointer cost every reference a side table of its own (an allocation, and the slow
/// path of every retain and release of the reference; about 500 instructions and 32 bytes). Reading it
/// safely takes two things Swift's `unowned` lacks, and that ``loadReference()`` supplies:
/// - the memory must still be there: a reader pins the pointer (``access``), and the reference's
///   `deinit` waits, in ``cancelForDeinit()``, until no reader holds it, then closes it for good;
/// - the reference must not be deinitializing: the reader takes a strong reference with the runtime's
///   `swift_tryRetain`, which refuses once the `deinit` has begun (``_tryRetain(_:)``).
@usableFromInline
final class _ReferenceObserver<Reference: AnyWeakReference>: _Observer,
    // @unchecked: `reference` is written before the record's lock publishes it and read under `access`;
    // one delivery owns `callback`.
    @unchecked Sendable
{
    /// The reference, unretained. Written by ``register(_:on:)`` before the observer is published to
    /// its referent, then only read, through ``loadReference()``. Unchecked: a dynamic exclusivity check
    /// cost every registration and every delivery about 76 instructions.
    @usableFromInline
    @exclusivity(unchecked)
    var reference: UnsafeRawPointer?
    /// Who may read `reference` (``_ReferenceAccess``).
    @usableFromInline
    let access = Atomic<UInt8>(_ReferenceAccess.open.rawValue)
    // Read and cleared only by the single delivery of this observer, or by the cancellation that won
    // over the delivery of an inline observer (``didCancelInline()``).
    @usableFromInline
    @exclusivity(unchecked)
    var callback: (@Sendable (Reference) -> Void)?

    @inlinable
    init(callback: (@Sendable (Reference) -> Void)?) {
        self.callback = callback
        super.init()
    }

    var publicReference: (any AnyWeakReference)? { loadReference() }

    /// Registers `reference` on `object`. A reference whose referent is already deinitializing (a weak
    /// reference formed in a `deinit` reads `nil` at once) is born dead: it stays unregistered and
    /// never calls back.
    @inlinable
    func register<Object: AnyObject>(_ reference: Reference, on object: Object) {
        guard reference.isAlive else { return }
        self.reference = UnsafeRawPointer(Unmanaged.passUnretained(reference).toOpaque())
        attach(to: object)
    }

    /// The reference, strongly, unless its `deinit` has begun (or it never registered).
    ///
    /// - Complexity: O(1); it waits only while another thread reads the pointer (a few instructions).
    func loadReference() -> Reference? {
        guard pin() else { return nil }
        defer { access.store(_ReferenceAccess.open.rawValue, ordering: .releasing) }
        guard let reference, _tryRetain(reference) else { return nil }
        return Unmanaged<Reference>.fromOpaque(reference).takeRetainedValue()
    }

    /// Takes `access` from open to pinned, waiting out another reader; `false` once it is closed.
    private func pin() -> Bool {
        while true {
            let (pinned, state) = access.compareExchange(
                expected: _ReferenceAccess.open.rawValue, desired: _ReferenceAccess.pinned.rawValue,
                ordering: .acquiring)
            if pinned { return true }
            if state == _ReferenceAccess.closed.rawValue { return false }
            sched_yield()
        }
    }

    /// For the reference's `deinit`: unregisters, then closes the pointer once no reader holds it, so
    /// that the reference's memory is not read after the `deinit` returns.
    @usableFromInline
    func cancelForDeinit() {
        cancel()
        while true {
            let (closed, state) = access.compareExchange(
                expected: _ReferenceAccess.open.rawValue, desired: _ReferenceAccess.closed.rawValue,
                ordering: .acquiringAndReleasing)
            if closed || state == _ReferenceAccess.closed.rawValue { return }
            // A reader pinned it a few instructions ago: its `swift_tryRetain` fails (this reference is
            // deinitializing) and it unpins.
            sched_yield()
        }
    }

    /// The referent keeps this observer until its next registration or its death: the callback, and
    /// whatever it captured, go now, as they would with an observer in a record.
    override func didCancelInline() {
        callback = nil
    }

    override func deliver() {
        let callback = self.callback
        self.callback = nil
        guard let callback, let reference = loadReference() else { return }
        callback(reference)
    }
}

/// The states of ``_ReferenceObserver/access``.
@usableFromInline
enum _ReferenceAccess: UInt8 {
    /// The reference may be read.
    case open
    /// A reader is reading it (and trying to retain it).
    case pinned
    /// The reference's `deinit` has closed it: it is never read again.
    case closed
}

/// An observer that stands for a public reference object, for introspection
/// (``weakReferences(to:)``). Lifetime's observers know nothing of references; this is how the
/// references find theirs among them.
protocol _PublicReferenceObserver: _Observer {
    /// The reference object, if it is still alive.
    var publicReference: (any AnyWeakReference)? { get }
}

extension _ReferenceObserver: _PublicReferenceObserver {}
