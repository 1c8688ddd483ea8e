import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary`'s Swift idioms beyond Python's API (DESIGN §4): `value(forKey:insertingIfAbsent:)`
    /// built lazily, `reserveCapacity`, `filter`, `removeAll(where:)`, `mapValues`, `compactMapValues`,
    /// `merge(_:uniquingKeysWith:)` and `merging`. Every closure may call back into the dictionary: in
    /// debug builds the lock is error-checking, so a closure run under it would trap.
    @Suite struct WeakValueDictionaryIdiomsTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        /// A dictionary with `a`, `b`, `c` → `objects[0...2]`.
        private func filled(_ objects: [CollectionTestObject]) -> TestDictionary {
            TestDictionary([("a", objects[0]), ("b", objects[1]), ("c", objects[2])])
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingIfAbsentBuildsTheDefaultOnlyOnAMiss(tier: CollectionTier) {
            let objects = tier.makeMany(2)
            let dictionary = TestDictionary()
            let builds = Atomic<Int>(0)
            func build(_ index: Int) -> CollectionTestObject {
                builds.add(1, ordering: .relaxed)
                // Building may use the dictionary: it runs outside the lock.
                _ = dictionary.count
                return objects[index]
            }
            let first = dictionary.value(forKey: "k", insertingIfAbsent: build(0))
            #expect(collectionSame(first, objects[0]))
            #expect(builds.load(ordering: .relaxed) == 1)
            let hit = dictionary.value(forKey: "k", insertingIfAbsent: build(1))
            #expect(collectionSame(hit, objects[0]))
            #expect(builds.load(ordering: .relaxed) == 1)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingIfAbsentReplacesADeadValue(tier: CollectionTier) {
            let dictionary = TestDictionary()
            var dying: CollectionTestObject? = tier.make(0)
            dictionary["k"] = dying
            dying = nil
            let replacement = tier.make(1)
            #expect(
                collectionSame(dictionary.value(forKey: "k", insertingIfAbsent: replacement), replacement))
            #expect(dictionary.count == 1)
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingIfAbsentKeepsAValueStoredWhileTheDefaultWasBuilt(tier: CollectionTier) {
            let objects = tier.makeMany(2)
            let dictionary = TestDictionary()
            let result = dictionary.value(
                forKey: "k",
                insertingIfAbsent: {
                    dictionary["k"] = objects[0]  // another writer wins the race
                    return objects[1]
                }())
            #expect(collectionSame(result, objects[0]))
            #expect(collectionSame(dictionary["k"], objects[0]))
        }

        @Test func insertingIfAbsentPassesTheDefaultsErrorOn() {
            struct Failed: Error {}
            func failing() throws -> CollectionTestObject { throw Failed() }
            let dictionary = TestDictionary()
            #expect(throws: Failed.self) {
                try dictionary.value(forKey: "k", insertingIfAbsent: try failing())
            }
            #expect(dictionary.isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func reserveCapacityKeepsEntriesAndOrder(tier: CollectionTier) {
            let objects = tier.makeMany(40)
            let dictionary = TestDictionary()
            for object in objects.prefix(5) { dictionary["\(object.id)"] = object }
            dictionary.removeValue(forKey: "1")
            dictionary.reserveCapacity(100)
            for object in objects.dropFirst(5) { dictionary["\(object.id)"] = object }
            #expect(dictionary.keys == ["0"] + (2..<40).map { "\($0)" })
            #expect(collectionSame(dictionary["39"], objects[39]))
            #expect(dictionary.count == 39)
        }

        @Test(arguments: CollectionTier.allCases)
        func filterMakesANewWeakDictionaryInOrder(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let dictionary = filled(objects)
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
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllWhereRemovesTheChosenLiveEntries(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let dictionary = filled(objects)
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
            let dictionary = filled(objects)
            dictionary.removeAll { entry in
                if entry.key == "a" { dictionary["a"] = objects[3] }
                return true
            }
            // "a" was chosen with its old value; the new value stays.
            #expect(dictionary.keys == ["a"])
            #expect(collectionSame(dictionary["a"], objects[3]))
        }

        @Test func removeAllWherePassesThePredicatesErrorOnAndRemovesNothing() {
            struct Failed: Error {}
            let objects = CollectionTier.prompt.makeMany(3)
            let dictionary = filled(objects)
            #expect(throws: Failed.self) {
                try dictionary.removeAll { entry in
                    if entry.key == "b" { throw Failed() }
                    return true
                }
            }
            #expect(dictionary.count == 3)
        }

        @Test(arguments: CollectionTier.allCases)
        func mapValuesAndCompactMapValuesKeepKeysAndOrder(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let partners = tier.makeMany(3, from: 10)
            let dictionary = filled(objects)
            let mapped = dictionary.mapValues { partners[$0.id] }
            #expect(mapped.keys == ["a", "b", "c"])
            #expect(collectionSame(mapped.values, partners))
            let compact = dictionary.compactMapValues { $0.id == 1 ? nil : partners[$0.id] }
            #expect(compact.keys == ["a", "c"])
            #expect(collectionSame(compact["c"], partners[2]))
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergeUniquingKeysCombinesOnlyWhereKeysMeet(tier: CollectionTier) {
            let objects = tier.makeMany(6)
            let dictionary = filled(objects)
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
        }

        @Test(arguments: CollectionTier.allCases)
        func mergingLeavesTheReceiverUnchanged(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let dictionary = filled(objects)
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
