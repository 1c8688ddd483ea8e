import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary.merge(_:uniquingKeysWith:)` and `merging`: `combine` runs outside the lock and
    /// may use the dictionary.
    @Suite struct WeakKeyDictionaryMergingTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        @Test(arguments: CollectionTier.allCases)
        func mergeUniquingKeysCombinesOnlyWhereKeysMeet(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary([(keys[0], 1), (keys[1], 2)])
            var calls = 0
            dictionary.merge([(keys[1], 10), (keys[2], 20), (keys[2], 30)]) { current, new in
                calls += 1
                _ = dictionary.count  // re-entrant
                return current + new
            }
            #expect(calls == 2)
            #expect(dictionary[keys[1]] == 12)
            #expect(dictionary[keys[2]] == 50)
            let other = TestDictionary([(keys[0], 5)])
            dictionary.merge(other) { current, new in current * new }
            #expect(dictionary[keys[0]] == 5)
            #expect(collectionIDs(dictionary.keys) == [0, 1, 2])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergingLeavesTheReceiverUnchanged(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary([(keys[0], 1), (keys[1], 2)])
            let fromPairs = dictionary.merging([(keys[0], 5), (keys[2], 7)]) { $0 + $1 }
            let fromWeak = dictionary.merging(TestDictionary([(keys[1], 4)])) { current, _ in current }
            #expect(fromPairs[keys[0]] == 6)
            #expect(fromPairs[keys[2]] == 7)
            #expect(fromWeak[keys[1]] == 2)
            #expect(dictionary.count == 2)
            #expect(dictionary[keys[0]] == 1)
            withExtendedLifetime(keys) {}
        }
    }
}
