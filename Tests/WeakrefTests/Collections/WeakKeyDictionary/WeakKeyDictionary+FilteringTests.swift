import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary.filter` and `removeAll(where:)`: predicates run on a snapshot, outside the lock,
    /// and may use the dictionary (in debug builds a closure run under the lock would trap).
    @Suite struct WeakKeyDictionaryFilteringTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        @Test(arguments: CollectionTier.allCases)
        func filterMakesANewWeakDictionaryInOrder(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary(keys.map { ($0!, $0!.id * 10) })
            let kept = dictionary.filter { entry in
                _ = dictionary.keys  // re-entrant
                return entry.value != 10
            }
            #expect(collectionIDs(kept.keys) == [0, 2])
            #expect(kept[keys[2]!] == 20)
            #expect(dictionary.count == 3)
            // The new dictionary holds its keys weakly too.
            keys[2] = nil
            tier.settle()
            #expect(collectionIDs(kept.keys) == [0])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllWhereRemovesTheChosenLiveEntries(tier: CollectionTier) {
            let keys = tier.makeMany(4)
            let dictionary = TestDictionary(keys.prefix(3).map { ($0, $0.id) })
            var seen: [Int] = []
            dictionary.removeAll { entry in
                seen.append(entry.value)
                dictionary[keys[3]] = 3  // added after the snapshot: kept
                return entry.key.id != 1
            }
            #expect(seen == [0, 1, 2])
            #expect(collectionIDs(dictionary.keys) == [1, 3])
            withExtendedLifetime(keys) {}
        }

        @Test func removeAllWherePassesThePredicatesErrorOnAndRemovesNothing() {
            struct Failed: Error {}
            let keys = CollectionTier.collected.makeMany(3)
            let dictionary = TestDictionary(keys.map { ($0, $0.id) })
            #expect(throws: Failed.self) {
                try dictionary.removeAll { entry in
                    if entry.value == 2 { throw Failed() }
                    return true
                }
            }
            #expect(dictionary.count == 3)
            withExtendedLifetime(keys) {}
        }
    }
}
