import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The sampling of debug invariant walks (``_InvariantWalks``): small structures always, large ones
    /// in proportion to their size, so that a check costs about the same at every size.
    @Suite struct InvariantWalksTests {
        @Test(arguments: [0, 1, _InvariantWalks.alwaysUpTo - 1, _InvariantWalks.alwaysUpTo])
        func aSmallStructureIsWalkedAtEveryCheck(size: Int) {
            #expect((0..<1_000).allSatisfy { _ in _InvariantWalks.walksWhole(size: size) })
        }

        @Test(arguments: [10 * _InvariantWalks.alwaysUpTo, 100 * _InvariantWalks.alwaysUpTo])
        func aLargeStructureIsWalkedInProportionToItsSize(size: Int) {
            let checks = 100_000
            let walks = (0..<checks).count { _ in _InvariantWalks.walksWhole(size: size) }
            let expected = Double(checks * _InvariantWalks.alwaysUpTo) / Double(size)
            // Binomial: the standard deviation is under √expected; allow well over five of them.
            #expect(abs(Double(walks) - expected) < 6 * expected.squareRoot() + 5, "\(walks) walks")
        }
    }
}
