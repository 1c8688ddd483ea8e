extension ReferencePath: CustomStringConvertible {
    /// The path on one line: `Node(n1).next → Node(n2).next → Node(n1)`.
    ///
    /// ```swift
    /// print(cycle)
    /// ```
    ///
    /// - Complexity: O(*n*) in the length of the path.
    public var description: String {
        var text = root?.description ?? rootTypeName
        for step in steps {
            if !step.label.isEmpty {
                text += step.label.hasPrefix("[") || step.label.hasPrefix(".") ? step.label : "." + step.label
            }
            text += " → " + step.object.description
        }
        return text
    }
}
