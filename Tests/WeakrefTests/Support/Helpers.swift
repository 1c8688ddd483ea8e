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

/// Allocates objects until one lands at `address` (a freed object's address), keeping the misses
/// alive so that the allocator moves on to other free slots. `nil` after `attempts` misses.
func allocate<T: Subject>(
    _: T.Type, at address: ObjectIdentifier, attempts: Int = 10_000
) -> T? {
    var misses: [T] = []
    misses.reserveCapacity(attempts)
    for _ in 0..<attempts {
        let candidate = T.make("Successor", age: 1)
        if ObjectIdentifier(candidate) == address { return candidate }
        misses.append(candidate)
    }
    return nil
}

/// Whether AddressSanitizer instruments this process. Its quarantine keeps freed memory from being
/// handed out again, so the address-reuse tests cannot provoke reuse there.
let isAddressSanitized: Bool = dlsym(nil, "__asan_init") != nil
