extension RetainCycleFinder {
    /// The shortest chain of strong references from `root` (a value or an object) to `target`, or
    /// `nil` if `target` is not strongly reachable from it (within the finder's limits).
    ///
    /// ```swift
    /// if let path = RetainCycleFinder().path(from: metadata, to: document) {
    ///     print(path)  // Metadata.owner → Document(Report)
    /// }
    /// ```
    ///
    /// - Complexity: O(*V* + *E*) in the graph reachable from `root`.
    public func path<Root>(from root: Root, to target: AnyObject) -> ReferencePath? {
        withExtendedLifetime(target) {
            withUnsafePointer(to: root) { pointer in
                let type = _Metadata(Root.self)
                var search = _PathSearch(finder: self)
                guard
                    let edges = search.run(
                        fromValue: UnsafeRawPointer(pointer), type: type,
                        to: UnsafeRawPointer(Unmanaged.passUnretained(target).toOpaque()))
                else { return nil }
                var summaries = _Summaries()
                let steps = edges.map { ReferencePath.Step(label: $0.label, object: summaries[$0.target]) }
                return ReferencePath(root: nil, rootTypeName: type.name, steps: steps)
            }
        }
    }
}
