/// The state of one ``Finalizer``, registered on its object and kept alive by ``_FinalizerRegistry``
/// until it runs or is detached, so that users may drop the `Finalizer` itself.
final class _FinalizerCore: _Observer, @unchecked Sendable {
    weak let object: AnyObject?
    let sequence: UInt64
    // Guarded by `_FinalizerRegistry.shared.lock`.
    var action: (@Sendable () -> Void)?
    var runsAtExit = true

    init(object: AnyObject, action: @escaping @Sendable () -> Void, sequence: UInt64) {
        self.object = object
        self.action = action
        self.sequence = sequence
    }

    /// Whether the object was alive when the finalizer was created; a finalizer created during its
    /// object's deinit is born dead.
    var isBornAlive: Bool { object != nil }

    override func deliver() {
        _FinalizerRegistry.shared.run(self)
    }
}
