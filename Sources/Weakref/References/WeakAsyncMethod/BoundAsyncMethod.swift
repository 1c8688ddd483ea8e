/// An `async` method bound to a live receiver, as returned by calling a ``WeakAsyncMethod``.
///
/// It holds the receiver strongly; call it like the method itself, with `await` (and `try` when
/// `Failure` is not `Never`). It is `Sendable` when the receiver is.
///
/// ```swift
/// if let refresh = weakRefresh() {
///     let added = try await refresh(lastVisit)
/// }
/// ```
public struct BoundAsyncMethod<Object: AnyObject, each Argument, Result, Failure: Error> {
    /// The receiver the method is bound to.
    ///
    /// ```swift
    /// let feed = bound.receiver
    /// ```
    public let receiver: Object
    private let method: @Sendable (Object) -> (repeat each Argument) async throws(Failure) -> Result

    init(
        receiver: Object,
        method: @escaping @Sendable (Object) -> (repeat each Argument) async throws(Failure) -> Result
    ) {
        self.receiver = receiver
        self.method = method
    }

    /// Calls the method on the receiver.
    ///
    /// ```swift
    /// let added = try await bound(lastVisit)
    /// ```
    ///
    /// - Complexity: The cost of the method.
    public func callAsFunction(_ argument: repeat each Argument) async throws(Failure) -> Result {
        try await method(receiver)(repeat each argument)
    }
}

// Checked by the compiler: a receiver and a `@Sendable` method. `Argument`, `Result` and `Failure` need
// not be Sendable: a call passes them in and out within the calling task.
extension BoundAsyncMethod: Sendable where Object: Sendable {}

extension BoundAsyncMethod: CustomStringConvertible {
    /// `<bound method Feed of …>`, naming the receiver's type and describing the receiver.
    ///
    /// ```swift
    /// print(bound)
    /// ```
    ///
    /// - Complexity: The cost of describing the receiver.
    public var description: String {
        "<bound method \(type(of: receiver)) of \(String(describing: receiver))>"
    }
}
