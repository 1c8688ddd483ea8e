/// The number of live reference objects of this library — ``WeakReference``s, ``WeakProxy``s and
/// ``WeakMethod``s — that refer to `object`: Python's `weakref.getweakrefcount`.
///
/// ```swift
/// let a = WeakReference(employee), b = WeakProxy(employee)
/// print(weakReferenceCount(of: employee))  // 2
/// ```
///
/// Each reference counts once: Swift initializers cannot hand back an existing reference, so, unlike
/// CPython, callback-less references are never shared. Finalizers and weak-collection entries are
/// registrations, not reference objects, and are not counted. Native `weak var`s are not counted
/// either.
///
/// - Complexity: O(*n*) in the number of registrations on `object`.
public func weakReferenceCount(of object: AnyObject) -> Int {
    weakReferences(to: object).count
}

/// The live reference objects of this library that refer to `object`, most recently created first:
/// Python's `weakref.getweakrefs`.
///
/// ```swift
/// for reference in weakReferences(to: employee) { print(reference) }
/// ```
///
/// - Complexity: O(*n*) in the number of registrations on `object`.
public func weakReferences(to object: AnyObject) -> [any AnyWeakReference] {
    // The references are loaded outside the record's lock: a reference dropped concurrently could
    // otherwise be deallocated by this thread while the lock is held.
    _Referents.observers(of: object).compactMap { ($0 as? any _PublicReferenceObserver)?.publicReference }
}
