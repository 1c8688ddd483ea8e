/// What a critical section must release after unlocking (DESIGN §5.4).
///
/// ``_Lock/withLock(discarding:body:)`` hands each critical section an empty bag; whatever leaves the
/// protected state goes in: table entries to unregister, objects loaded from weak references, values
/// of the section's own type (replaced payloads, values built and not stored, finalizer actions), and
/// retired storage. The bag is noncopyable and its contents are released in one place,
/// ``release()``, which the lock calls after unlocking.
///
/// Most sections drop at most one thing of each kind, kept inline; anything more goes to an overflow
/// allocated on first use. An empty bag is five `nil`s: making and dropping one costs a few
/// instructions, and nothing is allocated.
@usableFromInline
package struct _Garbage<Discarded>: ~Copyable {
    /// An observer removed from a structure, to unregister from its referent's record after unlocking
    /// (a weak collection's removed entry).
    @usableFromInline
    var removedObserver: _Observer?
    /// A plain reference to drop: an object loaded from a weak reference, an unlinked node. Held as
    /// an owned `Unmanaged` and released explicitly in ``releaseContents()``: dropping an `AnyObject?`
    /// there goes through the existential's value witnesses, a third of a lookup's overhead.
    @usableFromInline
    var reference: Unmanaged<AnyObject>?
    /// A second plain reference: an unregistration drops both the observer's list reference and, when
    /// it was the last, the record that leaves the registry. Without this slot each of those would
    /// allocate an overflow, twice the cost of the unregistration itself.
    @usableFromInline
    var secondReference: Unmanaged<AnyObject>?
    /// A value of the section's own type.
    @usableFromInline
    var value: Discarded?
    /// Everything beyond the first of each kind, and retired storage.
    @usableFromInline
    var overflow: _GarbageOverflow<Discarded>?

    @inlinable
    init() {
        removedObserver = nil
        reference = nil
        secondReference = nil
        value = nil
        overflow = nil
    }

    /// The overflow, created on first use.
    @inlinable
    var more: _GarbageOverflow<Discarded> {
        mutating get {
            if let overflow { return overflow }
            let created = _GarbageOverflow<Discarded>()
            overflow = created
            return created
        }
    }

    /// Takes an observer removed from a structure; it is unregistered from its referent's record, then
    /// released, after unlocking.
    @inlinable
    mutating func append(removed observer: __owned _Observer) {
        if removedObserver == nil {
            removedObserver = observer
        } else {
            more.removedObservers.append(observer)
        }
    }

    /// Takes a reference to release after unlocking (`nil` is ignored).
    @inlinable
    @inline(__always)
    mutating func keep(_ object: __owned AnyObject?) {
        guard let object else { return }
        if reference == nil {
            reference = Unmanaged.passRetained(object)
        } else if secondReference == nil {
            secondReference = Unmanaged.passRetained(object)
        } else {
            more.references.append(object)
        }
    }

    /// Makes room for `count` more references (a section about to load many objects).
    @inlinable
    mutating func reserveReferences(_ count: Int) {
        more.references.reserveCapacity(count)
    }

    /// Takes a reference into the overflow directly (for a section that loads many objects and made
    /// room with ``reserveReferences(_:)``): the reference moves in, with no retain of its own.
    @inlinable
    @inline(__always)
    mutating func keepInBulk(_ object: __owned AnyObject) {
        more.references.append(object)
    }

    /// Takes a value to release after unlocking.
    @inlinable
    mutating func keep(value discarded: __owned Discarded) {
        if value == nil {
            value = discarded
        } else {
            more.values.append(discarded)
        }
    }

    /// Takes a delivery to make after unlocking: an event for the subscribers of a collection's deaths
    /// (``_DeathSubscribers``). Deliveries run after everything else in the bag was released.
    @inlinable
    mutating func deliverAfterUnlocking(_ delivery: @escaping () -> Void) {
        more.deliveries.append(delivery)
    }

    /// Takes storage to release after unlocking.
    @inlinable
    mutating func retire(_ storage: __owned Any) {
        more.retired.append(storage)
    }

    /// Unregisters removed observers, then releases everything. Called by the lock after unlocking,
    /// and only there.
    ///
    /// An empty bag has nothing to release and ends here. Anything else goes to
    /// ``releaseContents()``, a call the optimizer cannot see into: it cannot be moved above the
    /// unlock, and the bag's contents, which are its argument, stay alive until it runs.
    @inlinable
    @inline(__always)
    consuming func release() {
        if removedObserver == nil, reference == nil, secondReference == nil, value == nil, overflow == nil {
            return
        }
        releaseContents()
    }

    @inlinable
    @inline(never)
    consuming func releaseContents() {
        reference?.release()
        secondReference?.release()
        removedObserver?.cancel()
        if let overflow {
            for observer in overflow.removedObservers { observer.cancel() }
            for delivery in overflow.deliveries { delivery() }
        }
    }
}

/// The part of a ``_Garbage`` bag beyond one item of each kind. Owned by one bag, on one thread: no
/// dynamic exclusivity checks (they would cost more than the appends).
@usableFromInline
package final class _GarbageOverflow<Discarded> {
    @usableFromInline
    @exclusivity(unchecked)
    var removedObservers: [_Observer] = []
    @usableFromInline
    @exclusivity(unchecked)
    var references: [AnyObject] = []
    @usableFromInline
    @exclusivity(unchecked)
    var values: [Discarded] = []
    @usableFromInline
    @exclusivity(unchecked)
    var retired: [Any] = []
    @usableFromInline
    @exclusivity(unchecked)
    var deliveries: [() -> Void] = []

    @inlinable
    init() {}
}
