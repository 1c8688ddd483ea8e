/// The registration behind a ``WeakReference``, ``WeakProxy`` or ``WeakMethod``: it lists the reference
/// for introspection and carries its optional callback.
///
/// It holds the reference weakly, so that a reference deallocated before its referent never has its
/// callback run (and unregisters itself from its `deinit`).
@usableFromInline
final class _ReferenceObserver<Reference: AnyWeakReference>: _Observer,
    // @unchecked: `reference` is written before the record's lock publishes it; one delivery owns `callback`.
    @unchecked Sendable
{
    /// Written by ``register(_:on:)`` before the observer is published to its referent, then only read
    /// (by the delivery). Unchecked: a dynamic exclusivity check cost every registration and every
    /// delivery about 76 instructions.
    @usableFromInline
    @exclusivity(unchecked)
    weak var reference: Reference?
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

    var publicReference: (any AnyWeakReference)? { reference }

    /// Registers `reference` on `object`. A reference whose referent is already deinitializing (a weak
    /// reference formed in a `deinit` reads `nil` at once) is born dead: it stays unregistered and
    /// never calls back.
    @inlinable
    func register<Object: AnyObject>(_ reference: Reference, on object: Object) {
        guard reference.isAlive else { return }
        self.reference = reference
        attach(to: object)
    }

    /// The referent keeps this observer until its next registration or its death: the callback, and
    /// whatever it captured, go now, as they would with an observer in a record.
    override func didCancelInline() {
        callback = nil
    }

    override func deliver() {
        let callback = self.callback
        self.callback = nil
        guard let callback, let reference else { return }
        callback(reference)
    }
}

/// An observer that stands for a public reference object, for introspection
/// (``weakReferences(to:)``). Lifetime's observers know nothing of references; this is how the
/// references find theirs among them.
protocol _PublicReferenceObserver: _Observer {
    /// The reference object, if it is still alive.
    var publicReference: (any AnyWeakReference)? { get }
}

extension _ReferenceObserver: _PublicReferenceObserver {}
