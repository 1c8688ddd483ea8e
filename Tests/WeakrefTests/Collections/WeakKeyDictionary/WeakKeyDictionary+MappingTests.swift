import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary.mapValues` and `compactMapValues`, into a new weak dictionary of the same kind.
    @Suite struct WeakKeyDictionaryMappingTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        @Test(arguments: CollectionTier.allCases)
        func mapValuesAndCompactMapValuesKeepKeysAndOrder(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary(keys.map { ($0, $0.id) })
            let mapped = dictionary.mapValues { "v\($0 + dictionary.count)" }
            #expect(collectionIDs(mapped.keys) == [0, 1, 2])
            #expect(mapped.values == ["v3", "v4", "v5"])
            let compact = dictionary.compactMapValues { $0 == 1 ? nil : Double($0) }
            #expect(collectionIDs(compact.keys) == [0, 2])
            #expect(compact[keys[2]] == 2.0)
            withExtendedLifetime(keys) {}
        }
    }
}
