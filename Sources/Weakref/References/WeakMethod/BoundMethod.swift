/// A method bound to a live receiver, as returned by calling a ``WeakMethod``.
///
/// It holds the receiver strongly; call it like the method itself (with `try` when `Failure` is not
/// `Never`). It is `Sendable` when the receiver is.
///
/// ```swift
/// if let greet = weakGreet() {
///     print(greet("Ada", 3))
/// }
/// ```
public struct BoundMethod<Object: AnyObject, each Argument, Result, Failure: Error> {
    /// The receiver the method is bound to.
    ///
    /// ```swift
    /// let employee = bound.receiver
    /// ```
    public let receiver: Object
    private let method: @Sendable (Object) -> (repeat each Argument) throws(Failure) -> Result

    init(
        receiver: Object,
        method: @escaping @Sendable (Object) -> (repeat each Argument) throws(Failure) -> Result
    ) {
        self.receiver = receiver
        self.method = method
    }

    /// Calls the method on the receiver.
    ///
    /// ```swift
    /// bound("Ada", 3)
    /// ```
    ///
    /// - Complexity: The cost of the method.
    public func callAsFunction(_ argument: repeat each Argument) throws(Failure) -> Result {
        try method(receiver)(repeat each argument)
    }
}

// Checked by the compiler: a receiver and a `@Sendable` method. `Argument`, `Result` and `Failure` need
// not be Sendable: a call passes them in and out within the calling task.
extension BoundMethod: Sendable where Object: Sendable {}

extension BoundMethod: CustomStringConvertible {
    /// `<bound method Employee of …>`, naming the receiver's type and describing the receiver.
    ///
    /// ```swift
    /// print(bound)  // <bound method Employee of 123 : William : 30>
    /// ```
    ///
    /// - Complexity: The cost of describing the receiver.
    public var description: String {
        "<bound method \(type(of: receiver)) of \(String(describing: receiver))>"
    }
}
