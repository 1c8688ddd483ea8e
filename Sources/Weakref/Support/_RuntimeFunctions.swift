#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Swift runtime's `bool swift_isDeallocating(HeapObject *)`: whether an object's `deinit` has
/// begun (``_isDeinitializing(_:)``).
@usableFromInline
let _runtimeIsDeallocating = unsafeBitCast(
    _runtimeSymbol(named: "swift_isDeallocating"), to: (@convention(c) (UnsafeRawPointer) -> Bool).self)

/// The Swift runtime's `HeapObject *swift_tryRetain(HeapObject *)`: retains an object and returns it,
/// unless its `deinit` has begun, when it returns null (``_tryRetain(_:)``).
let _runtimeTryRetain = unsafeBitCast(
    _runtimeSymbol(named: "swift_tryRetain"),
    to: (@convention(c) (UnsafeRawPointer) -> UnsafeRawPointer?).self)

/// A function that the Swift runtime exports on every platform, looked up once by name: a Swift
/// declaration bound to a runtime symbol is refused by the compiler (the names are reserved), and a C
/// function pointer states the calling convention exactly.
private func _runtimeSymbol(named name: String) -> UnsafeMutableRawPointer {
    #if canImport(Darwin)
        let everyImage = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
    #else
        let everyImage: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
    #endif
    guard let symbol = dlsym(everyImage, name) else {
        fatalError("weakref: the Swift runtime does not export \(name)")
    }
    return symbol
}

/// Retains the object at `object` and returns `true`, unless its `deinit` has begun: then it returns
/// `false` and changes nothing. Where Swift's `unowned` would trap, and a `weak` reference would need
/// a side table, this tries.
///
/// - Precondition: the object's memory has not been freed (the caller keeps its `deinit` from
///   finishing; see ``_ReferenceObserver/loadReference()``).
/// - Complexity: O(1).
func _tryRetain(_ object: UnsafeRawPointer) -> Bool {
    _runtimeTryRetain(object) != nil
}
