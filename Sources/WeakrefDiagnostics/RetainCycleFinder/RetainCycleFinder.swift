/// Finds retain cycles by walking the strong references reachable from a root, the way Python's `gc`
/// module lists referents — but without a collector, so a cycle it finds is a leak that will never be
/// freed.
///
/// The finder reads each object's stored properties at the offsets its type metadata records
/// (superclass properties included), and follows strong references through structs, enum payloads,
/// optionals, tuples, arrays, dictionaries, sets and existentials. It tells `weak`, `unowned` and
/// `unowned(unsafe)` properties apart from the type's reflection field records and never reads them.
/// It does not use `Mirror`, so a custom `customMirror` cannot hide or invent a reference.
///
/// ```swift
/// final class Node: CustomStringConvertible {
///     let name: String
///     var next: Node?
///     init(_ name: String) { self.name = name }
///     var description: String { name }
/// }
/// let n1 = Node("n1"), n2 = Node("n2")
/// n1.next = n2
/// n2.next = n1
/// for cycle in RetainCycleFinder().findCycles(from: n1).cycles {
///     print(cycle)  // Node(n1).next → Node(n2).next → Node(n1)
/// }
/// ```
///
/// The search is iterative (a 100,000-object chain needs no deep stack) and bounded by
/// ``maximumDepth``, ``maximumObjectCount`` and ``maximumCycleCount``. It reads memory without
/// synchronization: run it while no other thread mutates the objects it walks. It is a diagnostic:
/// closures' captures, unsafe pointers, `Unmanaged` references and tail-allocated storage other than
/// the standard collections' are invisible to it (``RetainCycleReport/opaqueReferences`` lists the
/// closures and unreadable types it met).
///
/// - Complexity: O(*V* + *E*) for *V* reachable objects and *E* strong references, plus a copy of
///   every dictionary and set met on the way.
public struct RetainCycleFinder: Sendable {
    /// The longest chain of objects followed from the root; deeper objects are not visited.
    ///
    /// ```swift
    /// var finder = RetainCycleFinder()
    /// finder.maximumDepth = 1_000
    /// ```
    ///
    /// - Complexity: O(1).
    public var maximumDepth: Int

    /// The most objects visited in one search.
    ///
    /// ```swift
    /// let finder = RetainCycleFinder(maximumObjectCount: 10_000)
    /// ```
    ///
    /// - Complexity: O(1).
    public var maximumObjectCount: Int

    /// The search stops after finding this many distinct cycles.
    ///
    /// ```swift
    /// let finder = RetainCycleFinder(maximumCycleCount: 1)
    /// ```
    ///
    /// - Complexity: O(1).
    public var maximumCycleCount: Int

    /// Creates a finder with the given limits.
    ///
    /// ```swift
    /// let finder = RetainCycleFinder()
    /// ```
    ///
    /// - Complexity: O(1).
    public init(
        maximumDepth: Int = 1_000_000, maximumObjectCount: Int = 1_000_000, maximumCycleCount: Int = 100
    ) {
        self.maximumDepth = maximumDepth
        self.maximumObjectCount = maximumObjectCount
        self.maximumCycleCount = maximumCycleCount
    }

    /// Every retain cycle reachable from `root` (at least one per group of objects that keep each
    /// other alive), each starting at the object where the search entered it.
    ///
    /// ```swift
    /// print(RetainCycleFinder().findCycles(from: n1))  // Node(n1).next → Node(n2).next → Node(n1)
    /// ```
    ///
    /// - Complexity: O(*V* + *E*) in the reachable graph.
    public func findCycles(from root: AnyObject) -> RetainCycleReport {
        withExtendedLifetime(root) {
            var search = _CycleSearch(finder: self, throughRootOnly: false)
            search.run(fromObject: Unmanaged.passUnretained(root).toOpaque())
            return report(search)
        }
    }

    /// The retain cycles that run through `object` itself — the ones that keep it alive — each
    /// starting at `object`.
    ///
    /// ```swift
    /// let report = RetainCycleFinder().findCycles(through: n1)
    /// ```
    ///
    /// - Complexity: O(*V* + *E*) in the graph reachable from `object`.
    public func findCycles(through object: AnyObject) -> RetainCycleReport {
        withExtendedLifetime(object) {
            var search = _CycleSearch(finder: self, throughRootOnly: true)
            search.run(fromObject: Unmanaged.passUnretained(object).toOpaque())
            return report(search)
        }
    }

    /// Every retain cycle reachable from a value (a struct, a collection, an enum…) through the strong
    /// references it holds.
    ///
    /// ```swift
    /// let report = RetainCycleFinder().findCycles(reachableFrom: [n1, n3])
    /// ```
    ///
    /// - Complexity: O(*V* + *E*) in the reachable graph.
    public func findCycles<Root>(reachableFrom root: Root) -> RetainCycleReport {
        withUnsafePointer(to: root) { pointer in
            var search = _CycleSearch(finder: self, throughRootOnly: false)
            search.run(fromValue: UnsafeRawPointer(pointer), type: _Metadata(Root.self))
            return report(search)
        }
    }

    private func report(_ search: _CycleSearch) -> RetainCycleReport {
        var summaries = _Summaries()
        let cycles = search.cycles.map { steps in
            ReferencePath(_rootObject: steps[0].source, steps: steps, summaries: &summaries)
        }
        return RetainCycleReport(
            cycles: cycles,
            opaqueReferences: Self.opaqueReferences(search.walker, &summaries),
            visitedObjectCount: search.visitedObjectCount,
            isComplete: search.isComplete)
    }

    static func opaqueReferences(_ walker: _Walker, _ summaries: inout _Summaries) -> [OpaqueReference] {
        walker.findings.map { finding in
            let owner = finding.owner.map { summaries[$0].description } ?? finding.ownerTypeName
            return OpaqueReference(owner: owner, label: finding.label, kind: finding.kind)
        }
    }
}
