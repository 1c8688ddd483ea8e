/// The number of strong references the Swift runtime counts for `object` at this instant — a
/// diagnostic, never a basis for logic.
///
/// It is `_getRetainCount(object)`: the runtime stores one less than the number of strong references
/// and adds the one back when asked, so this is the number of strong references, every temporary copy
/// that the calling code holds at that moment included. How many temporaries there are depends on the
/// optimizer: a debug build keeps copies of arguments and unwrapped optionals, a release build often
/// borrows or moves them instead, so the same line can read 3 in a debug build and 1 in a release
/// build. Compare counts taken by the same code (for example before and after one assignment), not
/// absolute values. (Measured on Swift 6.3.1: with no temporary, an object held by one constant reads
/// 1. Python's `sys.getrefcount` always includes its own argument.)
///
/// ```swift
/// let before = retainCount(of: n1)
/// n2.next = n1
/// print(retainCount(of: n1) - before)  // 1
/// ```
///
/// - Complexity: O(1).
public func retainCount(of object: AnyObject) -> Int {
    Int(_getRetainCount(object))
}

/// The number of native `weak` references (`weak var`/`weak let`) to `object` that the runtime counts
/// — a diagnostic, never a basis for logic.
///
/// It reads `_getWeakRetainCount` and subtracts the one the runtime always adds, so an object never
/// weakly referenced reads 0, and so does one whose weak references are all gone. Every weak
/// reference counts, including those inside this package's `WeakReference`s and weak collections (a
/// weak collection entry holds one). Python's `weakref.getweakrefcount` counts only `weakref` objects;
/// for that, use `weakReferenceCount(of:)` from `Weakref`. Unlike the strong count, this one does not
/// change with the optimization level.
///
/// ```swift
/// let n1 = Node("n1"), n2 = Node("n2")
/// n2.back = n1                                  // weak var back: Node?
/// print(nativeWeakReferenceCount(of: n1))       // 1
/// ```
///
/// - Complexity: O(1).
public func nativeWeakReferenceCount(of object: AnyObject) -> Int {
    Int(_getWeakRetainCount(object)) - 1
}
