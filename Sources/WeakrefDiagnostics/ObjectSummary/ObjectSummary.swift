/// How a report names an object: its type and, when it is short, its own description.
///
/// A class that conforms to `CustomStringConvertible` with a description of at most 40 characters on
/// one line prints as `TypeName(description)` — or as the description alone if that already starts
/// with the type name — so a `Node` whose description is `n1` prints as `Node(n1)`. Any other object
/// prints as its type name. The summary holds no reference to the object.
///
/// ```swift
/// let summary = ObjectSummary(node)
/// print(summary)  // Node(n1)
/// ```
///
/// - Complexity: O(1) to store; creating one calls the object's `description` once.
public struct ObjectSummary: Sendable, Hashable {
    /// The object's class, unqualified: `Node`, `Box<Int>`.
    ///
    /// ```swift
    /// print(ObjectSummary(node).typeName)  // Node
    /// ```
    ///
    /// - Complexity: O(1).
    public let typeName: String

    /// The object's short description, or `nil` if it has none or it is too long.
    ///
    /// ```swift
    /// print(ObjectSummary(node).text ?? "-")  // n1
    /// ```
    ///
    /// - Complexity: O(1).
    public let text: String?

    /// The object's identity when the summary was made. Compare it only with objects you know are
    /// still alive: a freed object's identifier is reused by the next allocation.
    ///
    /// ```swift
    /// ObjectSummary(node).identifier == ObjectIdentifier(node)  // true
    /// ```
    ///
    /// - Complexity: O(1).
    public let identifier: ObjectIdentifier

    /// Summarizes `object`.
    ///
    /// ```swift
    /// let summary = ObjectSummary(node)
    /// ```
    ///
    /// - Complexity: O(*d*), where *d* is the cost of the object's `description`.
    public init(_ object: AnyObject) {
        typeName = _typeName(type(of: object), qualified: false)
        identifier = ObjectIdentifier(object)
        if let describable = object as? any CustomStringConvertible {
            let description = describable.description
            text = description.count <= 40 && !description.contains("\n") ? description : nil
        } else {
            text = nil
        }
    }

    init(_address address: UnsafeRawPointer) {
        self.init(Unmanaged<AnyObject>.fromOpaque(address).takeUnretainedValue())
    }
}
