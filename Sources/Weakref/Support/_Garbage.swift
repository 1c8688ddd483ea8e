/// What a critical section must release after unlocking (DESIGN §5.4).
///
/// ``_Lock/withLock(discarding:_:)`` hands each critical section an empty bag; whatever leaves the
/// protected state goes in: table entries to unregister, objects loaded from weak references, values
/// of the section's own type (replaced payloads, values built and not stored, finalizer actions), and
/// retired storage. The bag is noncopyable and its contents are released in one place,
/// ``release()``, which the lock calls after unlocking. Most sections drop at most one thing of each
/// kind, which is kept inline, so an ordinary operation allocates nothing for its bag.
@usableFromInline
package struct _Garbage<Discarded>: ~Copyable {
    /// Observers removed from a structure, to unregister from their referents' records after
    /// unlocking (a weak collection's removed entries); the first inline.
    @usableFromInline
    var removedObserver: _Observer?
    @usableFromInline
    var moreRemovedObservers: [_Observer] = []
    /// Plain references to drop: objects loaded from weak references, unlinked nodes; the first inline.
    @usableFromInline
    var reference: AnyObject?
    @usableFromInline
    var moreReferences: [AnyObject] = []
    /// Values of the section's own type; the first inline.
    @usableFromInline
    var value: Discarded?
    @usableFromInline
    var moreValues: [Discarded] = []
    /// Whole storage retired at once (an emptied table's arrays and index).
    @usableFromInline
    var retired: [Any] = []

    @inlinable
    init() {}

    /// Takes an observer removed from a structure; it is unregistered from its referent's record, then
    /// released, after unlocking.
    @inlinable
    mutating func append(removed observer: __owned _Observer) {
        if removedObserver == nil {
            removedObserver = observer
        } else {
            moreRemovedObservers.append(observer)
        }
    }

    /// Takes a reference to release after unlocking (`nil` is ignored).
    @inlinable
    mutating func keep(_ object: __owned AnyObject?) {
        guard let object else { return }
        if reference == nil {
            reference = object
        } else {
            moreReferences.append(object)
        }
    }

    /// Takes a value to release after unlocking.
    @inlinable
    mutating func keep(value discarded: __owned Discarded) {
        if value == nil {
            value = discarded
        } else {
            moreValues.append(discarded)
        }
    }

    /// Takes storage to release after unlocking.
    @inlinable
    mutating func retire(_ storage: __owned Any) {
        retired.append(storage)
    }

    /// Unregisters removed observers, then releases everything. Called by the lock after unlocking,
    /// and only there.
    ///
    /// Never inlined: the call is opaque to the optimizer, so it cannot be moved above the unlock,
    /// and the bag's contents, which are its arguments, stay alive until it runs.
    @inlinable
    @inline(never)
    consuming func release() {
        if let removedObserver {
            removedObserver.cancel()
            for observer in moreRemovedObservers { observer.cancel() }
        }
    }
}
