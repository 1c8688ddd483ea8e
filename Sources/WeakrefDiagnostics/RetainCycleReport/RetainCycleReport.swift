/// What a ``RetainCycleFinder`` search found: the cycles, the places it could not see into, and
/// whether a limit cut it short.
///
/// ```swift
/// let report = RetainCycleFinder().findCycles(from: n1)
/// for cycle in report.cycles { print(cycle) }  // Node(n1).next → Node(n2).next → Node(n1)
/// ```
///
/// - Complexity: O(1) to store.
public struct RetainCycleReport: Sendable {
    /// The retain cycles found, each reported once (not once per rotation), in discovery order.
    ///
    /// ```swift
    /// report.cycles.first?.description  // "Node(n1).next → Node(n2).next → Node(n1)"
    /// ```
    ///
    /// - Complexity: O(1).
    public let cycles: [ReferencePath]

    /// Places the search could not follow (closures, types without reflection metadata, …), at most
    /// 100, each once per owner type and property path.
    ///
    /// ```swift
    /// for opaque in report.opaqueReferences { print(opaque) }
    /// ```
    ///
    /// - Complexity: O(1).
    public let opaqueReferences: [OpaqueReference]

    /// The number of distinct objects whose properties were read.
    ///
    /// ```swift
    /// print(report.visitedObjectCount)  // 2
    /// ```
    ///
    /// - Complexity: O(1).
    public let visitedObjectCount: Int

    /// `false` if the maximum depth, object count or cycle count stopped the search before it had
    /// seen everything reachable.
    ///
    /// ```swift
    /// if !report.isComplete { print("raise the finder's limits") }
    /// ```
    ///
    /// - Complexity: O(1).
    public let isComplete: Bool

    /// Creates a report.
    ///
    /// ```swift
    /// let empty = RetainCycleReport(cycles: [], opaqueReferences: [], visitedObjectCount: 0, isComplete: true)
    /// ```
    ///
    /// - Complexity: O(1).
    public init(
        cycles: [ReferencePath], opaqueReferences: [OpaqueReference], visitedObjectCount: Int,
        isComplete: Bool
    ) {
        self.cycles = cycles
        self.opaqueReferences = opaqueReferences
        self.visitedObjectCount = visitedObjectCount
        self.isComplete = isComplete
    }

    /// Whether any cycle was found.
    ///
    /// ```swift
    /// #expect(!RetainCycleFinder().findCycles(from: tree).hasCycles)
    /// ```
    ///
    /// - Complexity: O(1).
    public var hasCycles: Bool { !cycles.isEmpty }
}
