import Foundation
import Weakref

/// Identity comparison that sidesteps the SILGen crash of `#expect(x === y)` on non-optional
/// `AnyObject`s (SWIFT-FACTS, Testing).
func identical(_ lhs: AnyObject?, _ rhs: AnyObject?) -> Bool {
    lhs === rhs
}

/// An object's address as the library prints it: `0x` and lowercase hexadecimal digits.
func hexAddress(of object: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(object)), radix: 16)
}

/// Whether all of `text` matches `pattern` (a Swift `Regex`).
func wholeMatch(_ text: String, _ pattern: String) -> Bool {
    guard let regex = try? Regex(pattern) else { return false }
    return text.wholeMatch(of: regex) != nil
}

/// The identities of the references `weakReferences(to:)` returned, in order.
func identities(_ references: [any AnyWeakReference]) -> [ObjectIdentifier] {
    references.map { ObjectIdentifier($0) }
}

/// Runs `body` on a new thread with a stack of `stackSize` bytes and returns its result once the
/// thread has finished: for the tests that a cascade of deaths does not recurse, where a small stack
/// turns recursion into a crash.
func onThread<Result: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> Result) -> Result {
    let result = Locked<Result?>(nil)
    let group = DispatchGroup()
    group.enter()
    let thread = Thread {
        let value = body()
        result.withLock { $0 = value }
        group.leave()
    }
    thread.stackSize = stackSize
    thread.start()
    group.wait()
    return result.current!
}
