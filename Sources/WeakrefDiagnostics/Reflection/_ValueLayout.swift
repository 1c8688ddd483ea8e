/// What the traversal does with a value of some type, worked out once per type.
enum _ValueLayout {
    /// Holds no strong reference worth following: plain data, strings, metatypes.
    case leaf
    /// A strong reference to a class instance: one pointer.
    case object
    /// `AnyObject` or a class-bound protocol: an object pointer followed by witness tables.
    case classExistential
    /// `Any` or a protocol existential: a three-word buffer, the dynamic type, witness tables.
    case opaqueExistential
    /// `any Error`: one pointer to a runtime error box.
    case errorExistential
    /// A Swift closure: a function pointer and a context object whose captures are not visible.
    case closure
    /// The stored properties of a struct or the elements of a tuple.
    case slots([_Slot])
    case enumeration(_EnumLayout)
    case array(element: _Metadata, kind: _ArrayKind)
    case dictionary(key: _Metadata, value: _Metadata)
    case set(element: _Metadata)
    /// Cannot be visited; the reason is reported.
    case opaque(OpaqueReference.Kind)
}

/// A stored property or tuple element holding a strong value.
struct _Slot {
    let offset: Int
    let label: _Label
    /// `nil` when the runtime could not resolve the mangled type name.
    let type: _Metadata?
}

enum _ArrayKind {
    case array, contiguousArray, arraySlice
}

/// The payload cases of an enum, indexed by tag (the runtime numbers payload cases first).
struct _EnumLayout {
    struct PayloadCase {
        let name: String
        /// `nil` when the runtime could not resolve the payload type.
        let payload: _Metadata?
        let isIndirect: Bool
    }

    let cases: [PayloadCase]
    let isOptional: Bool
}

/// The stored properties a class adds to its superclass.
struct _ClassLevel {
    let typeName: String
    let slots: [_Slot]
    let problem: OpaqueReference.Kind?
}
