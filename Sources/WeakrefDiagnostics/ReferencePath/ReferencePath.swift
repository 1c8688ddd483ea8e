/// A chain of strong references: where it starts, then each property path and the object it leads to.
///
/// A retain cycle is a path that ends at the object it starts from:
///
/// ```swift
/// for cycle in RetainCycleFinder().findCycles(from: n1).cycles {
///     print(cycle)  // Node(n1).next → Node(n2).next → Node(n1)
/// }
/// ```
///
/// Property paths use Swift's syntax: `next`, `children[2]` (array element), `table["a"]`
/// (dictionary value), `table[key: "a"]` (dictionary key), `members[member]` (set member),
/// `pair.1` or `pair.left` (tuple element), `state.connected` (enum payload); optionals are transparent.
///
/// - Complexity: O(1) to store.
public struct ReferencePath: Sendable, Hashable {
    /// One step: a property path inside the previous object (or the root value) and the object it
    /// strongly references.
    ///
    /// ```swift
    /// for step in cycle.steps { print(step.label, step.object) }
    /// ```
    ///
    /// - Complexity: O(1) to store.
    public struct Step: Sendable, Hashable {
        /// The property path, e.g. `next` or `children[2].node`; empty when a root value is itself the
        /// reference.
        ///
        /// ```swift
        /// print(cycle.steps[0].label)  // next
        /// ```
        ///
        /// - Complexity: O(1).
        public let label: String

        /// The object the property strongly references.
        ///
        /// ```swift
        /// print(cycle.steps[0].object)  // Node(n2)
        /// ```
        ///
        /// - Complexity: O(1).
        public let object: ObjectSummary

        /// Creates a step.
        ///
        /// ```swift
        /// let step = ReferencePath.Step(label: "next", object: ObjectSummary(n2))
        /// ```
        ///
        /// - Complexity: O(1).
        public init(label: String, object: ObjectSummary) {
            self.label = label
            self.object = object
        }
    }

    /// The object the path starts from, or `nil` when it starts from a value (see ``rootTypeName``).
    ///
    /// ```swift
    /// print(cycle.root!)  // Node(n1)
    /// ```
    ///
    /// - Complexity: O(1).
    public let root: ObjectSummary?

    /// The type of the value the path starts from: the root object's class, or a value's type.
    ///
    /// ```swift
    /// print(path.rootTypeName)  // Metadata
    /// ```
    ///
    /// - Complexity: O(1).
    public let rootTypeName: String

    /// The steps, in order.
    ///
    /// ```swift
    /// print(cycle.steps.count)  // 2 for n1 → n2 → n1
    /// ```
    ///
    /// - Complexity: O(1).
    public let steps: [Step]

    /// Creates a path.
    ///
    /// ```swift
    /// let path = ReferencePath(root: ObjectSummary(n1), rootTypeName: "Node", steps: [step])
    /// ```
    ///
    /// - Complexity: O(1).
    public init(root: ObjectSummary?, rootTypeName: String, steps: [Step]) {
        self.root = root
        self.rootTypeName = rootTypeName
        self.steps = steps
    }

    /// Whether the path ends at the object it starts from: a retain cycle.
    ///
    /// ```swift
    /// cycle.isCycle  // true
    /// ```
    ///
    /// - Complexity: O(1).
    public var isCycle: Bool {
        guard let root, let last = steps.last else { return false }
        return last.object.identifier == root.identifier
    }

    /// The objects along the path, starting with the root object (if any).
    ///
    /// ```swift
    /// cycle.objects.map(\.typeName)  // ["Node", "Node", "Node"]
    /// ```
    ///
    /// - Complexity: O(*n*) in the number of steps.
    public var objects: [ObjectSummary] {
        (root.map { [$0] } ?? []) + steps.map(\.object)
    }
}

extension ReferencePath {
    init(_rootObject root: UnsafeRawPointer, steps edges: [_Edge.Step], summaries: inout _Summaries) {
        let rootSummary = summaries[root]
        var steps: [Step] = []
        for (index, edge) in edges.enumerated() {
            let target = index + 1 < edges.count ? edges[index + 1].source : root
            steps.append(Step(label: edge.label, object: summaries[target]))
        }
        self.init(root: rootSummary, rootTypeName: rootSummary.typeName, steps: steps)
    }
}
