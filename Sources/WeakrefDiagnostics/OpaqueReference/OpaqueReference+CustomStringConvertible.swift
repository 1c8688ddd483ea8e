extension OpaqueReference: CustomStringConvertible {
    /// `Button(ok).action: closure (captures not visible)`.
    ///
    /// ```swift
    /// print(opaque)
    /// ```
    ///
    /// - Complexity: O(*n*) in the length of the text.
    public var description: String {
        let place: String
        if label.isEmpty {
            place = owner
        } else {
            place = owner + (label.hasPrefix("[") || label.hasPrefix(".") ? label : "." + label)
        }
        return "\(place): \(kind)"
    }
}

extension OpaqueReference.Kind: CustomStringConvertible {
    /// `closure (captures not visible)`, `no reflection metadata for Foo (its stored properties are
    /// not visible)` or `not visited: …`.
    ///
    /// ```swift
    /// print(OpaqueReference.Kind.closure)  // closure (captures not visible)
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        switch self {
        case .closure:
            "closure (captures not visible)"
        case .missingReflectionMetadata(let typeName):
            "no reflection metadata for \(typeName) (its stored properties are not visible)"
        case .unsupported(let what):
            "not visited: \(what)"
        }
    }
}
