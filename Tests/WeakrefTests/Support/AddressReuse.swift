import Foundation
import Testing

/// Sets up a structure that saw an object die, then allocates objects with `make` until one lands at
/// the dead object's address, keeping the misses alive so that the allocator moves on.
///
/// The allocator reuses a freed address at once when nothing else intervenes (DESIGN §3), but tests
/// of other suites run on other threads meanwhile and may take the freed block; so a round that finds
/// no reuse in `attempts` allocations starts over with a fresh set-up, up to `rounds` times.
///
/// - Parameter setUp: Registers a new object, drops it, and returns the context (whatever the test
///   checks afterwards) and the dead object's address.
/// - Returns: The context of the successful round and the new object at the dead one's address;
///   `nil` when no round saw the address reused.
func reuseAddress<Context, T: AnyObject>(
    rounds: Int = 20, attempts: Int = 10_000,
    setUp: () throws -> (context: Context, address: ObjectIdentifier),
    make: () -> T
) rethrows -> (context: Context, successor: T)? {
    for _ in 0..<rounds {
        let (context, address) = try setUp()
        recycleFreedMemory?()
        var misses: [T] = []
        misses.reserveCapacity(attempts)
        for _ in 0..<attempts {
            let candidate = make()
            if ObjectIdentifier(candidate) == address { return (context, candidate) }
            misses.append(candidate)
        }
    }
    return nil
}

/// Under AddressSanitizer, freed memory waits in a quarantine (so that late accesses are caught) and is
/// not handed out again for a long while, so a dead object's address would never be reused.
/// `__sanitizer_purge_allocator()` recycles the quarantine at once; `nil` in an uninstrumented process.
let recycleFreedMemory = dlsym(nil, "__sanitizer_purge_allocator").map {
    unsafeBitCast($0, to: (@convention(c) () -> Void).self)
}

/// The message of a `#require` on ``reuseAddress(rounds:attempts:setUp:make:)``.
let noAddressReuseMessage: Comment = """
    the allocator never reused the dead object's address (20 rounds of 10,000 allocations), so the \
    address-reuse case could not be exercised (DESIGN §3 measured reuse 100,000 times of 100,000)
    """
