import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary.merge(_:uniquingKeysWith:)` and `merging`: `combine` runs outside the lock and
    /// may use the dictionary.
    @Suite struct WeakValueDictionaryMergingTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func mergeUniquingKeysCombinesOnlyWhereKeysMeet(tier: CollectionTier) {
            let objects = tier.makeMany(6)
            let dictionary = collectionABCDictionary(objects)
            var combined: [(Int, Int)] = []
            dictionary.merge([("b", objects[3]), ("d", objects[4]), ("d", objects[5])]) { current, new in
                combined.append((current.id, new.id))
                _ = dictionary.keys  // re-entrant
                return current.id == 1 ? current : new
            }
            // "b" met its current value; "d" met the value stored by the earlier pair.
            #expect(combined.map(\.0) == [1, 4])
            #expect(combined.map(\.1) == [3, 5])
            #expect(collectionSame(dictionary["b"], objects[1]))
            #expect(collectionSame(dictionary["d"], objects[5]))
            #expect(dictionary.keys == ["a", "b", "c", "d"])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergeUniquingKeysTreatsADeadValueAsAbsent(tier: CollectionTier) {
            let dictionary = TestDictionary()
            var dying: CollectionTestObject? = tier.make(0)
            dictionary["k"] = dying
            dying = nil
            let new = tier.make(1)
            var calls = 0
            dictionary.merge(["k": new]) { current, _ in
                calls += 1
                return current
            }
            #expect(calls == 0)
            #expect(collectionSame(dictionary["k"], new))
            withExtendedLifetime((dying, new)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergingLeavesTheReceiverUnchanged(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let dictionary = collectionABCDictionary(objects)
            let other = TestDictionary([("c", objects[3]), ("e", objects[4])])
            let fromPairs = dictionary.merging([("a", objects[4])]) { _, new in new }
            let fromDictionary = dictionary.merging(["a": objects[4]]) { current, _ in current }
            let fromWeak = dictionary.merging(other) { _, new in new }
            #expect(collectionSame(fromPairs["a"], objects[4]))
            #expect(collectionSame(fromDictionary["a"], objects[0]))
            #expect(fromWeak.keys == ["a", "b", "c", "e"])
            #expect(collectionSame(fromWeak["c"], objects[3]))
            #expect(dictionary.keys == ["a", "b", "c"])
            #expect(collectionSame(dictionary["c"], objects[2]))
            withExtendedLifetime(objects) {}
        }
    }
}
