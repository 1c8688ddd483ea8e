/// Something registered on many prompt-tier objects with no observer object per object: a weak
/// collection of a `DeinitObservable` type (``WeakSet``, ``WeakKeyDictionary``,
/// ``WeakValueDictionary``), whose one registrant serves all of them.
///
/// An object's ``DeinitObservers`` holds a registrant inline, as its only registration, next to the
/// object's address; the death hands the address back (``objectDidDie(at:inPhaseOne:)``), and the
/// collection finds its entries by it. A per-entry observer cost every insertion an allocation and a
/// free of 80 bytes; this costs a compare-and-swap on the object's storage, once per object however
/// many entries of the collection hold it.
///
/// The collection cancels a registration under its own lock, on the object's storage
/// (``DeinitObservers/cancel(_:owner:)``). That is safe because the death calls back into the
/// collection, under the same lock, before the object's memory is freed: while the collection's entry
/// exists and its lock is held, the object's memory does.
///
/// When the object gets a second observer, the registration moves into the object's record as an
/// ``_InlineRegistrationObserver``.
@usableFromInline
// @unchecked: no state of its own; subclasses say what guards theirs.
class _InlineRegistrant: @unchecked Sendable {
    @usableFromInline
    init() {}

    /// The object at `address` died; its registration was taken by the death, so nothing cancels it.
    ///
    /// - Parameter inPhaseOne: Whether this runs in phase one of a death delivered through
    ///   ``_Deaths`` (the registration had moved into a record), where no user code may run; otherwise
    ///   it runs straight from the object's ``DeinitObservers``.
    func objectDidDie(at address: UInt, inPhaseOne: Bool) {}

    /// Whether nothing will cancel this registrant's registrations any more (its collection is gone),
    /// so that one held inline may be dropped by the next registration on its object.
    var isDefunct: Bool { true }
}

/// An inline registration (``_InlineRegistrant``) moved into its object's record because the object
/// got a second observer: the record links observers, so the registration becomes one.
@usableFromInline
// @unchecked: `registrant` and `address` are `let`s; the links are guarded by the record's lock.
final class _InlineRegistrationObserver: _Observer, @unchecked Sendable {
    let registrant: _InlineRegistrant
    let address: UInt

    init(registrant: _InlineRegistrant, address: UInt) {
        self.registrant = registrant
        self.address = address
        super.init()
    }

    override func referentDidDie() {
        registrant.objectDidDie(at: address, inPhaseOne: true)
    }

    override func isInlineRegistration(of registrant: _InlineRegistrant) -> Bool {
        self.registrant === registrant
    }
}

/// How a weak collection registers its ``_InlineRegistrant`` on objects of its `Object` type, a
/// `DeinitObservable` class, and cancels the registration: a subclass made for that class
/// (``_InlineRegistrationWitness``, from ``_Referents/inlineRegistrationAccess(for:)``), so that
/// neither asks the runtime for a conformance.
///
/// A class rather than a pair of closures: the closures, generic over the class, captured its
/// metadata in a context that every call retained and released, and a table copying the pair did so
/// twice (measured: 20 instructions a removal).
@usableFromInline
class _InlineRegistrationAccess<Object: AnyObject>: @unchecked Sendable {  // @unchecked: no state.
    @usableFromInline
    init() {}

    /// Registers `registrant` on `object` (``DeinitObservers/attach(_:owner:)``).
    @usableFromInline
    func attach(_ object: Object, _ registrant: _InlineRegistrant) -> Bool {
        fatalError("weakref: _InlineRegistrationAccess is abstract")
    }

    /// Cancels `registrant`'s registration on the object at `address`
    /// (``DeinitObservers/cancel(_:owner:)``), returning what to release after unlocking.
    @usableFromInline
    func cancel(_ address: UInt, _ registrant: _InlineRegistrant) -> AnyObject? {
        fatalError("weakref: _InlineRegistrationAccess is abstract")
    }

    /// Stops the process with a message naming the type if `object`'s `deinitObservers` is computed:
    /// registers a registrant that ignores deaths, checks that the registration stuck, and cancels it.
    /// (A table's own registrant would be told of the temporary storage's death while the table's lock
    /// is held, and the lock would stop the process with a less helpful message, or hang.)
    @inlinable
    final func verifyStoredConformance(of object: Object) {
        let probe = _InlineRegistrant.probe
        _ = attach(object, probe)
        _ = cancel(UInt(bitPattern: ObjectIdentifier(object)), probe)
    }
}

/// ``_InlineRegistrationAccess`` for a table whose `Object` type is the `DeinitObservable` class
/// `Observable` (or a subclass of it).
@usableFromInline
final class _InlineRegistrationWitness<Observable: DeinitObservable, Object: AnyObject>:
    _InlineRegistrationAccess<Object>, @unchecked Sendable  // @unchecked: no state.
{
    @inlinable
    override init() {
        super.init()
    }

    @inlinable
    override func attach(_ object: Object, _ registrant: _InlineRegistrant) -> Bool {
        let observable = unsafeDowncast(object, to: Observable.self)
        let attached = observable.deinitObservers.attach(
            registrant, owner: UInt(bitPattern: ObjectIdentifier(object)))
        // A computed `deinitObservers` returns a fresh temporary each time: refuse loudly.
        guard observable.deinitObservers.isInUse else {
            _Referents.computedConformanceFailure(Observable.self)
        }
        return attached
    }

    @inlinable
    override func cancel(_ address: UInt, _ registrant: _InlineRegistrant) -> AnyObject? {
        // No retain: the object may be deinitializing (its memory is valid, see the precondition of
        // `DeinitObservers.cancel`).
        Unmanaged<Observable>.fromOpaque(UnsafeRawPointer(bitPattern: address)!)
            ._withUnsafeGuaranteedRef { $0.deinitObservers.cancel(registrant, owner: address) }
    }
}

extension _InlineRegistrant {
    /// A registrant that nobody cancels and that ignores deaths, for
    /// ``_InlineRegistrationAccess/verifyStoredConformance(of:)``.
    @usableFromInline
    static let probe = _InlineRegistrant()
}
