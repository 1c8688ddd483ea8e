import Synchronization

/// Decides when a debug invariant check walks a whole structure rather than checking only what costs
/// O(1).
///
/// Debug builds check a structure's invariants after every mutation. A full walk of a large structure
/// on every mutation makes bulk tests quadratic (under the sanitizers, a storage-bound test of a
/// 1,000-entry table took minutes), while a fixed size cut-off never walks the large structures at all.
/// So a structure of up to ``alwaysUpTo`` elements is walked every time, and a larger one with a
/// probability of `alwaysUpTo / size`: about ``alwaysUpTo`` elements visited per mutation on average,
/// whatever the size, and every state that persists for a few mutations is walked sooner or later.
///
/// The draws come from one process-wide counter, scrambled so that structures whose checks alternate
/// do not split its values between them.
@usableFromInline
enum _InvariantWalks {
    /// Structures of up to this many elements are walked at every check.
    @inlinable
    static var alwaysUpTo: Int { 16 }

    @usableFromInline
    static let draws = Atomic<UInt64>(0)

    /// Whether this check of a structure of `size` elements walks all of them.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func walksWhole(size: Int) -> Bool {
        if size <= alwaysUpTo { return true }
        let draw = draws.wrappingAdd(1, ordering: .relaxed).oldValue &* 0x9E37_79B9_7F4A_7C15
        // The high bits of a multiplicative hash are the well-mixed ones.
        return Int(truncatingIfNeeded: draw &>> 40) % (size / alwaysUpTo) == 0
    }
}
