// The standard library containers whose storage is not laid out as stored properties.
extension _Walker {
    /// The element buffer of an `Array`, `ContiguousArray` or `ArraySlice`, read in place.
    func contiguousElements(at address: UnsafeRawPointer, element: _Metadata, kind: _ArrayKind) -> (
        UnsafeRawPointer?, Int
    ) {
        func open<Element>(_: Element.Type) -> (UnsafeRawPointer?, Int) {
            switch kind {
            case .array:
                address.assumingMemoryBound(to: [Element].self).pointee.withUnsafeBufferPointer {
                    (UnsafeRawPointer($0.baseAddress), $0.count)
                }
            case .contiguousArray:
                address.assumingMemoryBound(to: ContiguousArray<Element>.self).pointee.withUnsafeBufferPointer
                {
                    (UnsafeRawPointer($0.baseAddress), $0.count)
                }
            case .arraySlice:
                address.assumingMemoryBound(to: ArraySlice<Element>.self).pointee.withUnsafeBufferPointer {
                    (UnsafeRawPointer($0.baseAddress), $0.count)
                }
            }
        }
        return open(element.type)
    }

    /// Copies a dictionary's keys and values into scratch memory (kept until the object's walk ends).
    func copyDictionary(at address: UnsafeRawPointer, key: _Metadata, value: _Metadata) -> (
        keys: UnsafeRawPointer, values: UnsafeRawPointer, count: Int
    )? {
        guard let hashable = key.type as? any Hashable.Type else { return nil }
        func open<Key: Hashable, Value>(_: Key.Type, _: Value.Type) -> (
            keys: UnsafeRawPointer, values: UnsafeRawPointer, count: Int
        ) {
            let dictionary = address.assumingMemoryBound(to: [Key: Value].self).pointee
            let count = dictionary.count
            let keys = UnsafeMutablePointer<Key>.allocate(capacity: max(count, 1))
            let values = UnsafeMutablePointer<Value>.allocate(capacity: max(count, 1))
            for (index, entry) in dictionary.enumerated() {
                (keys + index).initialize(to: entry.key)
                (values + index).initialize(to: entry.value)
            }
            addCleanup {
                keys.deinitialize(count: count)
                values.deinitialize(count: count)
                keys.deallocate()
                values.deallocate()
            }
            return (UnsafeRawPointer(keys), UnsafeRawPointer(values), count)
        }
        return open(hashable, value.type)
    }

    /// Copies a set's members into scratch memory.
    func copySet(at address: UnsafeRawPointer, element: _Metadata) -> (
        elements: UnsafeRawPointer, count: Int
    )? {
        guard let hashable = element.type as? any Hashable.Type else { return nil }
        func open<Element: Hashable>(_: Element.Type) -> (elements: UnsafeRawPointer, count: Int) {
            let set = address.assumingMemoryBound(to: Set<Element>.self).pointee
            let count = set.count
            let elements = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
            for (index, member) in set.enumerated() {
                (elements + index).initialize(to: member)
            }
            addCleanup {
                elements.deinitialize(count: count)
                elements.deallocate()
            }
            return (UnsafeRawPointer(elements), count)
        }
        return open(hashable)
    }

    /// Copies the value inside an `any Error` box into scratch memory.
    func copyError(at address: UnsafeRawPointer) -> (UnsafeRawPointer, _Metadata) {
        func open<Failure: Error>(_ error: Failure) -> (UnsafeRawPointer, _Metadata) {
            let copy = UnsafeMutablePointer<Failure>.allocate(capacity: 1)
            copy.initialize(to: error)
            addCleanup {
                copy.deinitialize(count: 1)
                copy.deallocate()
            }
            return (UnsafeRawPointer(copy), _Metadata(Failure.self))
        }
        return open(address.assumingMemoryBound(to: (any Error).self).pointee)
    }
}
