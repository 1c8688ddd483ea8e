/// Works out and remembers the layout of every type met during one search.
final class _LayoutCache {
    private var values: [_Metadata: _ValueLayout] = [:]
    private var classes: [_Metadata: _ClassLevel] = [:]

    private static let word = MemoryLayout<UnsafeRawPointer>.size

    func layout(of metadata: _Metadata) -> _ValueLayout {
        if let known = values[metadata] { return known }
        let layout = Self.computeLayout(of: metadata)
        values[metadata] = layout
        return layout
    }

    /// The fields one class adds (not those of its superclasses).
    func classLevel(of metadata: _Metadata) -> _ClassLevel {
        if let known = classes[metadata] { return known }
        let level = Self.computeClassLevel(of: metadata)
        classes[metadata] = level
        return level
    }

    private static func computeLayout(of metadata: _Metadata) -> _ValueLayout {
        if metadata.witnesses.isPOD { return .leaf }
        switch metadata.kind {
        case .class:
            return .object
        case .struct:
            return structLayout(of: metadata)
        case .enum, .optional:
            return enumLayout(of: metadata)
        case .tuple:
            return tupleLayout(of: metadata)
        case .function:
            // Flags word: the convention is in bits 16–23; 0 is a thick Swift closure.
            let flags = metadata.pointer.load(fromByteOffset: word, as: UInt.self)
            return (flags >> 16) & 0xFF == 0 ? .closure : .leaf
        case .existential:
            let flags = metadata.pointer.load(fromByteOffset: word, as: UInt32.self)
            if flags & 0x8000_0000 == 0 { return .classExistential }
            if (flags >> 24) & 0x3F == 1 { return .errorExistential }
            return .opaqueExistential
        case .extendedExistential:
            return .opaque(.unsupported("constrained existential \(metadata.name)"))
        case .metatype:
            return .leaf
        case .other:
            return .opaque(.unsupported("runtime type \(metadata.name)"))
        }
    }

    private static func structLayout(of metadata: _Metadata) -> _ValueLayout {
        guard let descriptor = metadata.descriptor else {
            return .opaque(.unsupported("struct \(metadata.name) without a descriptor"))
        }
        let id = UInt(bitPattern: descriptor.pointer)
        if _KnownTypes.leaves.contains(id) { return .leaf }
        if let element = metadata.valueGenericArgument(0) {
            switch id {
            case _KnownTypes.array: return .array(element: element, kind: .array)
            case _KnownTypes.contiguousArray: return .array(element: element, kind: .contiguousArray)
            case _KnownTypes.arraySlice: return .array(element: element, kind: .arraySlice)
            case _KnownTypes.set: return .set(element: element)
            case _KnownTypes.dictionary:
                if let value = metadata.valueGenericArgument(1) {
                    return .dictionary(key: element, value: value)
                }
            default: break
            }
        }
        guard let fields = descriptor.fields else {
            return .opaque(.missingReflectionMetadata(typeName: metadata.name))
        }
        let base = metadata.pointer + descriptor.fieldOffsetVectorOffset * word
        let arguments = descriptor.isGeneric ? metadata.valueGenericArguments : nil
        var slots: [_Slot] = []
        for index in 0..<min(fields.count, descriptor.fieldCount) {
            let record = fields.record(index)
            guard let mangled = record.mangledTypeName, mangled.ownership == .strong else { continue }
            let offset = Int(base.load(fromByteOffset: 4 * index, as: UInt32.self))
            let type = mangled.resolve(in: descriptor, genericArguments: arguments)
            if let type, type.witnesses.isPOD { continue }
            slots.append(_Slot(offset: offset, label: .field(_displayName(record.name)), type: type))
        }
        return .slots(slots)
    }

    private static func enumLayout(of metadata: _Metadata) -> _ValueLayout {
        guard let descriptor = metadata.descriptor else {
            return .opaque(.unsupported("enum \(metadata.name) without a descriptor"))
        }
        guard let fields = descriptor.fields else {
            return .opaque(.missingReflectionMetadata(typeName: metadata.name))
        }
        let arguments = descriptor.isGeneric ? metadata.valueGenericArguments : nil
        var cases: [_EnumLayout.PayloadCase] = []
        for tag in 0..<min(descriptor.payloadCaseCount, fields.count) {
            let record = fields.record(tag)
            let payload = record.mangledTypeName?.resolve(in: descriptor, genericArguments: arguments)
            cases.append(.init(name: record.name, payload: payload, isIndirect: record.isIndirectCase))
        }
        return .enumeration(_EnumLayout(cases: cases, isOptional: metadata.kind == .optional))
    }

    private static func tupleLayout(of metadata: _Metadata) -> _ValueLayout {
        let count = metadata.pointer.load(fromByteOffset: word, as: Int.self)
        var labels: [Substring] = []
        if let names = metadata.word(2) {
            labels = String(cString: names.assumingMemoryBound(to: CChar.self))
                .split(separator: " ", omittingEmptySubsequences: false)
        }
        var slots: [_Slot] = []
        for index in 0..<count {
            let element = metadata.pointer + (3 + 2 * index) * word
            let type = _Metadata(pointer: element.load(as: UnsafeRawPointer.self))
            // The offset is 32 bits (followed by padding) on Linux; 64 on Apple platforms, little-endian.
            let offset = Int(element.load(fromByteOffset: word, as: UInt32.self))
            if type.witnesses.isPOD { continue }
            let label = index < labels.count && !labels[index].isEmpty ? String(labels[index]) : String(index)
            slots.append(_Slot(offset: offset, label: .field(label), type: type))
        }
        return .slots(slots)
    }

    private static func computeClassLevel(of metadata: _Metadata) -> _ClassLevel {
        let name = metadata.name
        guard let descriptor = metadata.descriptor, descriptor.kind == .class else {
            return _ClassLevel(
                typeName: name, slots: [], problem: .unsupported("class \(name) without a descriptor"))
        }
        if descriptor.hasResilientSuperclass {
            return _ClassLevel(
                typeName: name, slots: [],
                problem: .unsupported("\(name) has a resilient superclass; its field layout is not read"))
        }
        guard let fields = descriptor.fields else {
            return _ClassLevel(typeName: name, slots: [], problem: .missingReflectionMetadata(typeName: name))
        }
        let count = min(fields.count, descriptor.fieldCount)
        let vector = descriptor.fieldOffsetVectorOffset
        if count > 0 && vector == 0 {
            return _ClassLevel(
                typeName: name, slots: [], problem: .unsupported("\(name) has no field offset vector"))
        }
        let arguments =
            descriptor.isGeneric ? metadata.pointer + descriptor.classGenericArgumentOffset * word : nil
        var slots: [_Slot] = []
        for index in 0..<count {
            let record = fields.record(index)
            // Weak, unowned and unowned(unsafe) fields are never read.
            guard let mangled = record.mangledTypeName, mangled.ownership == .strong else { continue }
            let offset = metadata.pointer.load(fromByteOffset: (vector + index) * word, as: Int.self)
            let type = mangled.resolve(in: descriptor, genericArguments: arguments)
            if let type, type.witnesses.isPOD { continue }
            slots.append(_Slot(offset: offset, label: .field(_displayName(record.name)), type: type))
        }
        return _ClassLevel(typeName: name, slots: slots, problem: nil)
    }
}

/// A stored property's source name: `lazy var x` is stored as `$__lazy_storage_$_x`.
func _displayName(_ name: String) -> String {
    let lazyPrefix = "$__lazy_storage_$_"
    return name.hasPrefix(lazyPrefix) ? String(name.dropFirst(lazyPrefix.count)) : name
}
