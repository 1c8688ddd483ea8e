/// A place the finder could not see into, so a cycle through it would go unreported.
///
/// ```swift
/// for opaque in report.opaqueReferences {
///     print(opaque)  // Button(ok).action: closure (captures not visible)
/// }
/// ```
///
/// Each kind is reported once per owner type and property path.
///
/// - Complexity: O(1) to store.
public struct OpaqueReference: Sendable, Hashable {
    /// Why the finder could not follow a reference.
    ///
    /// ```swift
    /// if case .closure = opaque.kind { print("check what", opaque.label, "captures") }
    /// ```
    ///
    /// - Complexity: O(1) to store.
    public enum Kind: Sendable, Hashable {
        /// A stored closure: its context is a heap object whose captures Swift does not describe
        /// through any public interface.
        ///
        /// ```swift
        /// if opaque.kind == .closure { print("check the captures of", opaque.label) }
        /// ```
        ///
        /// - Complexity: O(1).
        case closure
        /// The type was compiled without reflection metadata (`-disable-reflection-metadata`), so its
        /// stored properties are unknown. The finder does not guess.
        ///
        /// ```swift
        /// if case .missingReflectionMetadata(let type) = opaque.kind { print(type, "is opaque") }
        /// ```
        ///
        /// - Complexity: O(1).
        case missingReflectionMetadata(typeName: String)
        /// A representation the finder does not read, described in words.
        ///
        /// ```swift
        /// if case .unsupported(let what) = opaque.kind { print("not visited:", what) }
        /// ```
        ///
        /// - Complexity: O(1).
        case unsupported(String)
    }

    /// The object (or, for the root value, the type) that holds the reference:
    /// `Button(ok)`.
    ///
    /// ```swift
    /// print(opaque.owner)
    /// ```
    ///
    /// - Complexity: O(1).
    public let owner: String

    /// The property path inside the owner, e.g. `action`; empty for the owner as a whole.
    ///
    /// ```swift
    /// print(opaque.label)  // action
    /// ```
    ///
    /// - Complexity: O(1).
    public let label: String

    /// Why it is opaque.
    ///
    /// ```swift
    /// print(opaque.kind)  // closure (captures not visible)
    /// ```
    ///
    /// - Complexity: O(1).
    public let kind: Kind

    /// Creates a record.
    ///
    /// ```swift
    /// let opaque = OpaqueReference(owner: "Button(ok)", label: "action", kind: .closure)
    /// ```
    ///
    /// - Complexity: O(1).
    public init(owner: String, label: String, kind: Kind) {
        self.owner = owner
        self.label = label
        self.kind = kind
    }
}
