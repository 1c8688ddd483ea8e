/// The state of one ``Finalizer``, registered on its object and kept alive by ``_FinalizerRegistry``
/// until it runs or is detached, so that users may drop the `Finalizer` itself.
@usableFromInline
// @unchecked: mutable fields are guarded by the registry's lock; `object` is a weak `let`.
final class _FinalizerCore: _Observer, @unchecked Sendable {
    weak let object: AnyObject?
    let sequence: UInt64
    // Guarded by `_FinalizerRegistry.shared.lock` (which makes dynamic exclusivity checks redundant).
    /// The action while the finalizer is alive; `nil` once it ran or was detached.
    @exclusivity(unchecked)
    var action: _FinalizerAction?
    @exclusivity(unchecked)
    var runsAtExit = true
    /// This finalizer's place in the registry's list of live finalizers (``_LiveFinalizerList``).
    @exclusivity(unchecked)
    var olderLive: _FinalizerCore?
    @exclusivity(unchecked)
    unowned(unsafe) var newerLive: _FinalizerCore?
    @exclusivity(unchecked)
    var isLive = false

    init(object: AnyObject, action: @escaping @Sendable () -> Void, sequence: UInt64) {
        self.object = object
        self.action = _FinalizerAction(run: action)
        self.sequence = sequence
    }

    /// Whether the object was alive when the finalizer was created; a finalizer created during its
    /// object's deinit is born dead.
    var isBornAlive: Bool { object != nil }

    override func deliver() {
        _FinalizerRegistry.shared.run(self, isDelivery: true)
    }
}

/// The registry's list of live finalizers, threaded through ``_FinalizerCore``'s live links.
enum _LiveFinalizerList: _IntrusiveListTag {
    static subscript(next node: _FinalizerCore) -> _FinalizerCore? {
        _read { yield node.olderLive }
        _modify { yield &node.olderLive }
    }

    static subscript(previous node: _FinalizerCore) -> _FinalizerCore? {
        get { node.newerLive }
        set { node.newerLive = newValue }
    }

    static subscript(isLinked node: _FinalizerCore) -> Bool {
        get { node.isLive }
        set { node.isLive = newValue }
    }
}

/// A finalizer's action, wrapped so that it crosses generic code as it is: a function value passed as a
/// generic argument (a critical section's result or garbage) would be re-abstracted through an
/// allocated thunk, one allocation per finalizer.
@usableFromInline
struct _FinalizerAction: Sendable {
    let run: @Sendable () -> Void
}
