// The few runtime entry points the reflection layer needs beyond the standard library's public API.

/// `swift_getTypeContextDescriptor`: the nominal type descriptor of a metadata record, or `nil` for
/// structural types (tuples, functions, existentials, metatypes).
@_silgen_name("swift_getTypeContextDescriptor")
func _swift_getTypeContextDescriptor(_ metadata: UnsafeRawPointer) -> UnsafeRawPointer?

/// Value witnesses are called with the Swift calling convention and no context.
typealias _DestroyWitness = @convention(thin) (UnsafeMutableRawPointer, UnsafeRawPointer) -> Void
typealias _InitializeWithCopyWitness =
    @convention(thin) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeRawPointer) ->
    UnsafeMutableRawPointer
typealias _GetEnumTagWitness = @convention(thin) (UnsafeRawPointer, UnsafeRawPointer) -> UInt32
typealias _ProjectEnumDataWitness = @convention(thin) (UnsafeMutableRawPointer, UnsafeRawPointer) -> Void
typealias _InjectEnumTagWitness =
    @convention(thin) (UnsafeMutableRawPointer, UInt32, UnsafeRawPointer) -> Void

/// Reads a 32-bit relative pointer stored at `base + offset`; `nil` when it is zero.
@inline(__always)
func _relativePointer(_ base: UnsafeRawPointer, _ offset: Int) -> UnsafeRawPointer? {
    let delta = base.load(fromByteOffset: offset, as: Int32.self)
    guard delta != 0 else { return nil }
    return base + offset + Int(delta)
}

/// Rounds `value` up to a multiple of `alignment` (a power of two).
@inline(__always)
func _alignUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}

/// The size of a native heap object's header (metadata pointer and reference counts).
let _heapObjectHeaderSize = 2 * MemoryLayout<UnsafeRawPointer>.size
