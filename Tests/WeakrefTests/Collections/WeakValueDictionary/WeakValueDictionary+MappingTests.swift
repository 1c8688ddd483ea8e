import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary.mapValues` and `compactMapValues`, into a new weak dictionary of the same kind.
    @Suite struct WeakValueDictionaryMappingTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func mapValuesAndCompactMapValuesKeepKeysAndOrder(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let partners = tier.makeMany(3, from: 10)
            let dictionary = collectionABCDictionary(objects)
            let mapped = dictionary.mapValues { partners[$0.id] }
            #expect(mapped.keys == ["a", "b", "c"])
            #expect(collectionSame(mapped.values, partners))
            let compact = dictionary.compactMapValues { $0.id == 1 ? nil : partners[$0.id] }
            #expect(compact.keys == ["a", "c"])
            #expect(collectionSame(compact["c"], partners[2]))
            withExtendedLifetime(objects) {}
            withExtendedLifetime(partners) {}
        }
    }
}
