extension RetainCycleReport: CustomStringConvertible {
    /// One line per cycle, then one per opaque reference (prefixed `not visible: `), then a line if the
    /// search was cut short; `no retain cycle found (N objects visited)` when there is nothing to say.
    ///
    /// ```swift
    /// print(RetainCycleFinder().findCycles(from: n1))
    /// ```
    ///
    /// - Complexity: O(*n*) in the size of the report.
    public var description: String {
        var lines = cycles.map(\.description)
        if cycles.isEmpty {
            lines.append("no retain cycle found (\(visitedObjectCount) objects visited)")
        }
        lines += opaqueReferences.map { "not visible: \($0)" }
        if !isComplete {
            lines.append("incomplete: a limit of the finder stopped the search")
        }
        return lines.joined(separator: "\n")
    }
}
