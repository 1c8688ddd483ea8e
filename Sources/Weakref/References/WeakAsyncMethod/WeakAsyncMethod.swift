/// An `async` method bound weakly to its receiver: ``WeakMethod`` for methods you `await`.
///
/// ```swift
/// let refresh = WeakAsyncMethod(feed, Feed.refresh)  // func refresh(since: Date) async throws -> Int
/// if let bound = refresh() {
///     let added = try await bound(lastVisit)
/// }
/// ```
///
/// The receiver is held weakly between calls; a bound method holds it strongly for as long as you keep
/// it, so the receiver lives until the call it started returns. `Failure` is the method's error type
/// (`Never` when it does not throw: then its calls need no `try`). An optional callback runs once when
/// the receiver is deallocated, like ``WeakMethod``'s. A weak async method is `Sendable` only when its
/// `Object` is.
public final class WeakAsyncMethod<Object: AnyObject, each Argument, Result, Failure: Error> {
    weak let _object: Object?
    private let method: @Sendable (Object) -> (repeat each Argument) async throws(Failure) -> Result
    private let observer: _ReferenceObserver<WeakAsyncMethod<Object, repeat each Argument, Result, Failure>>

    /// Creates a weak async method from a receiver and an unapplied `async` method of its type.
    ///
    /// ```swift
    /// let refresh = WeakAsyncMethod(feed, Feed.refresh)
    /// ```
    ///
    /// `method` must not capture `object` strongly, or the receiver is never deallocated.
    ///
    /// - Complexity: O(1) amortized.
    public init(
        _ object: Object,
        _ method: @escaping @Sendable (Object) -> (repeat each Argument) async throws(Failure) -> Result
    ) {
        _object = object
        self.method = method
        observer = _ReferenceObserver(callback: nil)
        observer.register(self, on: object)
    }

    /// Creates a weak async method that calls `onDeallocation` once its receiver is gone.
    ///
    /// ```swift
    /// let refresh = WeakAsyncMethod(feed, Feed.refresh) { _ in print("feed gone") }
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    public init(
        _ object: Object,
        _ method: @escaping @Sendable (Object) -> (repeat each Argument) async throws(Failure) -> Result,
        onDeallocation:
            @escaping @Sendable (WeakAsyncMethod<Object, repeat each Argument, Result, Failure>)
            -> Void
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
    /// if let bound = refresh() { try await bound(lastVisit) }
    /// ```
    ///
    /// The bound method holds the receiver strongly for as long as you keep it.
    ///
    /// - Complexity: O(1).
    public func callAsFunction() -> BoundAsyncMethod<Object, repeat each Argument, Result, Failure>? {
        guard let object = _object else { return nil }
        return BoundAsyncMethod(receiver: object, method: method)
    }

    /// Whether the receiver is still alive.
    ///
    /// ```swift
    /// if refresh.isAlive { … }
    /// ```
    ///
    /// - Complexity: O(1).
    public var isAlive: Bool { _object != nil }
}

extension WeakAsyncMethod: AnyWeakReference {
    /// The receiver as `AnyObject`, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// let any: AnyObject? = refresh.referent
    /// ```
    ///
    /// - Complexity: O(1).
    public var referent: AnyObject? { _object }

    /// `<weakref at 0x…; to 'Feed' at 0x…>` while the receiver is alive, `<weakref at 0x…; dead>`
    /// after, naming the receiver like ``WeakMethod``'s description.
    ///
    /// ```swift
    /// print(refresh)
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        _referenceDescription(kind: "weakref", of: self, referent: _object)
    }
}
