/// The metadata kinds of the Swift ABI that the traversal distinguishes.
enum _MetadataKind: Equatable {
    case `class`
    case `struct`
    case `enum`
    case optional
    case tuple
    case function
    case existential
    case extendedExistential
    case metatype
    case other(UInt)

    init(raw: UInt) {
        switch raw {
        case 0: self = .class
        case 0x200: self = .struct
        case 0x201: self = .enum
        case 0x202: self = .optional
        case 0x301: self = .tuple
        case 0x302: self = .function
        case 0x303: self = .existential
        case 0x304, 0x306: self = .metatype
        case 0x307: self = .extendedExistential
        // Values above the last enumerated kind are isa pointers: class metadata.
        case let value where value > 0x7FF: self = .class
        default: self = .other(raw)
        }
    }
}
