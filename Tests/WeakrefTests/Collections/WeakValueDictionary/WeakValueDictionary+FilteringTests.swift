import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary.filter` and `removeAll(where:)`: predicates run on a snapshot, outside the lock,
    /// and may use the dictionary (in debug builds a closure run under the lock would trap).
    @Suite struct WeakValueDictionaryFilteringTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func filterMakesANewWeakDictionaryInOrder(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let dictionary = collectionABCDictionary(objects)
            let odd = dictionary.filter { entry in
                _ = dictionary.count  // re-entrant
                return entry.value.id != 1
            }
            #expect(odd.keys == ["a", "c"])
            #expect(collectionSame(odd["c"], objects[2]))
            #expect(dictionary.count == 3)
            // The new dictionary holds its values weakly too.
            var extra: CollectionTestObject? = tier.make(9)
            let holding = TestDictionary([("x", extra!)]).filter { _ in true }
            extra = nil
            tier.settle()
            #expect(holding.isEmpty)
            withExtendedLifetime(objects) {}
            withExtendedLifetime(extra) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllWhereRemovesTheChosenLiveEntries(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let dictionary = collectionABCDictionary(objects)
            var seen: [String] = []
            dictionary.removeAll { entry in
                seen.append(entry.key)
                // The predicate may mutate the dictionary: this entry is added after the snapshot.
                dictionary["d"] = objects[3]
                return entry.key != "b"
            }
            #expect(seen == ["a", "b", "c"])
            #expect(dictionary.keys == ["b", "d"])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllWhereSparesAnEntryReplacedMeanwhile(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let dictionary = collectionABCDictionary(objects)
            dictionary.removeAll { entry in
                if entry.key == "a" { dictionary["a"] = objects[3] }
                return true
            }
            // "a" was chosen with its old value; the new value stays.
            #expect(dictionary.keys == ["a"])
            #expect(collectionSame(dictionary["a"], objects[3]))
            withExtendedLifetime(objects) {}
        }

        @Test func removeAllWherePassesThePredicatesErrorOnAndRemovesNothing() {
            struct Failed: Error {}
            let objects = CollectionTier.prompt.makeMany(3)
            let dictionary = collectionABCDictionary(objects)
            #expect(throws: Failed.self) {
                try dictionary.removeAll { entry in
                    if entry.key == "b" { throw Failed() }
                    return true
                }
            }
            #expect(dictionary.count == 3)
            withExtendedLifetime(objects) {}
        }
    }
}
