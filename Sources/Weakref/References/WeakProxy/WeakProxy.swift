/// A weak reference that reads like the object itself: Python's `weakref.proxy`.
///
/// Member reads go through dynamic member lookup and throw ``ReferenceError`` once the referent is
/// gone. Method calls and writes go through ``target()`` and ``set(_:to:)``.
///
/// ```swift
/// let proxy = WeakProxy(employee)
/// print(try proxy.name)                 // "William"
/// try proxy.target().promote()          // call a method
/// try proxy.set(\.age, to: 31)          // write a property
/// employee = nil
/// do { _ = try proxy.name } catch { print(error) }
/// // weakly-referenced object no longer exists
/// ```
///
/// An optional callback runs once the referent is deallocated, exactly as for ``WeakReference``, and
/// receives the proxy. Proxies are deliberately not `Hashable` (Python's proxies are unhashable).
@dynamicMemberLookup
public final class WeakProxy<Object: AnyObject> {
    @usableFromInline
    weak let _object: Object?
    @usableFromInline
    let observer: _ReferenceObserver<WeakProxy<Object>>

    /// Creates a proxy for `object` with no callback.
    ///
    /// ```swift
    /// let proxy = WeakProxy(employee)
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public init(_ object: Object) {
        _object = object
        observer = _ReferenceObserver(callback: nil)
        observer.register(self, on: object)
    }

    /// Creates a proxy for `object` that calls `onDeallocation` once the object is gone.
    ///
    /// ```swift
    /// let proxy = WeakProxy(employee) { _ in print("First Callback Executed.") }
    /// ```
    ///
    /// - Parameters:
    ///   - object: The referent.
    ///   - onDeallocation: Runs once with this (now dead) proxy, on the thread that observed the death.
    /// - Complexity: O(1) amortized.
    @inlinable
    public init(_ object: Object, onDeallocation: @escaping @Sendable (WeakProxy<Object>) -> Void) {
        _object = object
        observer = _ReferenceObserver(callback: onDeallocation)
        observer.register(self, on: object)
    }

    deinit {
        observer.cancelForDeinit()
    }

    /// The referent, for method calls and anything a key path cannot express.
    ///
    /// ```swift
    /// try proxy.target().prettyPrint()
    /// ```
    ///
    /// - Throws: ``ReferenceError`` if the referent was deallocated.
    /// - Complexity: O(1).
    @inlinable
    public func target() throws(ReferenceError) -> Object {
        guard let object = _object else { throw ReferenceError() }
        return object
    }

    /// Reads a member of the referent.
    ///
    /// ```swift
    /// let name = try proxy.name
    /// ```
    ///
    /// - Throws: ``ReferenceError`` if the referent was deallocated.
    /// - Complexity: O(1) plus the cost of the member.
    @inlinable
    public subscript<Value>(dynamicMember keyPath: KeyPath<Object, Value>) -> Value {
        get throws(ReferenceError) {
            try target()[keyPath: keyPath]
        }
    }

    /// Assigning through the proxy is not possible: a setter cannot throw, and the referent may be gone.
    /// Write ``set(_:to:)`` instead — `try proxy.set(\.name, to: "x")` — or assign through
    /// ``target()``.
    ///
    /// ```swift
    /// try proxy.set(\.name, to: "Ada")   // not `proxy.name = "Ada"`
    /// ```
    ///
    /// This overload exists only so that `proxy.name = "x"` fails to compile with that advice; reading
    /// `try proxy.name` uses the throwing getter above.
    ///
    /// - Complexity: Not callable.
    @available(
        *, unavailable,
        message:
            "a proxy's member cannot be assigned (its referent may be gone and a setter cannot throw); write `try proxy.set(\\.member, to: value)` or `try proxy.target().member = value`"
    )
    public subscript<Value>(dynamicMember keyPath: ReferenceWritableKeyPath<Object, Value>) -> Value {
        get { fatalError("unavailable") }
        set { fatalError("unavailable") }
    }

    /// Writes a member of the referent.
    ///
    /// ```swift
    /// try proxy.set(\.age, to: 31)
    /// ```
    ///
    /// - Throws: ``ReferenceError`` if the referent was deallocated.
    /// - Complexity: O(1) plus the cost of the member.
    @inlinable
    public func set<Value>(
        _ keyPath: ReferenceWritableKeyPath<Object, Value>, to value: Value
    ) throws(ReferenceError) {
        try target()[keyPath: keyPath] = value
    }

    /// Whether the referent is still alive.
    ///
    /// ```swift
    /// if proxy.isAlive { … }
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public var isAlive: Bool { _object != nil }
}
