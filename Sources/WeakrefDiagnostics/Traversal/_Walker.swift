/// Finds the strong references an object (or a value) holds, by reading its stored properties at
/// the offsets its metadata records. Iterative: nested values go on an explicit work list.
///
/// Weak, unowned and unowned(unsafe) properties never get this far (the layout drops them), so they
/// are never loaded. Values that must be projected (multi-payload enums) or that the standard library
/// does not expose in place (dictionary and set storage, error boxes) are copied into scratch memory,
/// which is destroyed when the object's walk ends.
final class _Walker {
    private let cache = _LayoutCache()
    private var labels = _LabelTree()
    private var cleanups: [() -> Void] = []
    private var seenFindings: Set<String> = []
    private(set) var findings: [_OpaqueFinding] = []
    private(set) var findingCount = 0

    private static let word = MemoryLayout<UnsafeRawPointer>.size
    private static let findingLimit = 100

    private struct Item {
        let address: UnsafeRawPointer
        let type: _Metadata?
        let label: Int
    }

    private struct Owner {
        let address: UnsafeRawPointer?
        let typeName: String
    }

    /// The strong references held by the object at `address`, through its own and its superclasses'
    /// stored properties.
    func edges(ofObject address: UnsafeRawPointer) -> [_Edge] {
        labels.removeAll()
        defer { runCleanups() }
        let metadata = _Metadata(pointer: address.load(as: UnsafeRawPointer.self))
        let owner = Owner(address: address, typeName: metadata.name)
        guard metadata.kind == .class else {
            record(owner, label: _LabelTree.root, .unsupported("heap object of kind \(metadata.kind)"))
            return []
        }
        var items: [Item] = []
        var level: _Metadata? = metadata
        while let current = level {
            let layout = cache.classLevel(of: current)
            if let problem = layout.problem { record(owner, label: _LabelTree.root, problem) }
            for slot in layout.slots {
                items.append(
                    Item(
                        address: address + slot.offset, type: slot.type,
                        label: labels.append(slot.label, parent: _LabelTree.root)))
            }
            level = _getSuperclass(unsafeBitCast(current.pointer, to: AnyClass.self)).map { _Metadata($0) }
        }
        var edges: [_Edge] = []
        walk(items.reversed(), owner: owner, into: &edges)
        return edges
    }

    /// The strong references held by a value of the given type at `address`. If the value is itself a
    /// reference, that reference is the one edge (with an empty label).
    func edges(ofValue address: UnsafeRawPointer, type: _Metadata) -> [_Edge] {
        labels.removeAll()
        defer { runCleanups() }
        var edges: [_Edge] = []
        walk(
            [Item(address: address, type: type, label: _LabelTree.root)],
            owner: Owner(address: nil, typeName: type.name), into: &edges)
        return edges
    }

