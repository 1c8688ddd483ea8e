/// A reflection field descriptor: the stored properties of a struct or class, or the cases of an enum.
///
/// Layout: mangled type name, superclass (relative pointers), kind (16 bits), record size (16 bits),
/// record count (32 bits), then the records: flags, mangled type name, field name.
struct _FieldDescriptor {
    let pointer: UnsafeRawPointer

    var count: Int { Int(pointer.load(fromByteOffset: 12, as: UInt32.self)) }
    private var recordSize: Int { Int(pointer.load(fromByteOffset: 10, as: UInt16.self)) }

    func record(_ index: Int) -> _FieldRecord {
        _FieldRecord(pointer: pointer + 16 + index * recordSize)
    }
}

/// One field record.
struct _FieldRecord {
    let pointer: UnsafeRawPointer

    private var flags: UInt32 { pointer.load(as: UInt32.self) }
    var isIndirectCase: Bool { flags & 0x1 != 0 }
    var isArtificial: Bool { flags & 0x4 != 0 }

    /// The mangled field type; `nil` for an enum case without a payload.
    var mangledTypeName: _MangledName? { _relativePointer(pointer, 4).map(_MangledName.init) }

    var name: String {
        guard let name = _relativePointer(pointer, 8) else { return "" }
        return String(cString: name.assumingMemoryBound(to: CChar.self))
    }
}
