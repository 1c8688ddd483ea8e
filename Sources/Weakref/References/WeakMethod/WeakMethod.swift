/// A method bound weakly to its receiver: Python's `weakref.WeakMethod`.
///
/// Storing `employee.prettyPrint` as a closure retains `employee`. A `WeakMethod` stores the receiver
/// weakly and the unapplied method, and binds them afresh on each call while the receiver lives.
///
/// ```swift
/// let method = WeakMethod(employee, Employee.prettyPrint)
/// method()?()             // calls employee.prettyPrint() while employee is alive
/// employee = nil
/// print(method() == nil)  // true
///
/// let greet = WeakMethod(employee, Employee.greet)  // (String, Int) -> String
/// let line = greet()?("Ada", 3)
/// ```
///
/// An optional callback runs once when the receiver is deallocated. Swift has no weak reference to a
/// free function (functions are not objects), so the method is always kept; only the receiver is weak.
///
/// A throwing method keeps its error type (`Failure`; `Never` for a method that does not throw, so its
/// calls need no `try`):
///
/// ```swift
/// let load = WeakMethod(store, Store.load)  // func load(_ id: Int) throws(StoreError) -> Record
/// let record = try load()?(42)
/// ```
///
/// For an `async` method use ``WeakAsyncMethod``.
///
/// The method must be `@Sendable`: a weak method of a `Sendable` receiver may run it in several tasks
/// at once. An unapplied method such as `Employee.prettyPrint` captures nothing, so it always is; only
/// a closure capturing non-Sendable state is refused. A weak method is `Sendable` only when its `Object`
/// is, since the bound method it returns holds the receiver.
public final class WeakMethod<Object: AnyObject, each Argument, Result, Failure: Error> {
    weak let _object: Object?
    private let method: @Sendable (Object) -> (repeat each Argument) throws(Failure) -> Result
    private let observer: _ReferenceObserver<WeakMethod<Object, repeat each Argument, Result, Failure>>

    /// Creates a weak method from a receiver and an unapplied method of its type.
    ///
    /// ```swift
    /// let method = WeakMethod(employee, Employee.prettyPrint)
    /// ```
    ///
    /// `method` must not capture `object` strongly, or the receiver is never deallocated.
    ///
    /// - Complexity: O(1) amortized.
    public init(
        _ object: Object,
        _ method: @escaping @Sendable (Object) -> (repeat each Argument) throws(Failure) -> Result
    ) {
        _object = object
        self.method = method
        observer = _ReferenceObserver(callback: nil)
        observer.register(self, on: object)
    }

    /// Creates a weak method that calls `onDeallocation` once its receiver is gone.
    ///
    /// ```swift
    /// let method = WeakMethod(employee, Employee.prettyPrint) { _ in print("receiver gone") }
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    public init(
        _ object: Object,
        _ method: @escaping @Sendable (Object) -> (repeat each Argument) throws(Failure) -> Result,
        onDeallocation:
            @escaping @Sendable (WeakMethod<Object, repeat each Argument, Result, Failure>) -> Void
    ) {
        _object = object
        self.method = method
        observer = _ReferenceObserver(callback: onDeallocation)
        observer.register(self, on: object)
    }

    deinit {
        observer.cancelForDeinit()
    }

    /// The method bound to the receiver, or `nil` once the receiver was deallocated.
    ///
    /// ```swift
    /// if let bound = method() { bound() }
    /// ```
    ///
    /// The bound method holds the receiver strongly for as long as you keep it.
    ///
    /// - Complexity: O(1).
    public func callAsFunction() -> BoundMethod<Object, repeat each Argument, Result, Failure>? {
        guard let object = _object else { return nil }
        return BoundMethod(receiver: object, method: method)
    }

    /// Whether the receiver is still alive.
    ///
    /// ```swift
    /// if method.isAlive { … }
    /// ```
    ///
    /// - Complexity: O(1).
    public var isAlive: Bool { _object != nil }
}

extension WeakMethod: AnyWeakReference {
    /// The receiver as `AnyObject`, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// let any: AnyObject? = method.referent
    /// ```
    ///
    /// - Complexity: O(1).
    public var referent: AnyObject? { _object }

    /// `<weakref at 0x…; to 'Employee' at 0x…>` while the receiver is alive, `<weakref at 0x…; dead>`
    /// after. Like Python's, it names the receiver, not the method.
    ///
    /// ```swift
    /// print(method)
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        _referenceDescription(kind: "weakref", of: self, referent: _object)
    }
}
