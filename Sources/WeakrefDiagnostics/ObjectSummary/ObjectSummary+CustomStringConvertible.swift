extension ObjectSummary: CustomStringConvertible {
    /// `Node(n1)`, `Resource(temp)`, or `Node` for an object without a short description.
    ///
    /// ```swift
    /// print(ObjectSummary(node))  // Node(n1)
    /// ```
    ///
    /// - Complexity: O(*n*) in the length of the text.
    public var description: String {
        guard let text else { return typeName }
        return text.hasPrefix(typeName) ? text : "\(typeName)(\(text))"
    }
}
