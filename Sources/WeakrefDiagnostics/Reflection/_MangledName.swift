/// How a stored property holds its referent.
enum _Ownership: Equatable {
    case strong
    /// `weak`: mangled `…Xw`.
    case weak
    /// `unowned`: mangled `…Xo`.
    case unowned
    /// `unowned(unsafe)`: mangled `…Xu`.
    case unmanaged
}

/// A mangled type name inside reflection metadata. It may embed symbolic references (a control byte
/// followed by a relative or absolute pointer), so it must be resolved in place and its length found
/// by skipping them.
struct _MangledName {
    let start: UnsafePointer<UInt8>
    let length: Int
    let ownership: _Ownership

    init(_ pointer: UnsafeRawPointer) {
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        var index = 0
        var endOfLastReference = 0
        while true {
            let byte = bytes[index]
            if byte == 0 { break }
            if byte <= 0x17 {
                index += 1 + 4
                endOfLastReference = index
            } else if byte <= 0x1F {
                index += 1 + MemoryLayout<UnsafeRawPointer>.size
                endOfLastReference = index
            } else {
                index += 1
            }
        }
        start = bytes
        length = index
        // The reference-storage operator is the last one of the name; it cannot be a byte of a
        // symbolic reference's payload.
        var ownership = _Ownership.strong
        if index - endOfLastReference >= 2 && bytes[index - 2] == UInt8(ascii: "X") {
            switch bytes[index - 1] {
            case UInt8(ascii: "w"): ownership = .weak
            case UInt8(ascii: "o"): ownership = .unowned
            case UInt8(ascii: "u"): ownership = .unmanaged
            default: break
            }
        }
        self.ownership = ownership
    }

    /// The metadata the name denotes in the generic context of `descriptor` (with the generic
    /// arguments of a concrete instance), or `nil` if the runtime cannot resolve it.
    func resolve(in descriptor: _TypeDescriptor, genericArguments: UnsafeRawPointer?) -> _Metadata? {
        _getTypeByMangledNameInContext(
            start, UInt(length), genericContext: descriptor.pointer, genericArguments: genericArguments
        ).map(_Metadata.init)
    }
}
