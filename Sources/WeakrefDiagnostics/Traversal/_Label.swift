/// One step of a property path inside an object, e.g. `children`, `[2]`, `.some`, `["key"]`.
enum _Label {
    /// A stored property or a tuple element.
    case field(String)
    /// The payload of an enum case.
    case enumCase(String)
    /// An array element.
    case element(Int)
    /// A dictionary value, labelled by its key (stored at the pointer, of the given type).
    case dictionaryValue(UnsafeRawPointer, _Metadata)
    /// A dictionary key.
    case dictionaryKey(UnsafeRawPointer, _Metadata)
    /// A set member.
    case setMember
}

/// The labels of one object's walk, as a tree of (parent, label) nodes; only the paths that end at
/// a reference are ever rendered, so dictionary keys are described only when needed.
struct _LabelTree {
    private var nodes: [(parent: Int, label: _Label)] = []

    static let root = -1

    mutating func removeAll() { nodes.removeAll(keepingCapacity: true) }

    mutating func append(_ label: _Label, parent: Int) -> Int {
        nodes.append((parent, label))
        return nodes.count - 1
    }

    /// `next`, `children[2].node`, `state.connected`, `table["a"]`.
    func render(_ index: Int) -> String {
        var chain: [_Label] = []
        var current = index
        while current != Self.root {
            chain.append(nodes[current].label)
            current = nodes[current].parent
        }
        var text = ""
        for label in chain.reversed() {
            switch label {
            case .field(let name): text += text.isEmpty ? name : "." + name
            case .enumCase(let name): text += "." + name
            case .element(let index): text += "[\(index)]"
            case .dictionaryValue(let key, let type): text += "[\(_shortDescription(of: key, type))]"
            case .dictionaryKey(let key, let type): text += "[key: \(_shortDescription(of: key, type))]"
            case .setMember: text += "[member]"
            }
        }
        return text
    }
}

/// `String(reflecting:)` of the value at `pointer`, cut to 40 characters.
func _shortDescription(of pointer: UnsafeRawPointer, _ type: _Metadata) -> String {
    // An object (a class key) is named as in paths: `Node(n1)`.
    if type.kind == .class {
        return ObjectSummary(_address: pointer.load(as: UnsafeRawPointer.self)).description
    }
    func describe<T>(_: T.Type) -> String {
        String(reflecting: pointer.assumingMemoryBound(to: T.self).pointee)
    }
    return _shortened(describe(type.type))
}

/// `text` cut to `limit` characters (with an ellipsis), on one line.
func _shortened(_ text: String, limit: Int = 40) -> String {
    let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    if line.count <= limit && line.count == text.count { return text }
    return String(line.prefix(limit - 1)) + "…"
}
