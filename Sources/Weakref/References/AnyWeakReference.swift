/// A reference object of this library that refers to an object weakly: a ``WeakReference``, a
/// ``WeakProxy`` or a ``WeakMethod``.
///
/// ``weakReferences(to:)`` returns values of this type.
///
/// ```swift
/// for reference in weakReferences(to: employee) {
///     print(reference, reference.isAlive)
/// }
/// ```
public protocol AnyWeakReference: AnyObject, CustomStringConvertible {
    /// Whether the referent is still alive.
    ///
    /// ```swift
    /// let live = weakReferences(to: employee).filter(\.isAlive)
    /// ```
    ///
    /// - Complexity: O(1).
    var isAlive: Bool { get }

    /// The referent as `AnyObject`, or `nil` once it was deallocated.
    ///
    /// ```swift
    /// if let employee = reference.referent as? Employee { print(employee.name) }
    /// ```
    ///
    /// - Complexity: O(1).
    var referent: AnyObject? { get }
}
