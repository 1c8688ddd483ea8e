/// The registration behind a ``WeakReference``, ``WeakProxy`` or ``WeakMethod``: it lists the reference
/// for introspection and carries its optional callback.
///
/// It holds the reference weakly, so that a reference deallocated before its referent never has its
/// callback run (and unregisters itself from its `deinit`).
@usableFromInline
final class _ReferenceObserver<Reference: AnyWeakReference>: _Observer, @unchecked Sendable {
    @usableFromInline
    weak var reference: Reference?
    // Read and cleared only by the single delivery of this observer.
    @usableFromInline
    @exclusivity(unchecked)
    var callback: (@Sendable (Reference) -> Void)?

    @inlinable
    init(callback: (@Sendable (Reference) -> Void)?) {
        self.callback = callback
        super.init()
    }

    override var publicReference: (any AnyWeakReference)? { reference }

    /// Registers `reference` on `object`. A reference whose referent is already deinitializing (a weak
    /// reference formed in a `deinit` reads `nil` at once) is born dead: it stays unregistered and
    /// never calls back.
    @inlinable
    func register<Object: AnyObject>(_ reference: Reference, on object: Object) {
        guard reference.isAlive else { return }
        self.reference = reference
        attach(toRecord: _Referents.record(for: object))
    }

    override func deliver() {
        let callback = self.callback
        self.callback = nil
        guard let callback, let reference else { return }
        callback(reference)
    }
}

/// Python's address format: `0x` and lowercase hexadecimal digits.
func _address(of object: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(object)), radix: 16)
}

/// `<kind at 0x…; to 'Type' at 0x…>` while `referent` is alive, `<kind at 0x…; dead>` after.
func _referenceDescription(
    kind: String, of reference: AnyObject, referent: AnyObject?, preposition: String = "to"
) -> String {
    guard let referent else { return "<\(kind) at \(_address(of: reference)); dead>" }
    return "<\(kind) at \(_address(of: reference)); \(preposition) '\(type(of: referent))' "
        + "at \(_address(of: referent))>"
}
