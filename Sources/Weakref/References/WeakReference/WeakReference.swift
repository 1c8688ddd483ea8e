/// A weak reference to an object, with an optional callback that runs when the object is deallocated.
///
/// This is Python's `weakref.ref`. Calling the reference returns the object while it is alive and
/// `nil` afterwards; the reference never keeps it alive.
///
/// ```swift
/// var employee: Employee? = Employee(name: "William")
/// let reference = WeakReference(employee!) { dead in
///     print("gone:", dead)       // gone: <weakref at 0x…; dead>
/// }
/// print(reference()?.name)       // Optional("William")
/// employee = nil                 // a DeinitObservable Employee calls back here
/// print(reference())             // nil
/// ```
///
/// The callback receives the (now dead) reference. It runs at most once: at the referent's
/// deallocation for a ``DeinitObservable`` referent, or at the next ``Collector/collect()`` for any
/// other object. Callbacks of one referent run most recently registered first. A reference that is
/// deallocated before its referent never calls back. A reference created while its referent is
/// deinitializing (for example inside its `deinit`) is born dead and never calls back.
///
/// Every call creates a distinct reference, with or without a callback; CPython shares callback-less
/// references, Swift initializers cannot.
public final class WeakReference<Object: AnyObject> {
    @usableFromInline
    weak let _object: Object?
    @usableFromInline
    let _identity: ObjectIdentifier
    @usableFromInline
    let observer: _ReferenceObserver<WeakReference<Object>>

    /// Creates a weak reference to `object` with no callback.
    ///
    /// ```swift
    /// let reference = WeakReference(employee)
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public init(_ object: Object) {
        _object = object
        _identity = ObjectIdentifier(object)
        observer = _ReferenceObserver(callback: nil)
        observer.register(self, on: object)
    }

    /// Creates a weak reference to `object` that calls `onDeallocation` once the object is gone.
    ///
    /// ```swift
    /// let reference = WeakReference(resource) { reference in
    ///     print("Resource has been garbage collected:", reference)
    /// }
    /// ```
    ///
    /// The callback must not capture `object` strongly, or the object can never be deallocated.
    ///
    /// - Parameters:
    ///   - object: The referent.
    ///   - onDeallocation: Runs once, on the thread that observed the death, with this reference
    ///     (already dead) as its argument. It may call any API of this library.
    /// - Complexity: O(1) amortized.
    @inlinable
    public init(
        _ object: Object,
        onDeallocation: @escaping @Sendable (WeakReference<Object>) -> Void
    ) {
        _object = object
        _identity = ObjectIdentifier(object)
        observer = _ReferenceObserver(callback: onDeallocation)
        observer.register(self, on: object)
    }

    deinit {
        observer.cancelForDeinit()
    }

    /// The referent, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// if let employee = reference() { print(employee.name) }
    /// ```
    ///
    /// The result is a strong reference: keep it for as long as you use the object.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func callAsFunction() -> Object? {
        _object
    }

    /// The referent, or `nil` once it was deallocated: the same as calling the reference, spelled as a
    /// property.
    ///
    /// ```swift
    /// reference.object?.greet()
    /// guard let employee = reference.object else { return }
    /// ```
    ///
    /// The result is a strong reference: keep it for as long as you use the object.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var object: Object? {
        _object
    }

    /// Whether the referent is still alive.
    ///
    /// ```swift
    /// if reference.isAlive { … }
    /// ```
    ///
    /// In concurrent code prefer `if let object = reference()`, which cannot race.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var isAlive: Bool {
        _object != nil
    }
}
