/// Standard library types recognized by their nominal type descriptor.
enum _KnownTypes {
    private static func descriptor(_ type: any Any.Type) -> UInt {
        UInt(bitPattern: _swift_getTypeContextDescriptor(_Metadata(type).pointer))
    }

    static let array = descriptor([Int].self)
    static let contiguousArray = descriptor(ContiguousArray<Int>.self)
    static let arraySlice = descriptor(ArraySlice<Int>.self)
    static let dictionary = descriptor([Int: Int].self)
    static let set = descriptor(Set<Int>.self)
    /// Types that hold no reference a user can create a cycle through.
    static let leaves: Set<UInt> = [
        descriptor(String.self), descriptor(Substring.self), descriptor(Character.self),
    ]
}
