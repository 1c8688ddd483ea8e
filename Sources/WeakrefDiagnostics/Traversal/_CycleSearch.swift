/// A depth-first search of the strong-reference graph with an explicit stack: an edge to an object
/// still on the stack closes a cycle (the stack's path from that object, plus the edge).
struct _CycleSearch {
    private let finder: RetainCycleFinder
    /// Only cycles that return to the root object are recorded.
    private let throughRootOnly: Bool
    let walker = _Walker()

    private var nodeIDs: [UnsafeRawPointer: Int] = [:]
    private(set) var addresses: [UnsafeRawPointer] = []
    /// The node's position on the stack, or -1.
    private var stackPosition: [Int] = []
    private(set) var cycles: [[_Edge.Step]] = []
    private var cycleKeys: Set<[_Edge.Step]> = []
    private(set) var isComplete = true

    private struct Frame {
        /// -1 for a root that is a value, not an object.
        let node: Int
        let edges: [_Edge]
        var next = 0
    }

    init(finder: RetainCycleFinder, throughRootOnly: Bool) {
        self.finder = finder
        self.throughRootOnly = throughRootOnly
    }

    var visitedObjectCount: Int { addresses.count }

    mutating func run(fromObject address: UnsafeRawPointer) {
        let root = register(address)
        run(from: Frame(node: root, edges: walker.edges(ofObject: address)))
    }

    mutating func run(fromValue address: UnsafeRawPointer, type: _Metadata) {
        run(from: Frame(node: -1, edges: walker.edges(ofValue: address, type: type)))
    }

    private mutating func register(_ address: UnsafeRawPointer) -> Int {
        let id = addresses.count
        nodeIDs[address] = id
        addresses.append(address)
        stackPosition.append(-1)
        return id
    }

    private mutating func run(from root: Frame) {
        var stack = [root]
        if root.node >= 0 { stackPosition[root.node] = 0 }
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].next < stack[top].edges.count else {
                if stack[top].node >= 0 { stackPosition[stack[top].node] = -1 }
                stack.removeLast()
                continue
            }
            let edge = stack[top].edges[stack[top].next]
            stack[top].next += 1
            if let id = nodeIDs[edge.target] {
                let position = stackPosition[id]
                guard position >= 0, !throughRootOnly || position == 0 else { continue }
                recordCycle(stack[position...])
                if cycles.count >= finder.maximumCycleCount {
                    isComplete = false
                    return
                }
                continue
            }
            guard addresses.count < finder.maximumObjectCount, stack.count < finder.maximumDepth else {
                isComplete = false
                continue
            }
            let id = register(edge.target)
            stackPosition[id] = stack.count
            stack.append(Frame(node: id, edges: walker.edges(ofObject: edge.target)))
        }
    }

    /// The frames from the cycle's first object to the top; each frame's current edge is the step.
    private mutating func recordCycle(_ frames: ArraySlice<Frame>) {
        let steps = frames.map { frame in
            _Edge.Step(source: addresses[frame.node], label: frame.edges[frame.next - 1].label)
        }
        // The same cycle found from another starting point is a rotation: keep one.
        let start =
            steps.indices.min { UInt(bitPattern: steps[$0].source) < UInt(bitPattern: steps[$1].source) } ?? 0
        let key = Array(steps[start...] + steps[..<start])
        guard cycleKeys.insert(key).inserted else { return }
        cycles.append(steps)
    }
}
