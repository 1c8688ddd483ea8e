import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary`'s Swift idioms beyond Python's API (DESIGN §4): `value(forKey:insertingIfAbsent:)`
    /// built lazily, `reserveCapacity`, `filter`, `removeAll(where:)`, `mapValues`, `compactMapValues`,
    /// `merge(_:uniquingKeysWith:)` and `merging`. Every closure may call back into the dictionary: in
    /// debug builds the lock is error-checking, so a closure run under it would trap.
    @Suite struct WeakKeyDictionaryIdiomsTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        @Test(arguments: CollectionTier.allCases)
        func insertingIfAbsentBuildsTheDefaultOnlyOnAMiss(tier: CollectionTier) {
            let key = tier.make(0)
            let dictionary = TestDictionary()
            let builds = Atomic<Int>(0)
            func build(_ value: Int) -> Int {
                builds.add(1, ordering: .relaxed)
                return value + dictionary.count  // re-entrant: runs outside the lock
            }
            #expect(dictionary.value(forKey: key, insertingIfAbsent: build(7)) == 7)
            #expect(builds.load(ordering: .relaxed) == 1)
            #expect(dictionary.value(forKey: key, insertingIfAbsent: build(8)) == 7)
            #expect(builds.load(ordering: .relaxed) == 1)
            // A value class built on a miss only: a hit creates no instance.
            let values = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>()
            let made = Atomic<Int>(0)
            func makeValue() -> CollectionTestValue {
                made.add(1, ordering: .relaxed)
                return CollectionTestValue(1)
            }
            let first = values.value(forKey: key, insertingIfAbsent: makeValue())
            let second = values.value(forKey: key, insertingIfAbsent: makeValue())
            #expect(collectionSame(first, second))
            #expect(made.load(ordering: .relaxed) == 1)
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingIfAbsentKeepsAValueStoredWhileTheDefaultWasBuilt(tier: CollectionTier) {
            let key = tier.make(0)
            let dictionary = TestDictionary()
            let result = dictionary.value(
                forKey: key,
                insertingIfAbsent: {
                    dictionary[key] = 1  // another writer wins the race
                    return 2
                }())
            #expect(result == 1)
            #expect(dictionary[key] == 1)
        }

        @Test(arguments: CollectionTier.allCases)
        func reserveCapacityKeepsEntriesAndOrder(tier: CollectionTier) {
            let keys = tier.makeMany(40)
            let dictionary = TestDictionary()
            for key in keys.prefix(5) { dictionary[key] = key.id }
            dictionary.removeValue(forKey: keys[1])
            dictionary.reserveCapacity(100)
            for key in keys.dropFirst(5) { dictionary[key] = key.id }
            #expect(collectionIDs(dictionary.keys) == [0] + Array(2..<40))
            #expect(dictionary[keys[39]] == 39)
        }

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
        }

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
        }

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
        }
    }
}
