/// A nominal type context descriptor (class, struct or enum), read through the stable Swift ABI.
///
/// Layout: flags, parent, name, access function, fields (32-bit words, the last four relative
/// pointers), then the kind-specific words.
struct _TypeDescriptor: Hashable {
    let pointer: UnsafeRawPointer

    enum Kind: Equatable {
        case `class`, `struct`, `enum`, other
    }

    private var flags: UInt32 { pointer.load(as: UInt32.self) }

    var kind: Kind {
        switch flags & 0x1F {
        case 16: .class
        case 17: .struct
        case 18: .enum
        default: .other
        }
    }

    var isGeneric: Bool { flags & 0x80 != 0 }

    /// The class was compiled against a superclass from a module built with library evolution: its
    /// field offsets are relative to bounds only the runtime computes.
    var hasResilientSuperclass: Bool { kind == .class && (flags >> 16) & (1 << 13) != 0 }

    /// The reflection field descriptor, absent when the module was built without reflection metadata.
    var fields: _FieldDescriptor? { _relativePointer(pointer, 16).map(_FieldDescriptor.init) }

    private func word(_ index: Int) -> UInt32 {
        pointer.load(fromByteOffset: 20 + 4 * index, as: UInt32.self)
    }

    // Struct: NumFields, FieldOffsetVectorOffset.
    // Enum: NumPayloadCasesAndPayloadSizeOffset, NumEmptyCases.
    // Class: SuperclassType, MetadataNegativeSizeInWords, MetadataPositiveSizeInWords,
    //        NumImmediateMembers, NumFields, FieldOffsetVectorOffset.

    var fieldCount: Int { Int(kind == .class ? word(4) : word(0)) }

    /// In words from the metadata address point; 0 means there is no field offset vector.
    var fieldOffsetVectorOffset: Int { Int(kind == .class ? word(5) : word(1)) }

    var payloadCaseCount: Int { Int(word(0) & 0xFF_FFFF) }

    /// Where a (non-resilient) class's generic arguments start in its metadata, in words.
    var classGenericArgumentOffset: Int { Int(word(2)) - Int(word(3)) }
}
