/// A breadth-first search from a root value for the shortest strong path to one object.
struct _PathSearch {
    private let finder: RetainCycleFinder
    let walker = _Walker()
    private(set) var isComplete = true

    init(finder: RetainCycleFinder) {
        self.finder = finder
    }

    /// The edges from the root value to `target`, in order, or `nil` if none was found.
    mutating func run(fromValue root: UnsafeRawPointer, type: _Metadata, to target: UnsafeRawPointer)
        -> [_Edge]?
    {
        // Node 0 is the root value; every other node is an object reached by `via` from `parent`.
        var parents: [(parent: Int, via: _Edge)] = [(-1, _Edge(target: root, label: ""))]
        var depths = [0]
        var seen: Set<UnsafeRawPointer> = []
        var head = 0
        while head < parents.count {
            let node = head
            head += 1
            let edges =
                node == 0
                ? walker.edges(ofValue: root, type: type) : walker.edges(ofObject: parents[node].via.target)
            for edge in edges {
                if edge.target == target {
                    var path = [edge]
                    var current = node
                    while current > 0 {
                        path.append(parents[current].via)
                        current = parents[current].parent
                    }
                    return path.reversed()
                }
                guard !seen.contains(edge.target) else { continue }
                guard seen.count < finder.maximumObjectCount, depths[node] + 1 < finder.maximumDepth else {
                    isComplete = false
                    continue
                }
                seen.insert(edge.target)
                parents.append((node, edge))
                depths.append(depths[node] + 1)
            }
        }
        return nil
    }
}