    private func walk(_ start: [Item], owner: Owner, into edges: inout [_Edge]) {
        var work = start
        while let item = work.popLast() {
            guard let type = item.type else {
                record(
                    owner, label: item.label,
                    .unsupported("a property whose type the runtime could not resolve"))
                continue
            }
            switch cache.layout(of: type) {
            case .leaf:
                break
            case .object, .classExistential:
                if let target = item.address.load(as: UnsafeRawPointer?.self) {
                    edges.append(_Edge(target: target, label: labels.render(item.label)))
                }
            case .opaqueExistential:
                let dynamicType = _Metadata(
                    pointer: item.address.load(fromByteOffset: 3 * Self.word, as: UnsafeRawPointer.self))
                var value = item.address
                if dynamicType.witnesses.isStoredOutOfLine {
                    value =
                        item.address.load(as: UnsafeRawPointer.self)
                        + _alignUp(_heapObjectHeaderSize, dynamicType.witnesses.alignment)
                }
                work.append(Item(address: value, type: dynamicType, label: item.label))
            case .errorExistential:
                let (value, dynamicType) = copyError(at: item.address)
                work.append(Item(address: value, type: dynamicType, label: item.label))
            case .closure:
                if item.address.load(fromByteOffset: Self.word, as: UnsafeRawPointer?.self) != nil {
                    record(owner, label: item.label, .closure)
                }
            case .slots(let slots):
                for slot in slots.reversed() {
                    work.append(
                        Item(
                            address: item.address + slot.offset, type: slot.type,
                            label: labels.append(slot.label, parent: item.label)))
                }
            case .enumeration(let layout):
                if let payload = enumPayload(of: item, type: type, layout: layout, owner: owner) {
                    work.append(payload)
                }
            case .array(let element, let kind):
                let (base, count) = contiguousElements(at: item.address, element: element, kind: kind)
                guard let base, !element.witnesses.isPOD else { break }
                let stride = element.witnesses.stride
                for index in (0..<count).reversed() {
                    work.append(
                        Item(
                            address: base + index * stride, type: element,
                            label: labels.append(.element(index), parent: item.label)))
                }
            case .dictionary(let key, let value):
                guard let copy = copyDictionary(at: item.address, key: key, value: value) else {
                    record(
                        owner, label: item.label,
                        .unsupported("a dictionary whose key type is not Hashable at run time"))
                    break
                }
                for index in (0..<copy.count).reversed() {
                    let keyAddress = copy.keys + index * key.witnesses.stride
                    if !value.witnesses.isPOD {
                        let label = labels.append(.dictionaryValue(keyAddress, key), parent: item.label)
                        work.append(
                            Item(
                                address: copy.values + index * value.witnesses.stride, type: value,
                                label: label))
                    }
                    if !key.witnesses.isPOD {
                        let label = labels.append(.dictionaryKey(keyAddress, key), parent: item.label)
                        work.append(Item(address: keyAddress, type: key, label: label))
                    }
                }
            case .set(let element):
                guard !element.witnesses.isPOD else { break }
                guard let copy = copySet(at: item.address, element: element) else {
                    record(
                        owner, label: item.label,
                        .unsupported("a set whose element type is not Hashable at run time"))
                    break
                }
                let label = labels.append(.setMember, parent: item.label)
                for index in (0..<copy.count).reversed() {
                    work.append(
                        Item(
                            address: copy.elements + index * element.witnesses.stride, type: element,
                            label: label))
                }
            case .opaque(let kind):
                record(owner, label: item.label, kind)
            }
        }
    }

    /// The active case's payload, projected without touching the original value.
    private func enumPayload(of item: Item, type: _Metadata, layout: _EnumLayout, owner: Owner) -> Item? {
        let witnesses = type.witnesses
        let tag = witnesses.enumTag(item.address, type)
        guard tag < layout.cases.count else { return nil }
        let payloadCase = layout.cases[tag]
        let label =
            layout.isOptional ? item.label : labels.append(.enumCase(payloadCase.name), parent: item.label)
        guard let payload = payloadCase.payload else {
            record(
                owner, label: label, .unsupported("an enum payload whose type the runtime could not resolve"))
            return nil
        }
        var data = item.address
        if layout.cases.count > 1 {
            // A multi-payload enum may keep its tag in the payload's spare bits: project a copy.
            guard witnesses.isCopyable else {
                record(owner, label: label, .unsupported("the payload of a noncopyable multi-payload enum"))
                return nil
            }
            let copy = UnsafeMutableRawPointer.allocate(
                byteCount: max(witnesses.size, 1), alignment: witnesses.alignment)
            witnesses.initializeWithCopy(copy, from: item.address, type)
            witnesses.projectEnumData(copy, type)
            cleanups.append {
                witnesses.injectEnumTag(copy, tag, type)
                witnesses.destroy(copy, type)
                copy.deallocate()
            }
            data = UnsafeRawPointer(copy)
        }
        if payloadCase.isIndirect {
            // An indirect payload lives in a heap box after the object header.
            data =
                data.load(as: UnsafeRawPointer.self)
                + _alignUp(_heapObjectHeaderSize, payload.witnesses.alignment)
        }
        return Item(address: data, type: payload, label: label)
    }

    private func record(_ owner: Owner, label: Int, _ kind: OpaqueReference.Kind) {
        findingCount += 1
        let text = labels.render(label)
        let key = "\(owner.typeName)\u{0}\(text)\u{0}\(kind)"
        guard findings.count < Self.findingLimit, seenFindings.insert(key).inserted else { return }
        findings.append(
            _OpaqueFinding(owner: owner.address, ownerTypeName: owner.typeName, label: text, kind: kind))
    }

    /// Runs `cleanup` when the current object's walk ends (destroys a scratch copy).
    func addCleanup(_ cleanup: @escaping () -> Void) {
        cleanups.append(cleanup)
    }

    private func runCleanups() {
        for cleanup in cleanups.reversed() { cleanup() }
        cleanups.removeAll(keepingCapacity: true)
    }
}
