/// A type metadata record, read through the stable Swift ABI.
struct _Metadata: Hashable {
    let pointer: UnsafeRawPointer

    init(_ type: any Any.Type) {
        pointer = unsafeBitCast(type, to: UnsafeRawPointer.self)
    }

    init(pointer: UnsafeRawPointer) {
        self.pointer = pointer
    }

    var type: any Any.Type { unsafeBitCast(pointer, to: Any.Type.self) }

    var kind: _MetadataKind { _MetadataKind(raw: pointer.load(as: UInt.self)) }

    /// The unqualified type name, e.g. `Node` or `Box<Int>`.
    var name: String { _typeName(type, qualified: false) }

    /// The nominal type descriptor, if this is a class, struct or enum.
    var descriptor: _TypeDescriptor? {
        _swift_getTypeContextDescriptor(pointer).map(_TypeDescriptor.init)
    }

    /// The `index`-th word of the metadata record.
    func word(_ index: Int) -> UnsafeRawPointer? {
        pointer.load(fromByteOffset: index * MemoryLayout<UnsafeRawPointer>.size, as: UnsafeRawPointer?.self)
    }

    /// The generic arguments of a struct or enum: they follow the kind and the descriptor.
    var valueGenericArguments: UnsafeRawPointer {
        pointer + 2 * MemoryLayout<UnsafeRawPointer>.size
    }

    /// The metadata of the `index`-th generic argument of a struct or enum.
    func valueGenericArgument(_ index: Int) -> _Metadata? {
        word(2 + index).map(_Metadata.init(pointer:))
    }

    var witnesses: _ValueWitnesses {
        _ValueWitnesses(
            table: pointer.load(
                fromByteOffset: -MemoryLayout<UnsafeRawPointer>.size, as: UnsafeRawPointer.self))
    }
}

/// The value witness table of a type: its size, alignment, flags and the operations used here.
struct _ValueWitnesses {
    let table: UnsafeRawPointer

    private static let word = MemoryLayout<UnsafeRawPointer>.size

    private func function(_ index: Int) -> UnsafeRawPointer {
        table.load(fromByteOffset: index * Self.word, as: UnsafeRawPointer.self)
    }

    var size: Int { table.load(fromByteOffset: 8 * Self.word, as: Int.self) }
    var stride: Int { table.load(fromByteOffset: 9 * Self.word, as: Int.self) }
    private var flags: UInt32 { table.load(fromByteOffset: 10 * Self.word, as: UInt32.self) }
    var alignment: Int { Int(flags & 0xFF) + 1 }
    /// Plain old data: no references of any kind, nothing to visit.
    var isPOD: Bool { flags & 0x1_0000 == 0 }
    /// An existential container stores the value out of line, in a heap box.
    var isStoredOutOfLine: Bool { flags & 0x2_0000 != 0 }
    var isCopyable: Bool { flags & 0x80_0000 == 0 }

    func destroy(_ value: UnsafeMutableRawPointer, _ metadata: _Metadata) {
        unsafeBitCast(function(1), to: _DestroyWitness.self)(value, metadata.pointer)
    }

    func initializeWithCopy(
        _ destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, _ metadata: _Metadata
    ) {
        _ = unsafeBitCast(function(2), to: _InitializeWithCopyWitness.self)(
            destination, UnsafeMutableRawPointer(mutating: source), metadata.pointer)
    }

    // Enum value witnesses follow the common table.
    func enumTag(_ value: UnsafeRawPointer, _ metadata: _Metadata) -> Int {
        Int(unsafeBitCast(function(11), to: _GetEnumTagWitness.self)(value, metadata.pointer))
    }

    func projectEnumData(_ value: UnsafeMutableRawPointer, _ metadata: _Metadata) {
        unsafeBitCast(function(12), to: _ProjectEnumDataWitness.self)(value, metadata.pointer)
    }

    func injectEnumTag(_ value: UnsafeMutableRawPointer, _ tag: Int, _ metadata: _Metadata) {
        unsafeBitCast(function(13), to: _InjectEnumTagWitness.self)(value, UInt32(tag), metadata.pointer)
    }
}
