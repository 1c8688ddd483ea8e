/// A strong reference from one object (or the root value) to an object.
struct _Edge {
    let target: UnsafeRawPointer
    /// The property path inside the source, e.g. `next` or `children[2]`.
    let label: String
}

/// Something the walk could not see into, recorded once per (owner type, label, kind).
struct _OpaqueFinding {
    /// The object that holds it, or `nil` for the root value.
    let owner: UnsafeRawPointer?
    let ownerTypeName: String
    let label: String
    let kind: OpaqueReference.Kind
}

extension _Edge {
    /// One step of a recorded path: an object and the property path leaving it.
    struct Step: Hashable {
        let source: UnsafeRawPointer
        let label: String
    }
}
