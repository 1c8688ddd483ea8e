/// The error thrown when a ``WeakProxy`` is used after its referent was deallocated.
///
/// ```swift
/// do {
///     let name = try proxy.name
/// } catch {
///     print(error)  // weakly-referenced object no longer exists
/// }
/// ```
public struct ReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Creates the error.
    ///
    /// ```swift
    /// throw ReferenceError()
    /// ```
    public init() {}

    /// `weakly-referenced object no longer exists`, Python's message for the same failure.
    ///
    /// ```swift
    /// print(ReferenceError())  // weakly-referenced object no longer exists
    /// ```
    public var description: String { "weakly-referenced object no longer exists" }
}
