import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary`: the core API, both tiers of values (DESIGN §4, §5; catalog B126–B137,
    /// B157–B171).
    @Suite struct WeakValueDictionaryTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        // MARK: Basic operations (B159, B160)

        @Test func anEmptyDictionaryHasNoEntries() {
            let dictionary = TestDictionary()
            #expect(dictionary.count == 0)
            #expect(dictionary.isEmpty)
            #expect(dictionary.keys.isEmpty)
            #expect(dictionary.values.isEmpty)
            #expect(dictionary["a"] == nil)
            #expect(!dictionary.contains(key: "a"))
            #expect(dictionary.removeValue(forKey: "a") == nil)
            #expect(dictionary.popFirst() == nil)
            #expect(dictionary.popLast() == nil)
            #expect(dictionary.valueReferences().isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func subscriptStoresReadsAndRemoves(tier: CollectionTier) {
            let values = tier.makeMany(3)
            let dictionary = TestDictionary()
            dictionary["a"] = values[0]
            dictionary["b"] = values[1]
            #expect(collectionSame(dictionary["a"], values[0]))
            #expect(collectionSame(dictionary["b"], values[1]))
            #expect(dictionary["c"] == nil)
            #expect(dictionary.contains(key: "b"))
            #expect(!dictionary.contains(key: "c"))
            #expect(dictionary.count == 2)
            dictionary["a"] = values[2]
            #expect(collectionSame(dictionary["a"], values[2]))
            #expect(dictionary.count == 2)
            dictionary["a"] = nil
            #expect(dictionary["a"] == nil)
            #expect(dictionary.keys == ["b"])
            dictionary["zz"] = nil
            #expect(dictionary.count == 1)
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func updateValueReturnsTheReplacedLiveValue(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary()
            #expect(dictionary.updateValue(values[0]!, forKey: "k") == nil)
            #expect(collectionSame(dictionary.updateValue(values[1]!, forKey: "k"), values[0]))
            // Storing the same object again reports it and changes nothing.
            #expect(collectionSame(dictionary.updateValue(values[1]!, forKey: "k"), values[1]))
            #expect(dictionary.count == 1)
            // A dead previous value is not reported.
            values[1] = nil
            #expect(dictionary.updateValue(values[2]!, forKey: "k") == nil)
            #expect(collectionSame(dictionary["k"], values[2]))
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeValueReturnsTheLiveValueOnce(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary([("a", values[0]!), ("b", values[1]!), ("c", values[2]!)])
            #expect(collectionSame(dictionary.removeValue(forKey: "b"), values[1]))
            #expect(dictionary.removeValue(forKey: "b") == nil)
            #expect(dictionary.keys == ["a", "c"])
            // B164: a dead value counts as missing, and its entry goes.
            values[2] = nil
            #expect(dictionary.removeValue(forKey: "c") == nil)
            #expect(dictionary._table.storageCount == 1)
            #expect(dictionary.keys == ["a"])
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aTemporaryValueIsGoneAtOnce(tier: CollectionTier) {
            // B159: `d[2] = C()` and then `d[2]` finds nothing.
            let dictionary = TestDictionary()
            dictionary["temporary"] = tier.make(1)
            #expect(dictionary["temporary"] == nil)
            #expect(!dictionary.contains(key: "temporary"))
            #expect(dictionary.count == 0)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }

        // MARK: Deaths (B160, B167, §5.1, §5.3)

        @Test(arguments: CollectionTier.allCases)
        func anEntryLeavesWhenItsValueDies(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["k\(value.id)"] = value }
            values[3] = nil
            values[1] = nil
            #expect(dictionary["k1"] == nil)
            #expect(!dictionary.contains(key: "k3"))
            #expect(dictionary.keys == ["k0", "k2"])
            #expect(collectionIDs(dictionary.values) == [0, 2])
            var iterated: [String] = []
            for (key, value) in dictionary { iterated.append("\(key)=\(value.id)") }
            #expect(iterated == ["k0=0", "k2=2"])
            #expect(dictionary.valueReferences().count == 2)
            #expect(dictionary.description == #"WeakValueDictionary(["k0": Item(0), "k2": Item(2)])"#)
            #expect(dictionary._table.collectionTestDeadEntryCount == (tier == .collected ? 2 : 0))
            #expect(dictionary.count == 2)
            tier.settle()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            // A prompt-tier death leaves a tombstone (too few to compact); a purge compacts.
            #expect(dictionary._table.storageCount == (tier == .collected ? 2 : 3))
            withExtendedLifetime(values) {}
            values[0] = nil
            values[2] = nil
            #expect(dictionary.isEmpty)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func countIsExactRightAfterDeaths(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(8)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["\(value.id)"] = value }
            for index in [0, 5, 6] { values[index] = nil }
            #expect(dictionary.count == 5)
            withExtendedLifetime(values) {}
            for index in values.indices { values[index] = nil }
            #expect(dictionary.count == 0)
            #expect(dictionary.isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func oneValueUnderSeveralKeysLeavesAllOfThemTogether(tier: CollectionTier) {
            // B167
            var shared: CollectionTestObject? = tier.make(1)
            let other = tier.make(2)
            let dictionary = TestDictionary([("a", shared!), ("b", other), ("c", shared!)])
            #expect(dictionary.count == 3)
            #expect(collectionSame(dictionary["a"], dictionary["c"]))
            dictionary["a"] = nil
            #expect(collectionSame(dictionary["c"], shared))
            dictionary["a"] = shared
            withExtendedLifetime(shared) {}
            shared = nil
            #expect(dictionary.keys == ["b"])
            #expect(dictionary.count == 1)
            withExtendedLifetime(other) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValueMayBeItsOwnKey(tier: CollectionTier) {
            // B170: the strong key keeps its value alive until the entry is removed.
            let dictionary = WeakValueDictionary<CollectionTestObject, CollectionTestObject>()
            var object: CollectionTestObject? = tier.make(1)
            let reference = CollectionWeakBox(object)
            dictionary[object!] = object!
            object = nil
            #expect(reference.object != nil)
            #expect(dictionary.count == 1)
            let probe = tier.make(1)
            // Keys are ordinary hashable values: an equal probe finds the entry.
            #expect(dictionary[probe]?.id == 1)
            #expect(dictionary.removeValue(forKey: probe) != nil)
            #expect(reference.object == nil)
            #expect(dictionary.isEmpty)
            withExtendedLifetime(probe) {}
        }

        // MARK: Replacing values (B169, H5)

        @Test(arguments: CollectionTier.allCases)
        func theOldValuesDeathNeverRemovesItsReplacement(tier: CollectionTier) {
            var first: CollectionTestObject? = tier.make(1)
            let second = tier.make(2)
            let dictionary = TestDictionary()
            dictionary["k"] = first
            dictionary["k"] = second
            first = nil
            #expect(collectionSame(dictionary["k"], second))
            #expect(dictionary.count == 1)
            tier.settle()
            #expect(collectionSame(dictionary["k"], second))
            #expect(dictionary.count == 1)
            #expect(dictionary._table.storageCount == 1)
            withExtendedLifetime(second) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func replacingAValueManyTimesKeepsExactlyOneEntry(tier: CollectionTier) {
            // test_weak_valued_consistency, deterministic: every replaced value dies after the
            // replacement, and the count is always 1.
            let dictionary = TestDictionary()
            var current = tier.make(0)
            dictionary["k"] = current
            for id in 1...2_000 {
                let next = tier.make(id)
                dictionary["k"] = next
                current = next
                if dictionary.count != 1 || dictionary["k"] !== current {
                    Issue.record("after replacement \(id): count \(dictionary.count)")
                    break
                }
                if id % 500 == 0 { tier.settle() }
            }
            #expect(dictionary._table.storageCount == 1)
            withExtendedLifetime(current) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func reassigningAKeyKeepsItsPosition(tier: CollectionTier) {
            let values = tier.makeMany(5)
            let dictionary = TestDictionary([("a", values[0]), ("b", values[1]), ("c", values[2])])
            dictionary["a"] = values[3]
            dictionary.updateValue(values[4], forKey: "b")
            #expect(dictionary.keys == ["a", "b", "c"])
            #expect(collectionIDs(dictionary.values) == [3, 4, 2])
            dictionary["a"] = nil
            dictionary["a"] = values[0]
            #expect(dictionary.keys == ["b", "c", "a"])
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func storingUnderAKeyWhoseValueDiedAppendsItAtTheEnd(tier: CollectionTier) {
            // A key whose value died is absent (§5.1), so storing under it is a new entry, in both
            // tiers alike, whether or not the dead entry was purged yet.
            var values: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary([("a", values[0]!), ("b", values[1]!), ("c", values[2]!)])
            values[0] = nil
            dictionary["a"] = tier.make(10)
            let replacement = tier.make(11)
            dictionary["a"] = replacement
            #expect(dictionary.keys == ["b", "c", "a"])
            values[1] = nil
            #expect(
                collectionSame(dictionary.value(forKey: "b", insertingIfAbsent: replacement), replacement))
            #expect(dictionary.keys == ["c", "a", "b"])
            withExtendedLifetime((values, replacement)) {}
        }

        // MARK: Order, pops, removeAll (B129, B136)

        @Test(arguments: CollectionTier.allCases)
        func popFirstAndPopLastReturnPairsOldestAndNewest(tier: CollectionTier) {
            let values = tier.makeMany(4)
            let dictionary = TestDictionary(values.map { ("k\($0.id)", $0) })
            let newest = dictionary.popLast()
            #expect(newest?.key == "k3")
            #expect(collectionSame(newest?.value, values[3]))
            let oldest = dictionary.popFirst()
            #expect(oldest?.key == "k0")
            #expect(collectionSame(oldest?.value, values[0]))
            #expect(dictionary.count == 2)
            #expect(dictionary.popLast()?.key == "k2")
            #expect(dictionary.popFirst()?.key == "k1")
            #expect(dictionary.popLast() == nil)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popsDiscardDeadEntries(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(5)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["k\(value.id)"] = value }
            for index in [0, 1, 4] { values[index] = nil }
            #expect(dictionary.popFirst()?.key == "k2")
            #expect(dictionary.popLast()?.key == "k3")
            #expect(dictionary.popLast() == nil)
            #expect(dictionary.popFirst() == nil)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllEmptiesTheDictionaryAndReleasesItsKeys(tier: CollectionTier) {
            let values = tier.makeMany(3)
            let dictionary = WeakValueDictionary<CollectionOwningKey, CollectionTestObject>()
            var keyObject: CollectionTestValue? = CollectionTestValue(1)
            let keyObjectReference = CollectionWeakBox(keyObject)
            dictionary[CollectionOwningKey(1, owning: keyObject)] = values[0]
            dictionary[CollectionOwningKey(2)] = values[1]
            keyObject = nil
            #expect(keyObjectReference.object != nil)
            dictionary.removeAll()
            #expect(dictionary.isEmpty)
            #expect(dictionary._table.storageCount == 0)
            #expect(keyObjectReference.object == nil)
            dictionary[CollectionOwningKey(3)] = values[2]
            #expect(dictionary.keys.map(\.id) == [3])
            withExtendedLifetime(values) {}
        }

        // MARK: Defaults (B131, B163, B165)

        @Test(arguments: CollectionTier.allCases)
        func defaultSubscriptTreatsADeadValueAsMissing(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(2)
            let fallback = tier.make(9)
            let dictionary = TestDictionary([("a", values[0]!), ("b", values[1]!)])
            #expect(collectionSame(dictionary["a", default: fallback], values[0]))
            #expect(collectionSame(dictionary["zz", default: fallback], fallback))
            #expect(dictionary.count == 2)
            values[1] = nil
            #expect(collectionSame(dictionary["b", default: fallback], fallback))
            dictionary["c", default: fallback] = values[0]!
            #expect(collectionSame(dictionary["c"], values[0]))
            withExtendedLifetime((values, fallback)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func valueInsertingIfAbsentIsSetDefault(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary()
            #expect(collectionSame(dictionary.value(forKey: "k", insertingIfAbsent: values[0]!), values[0]))
            #expect(collectionSame(dictionary.value(forKey: "k", insertingIfAbsent: values[1]!), values[0]))
            #expect(collectionSame(dictionary["k"], values[0]))
            // A dead value counts as absent: the default is stored and returned, never the dead one.
            values[0] = nil
            #expect(collectionSame(dictionary.value(forKey: "k", insertingIfAbsent: values[2]!), values[2]))
            #expect(collectionSame(dictionary["k"], values[2]))
            #expect(dictionary.count == 1)
            // A temporary default is stored and returned alive, then dies.
            #expect(dictionary.value(forKey: "t", insertingIfAbsent: tier.make(7)).id == 7)
            #expect(dictionary["t"] == nil)
            withExtendedLifetime(values) {}
        }

        // MARK: Construction, merge, copy (B132, B133, B157, B158)

        @Test(arguments: CollectionTier.allCases)
        func initializersFromPairsDictionariesAndLiterals(tier: CollectionTier) {
            let values = tier.makeMany(3)
            let fromPairs = TestDictionary([("b", values[1]), ("a", values[0]), ("b", values[2])])
            #expect(fromPairs.keys == ["b", "a"])
            #expect(collectionIDs(fromPairs.values) == [2, 0])
            let fromDictionary = TestDictionary(["a": values[0], "c": values[2]])
            #expect(Swift.Set(fromDictionary.keys) == ["a", "c"])
            #expect(collectionSame(fromDictionary["c"], values[2]))
            let fromWeak = TestDictionary(fromPairs)
            #expect(fromWeak !== fromPairs)
            #expect(fromWeak == fromPairs)
            #expect(fromWeak.keys == ["b", "a"])
            let literal: TestDictionary = ["x": values[0], "y": values[1], "x": values[2]]
            #expect(literal.keys == ["x", "y"])
            #expect(collectionSame(literal["x"], values[2]))
            let empty: TestDictionary = [:]
            #expect(empty.isEmpty)
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergeFromPairsDictionariesAndAnotherWeakDictionary(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(6)
            let dictionary = TestDictionary([("a", values[0]!)])
            dictionary.merge([("b", values[1]!), ("a", values[2]!)])
            #expect(dictionary.keys == ["a", "b"])
            #expect(collectionIDs(dictionary.values) == [2, 1])
            dictionary.merge(["c": values[3]!])
            #expect(dictionary.keys == ["a", "b", "c"])
            let other = TestDictionary([("d", values[4]!), ("b", values[5]!), ("e", tier.make(99))])
            dictionary.merge(other)
            #expect(dictionary.keys == ["a", "b", "c", "d"])
            #expect(collectionIDs(dictionary.values) == [2, 5, 3, 4])
            dictionary.merge([String: CollectionTestObject]())
            #expect(dictionary.count == 4)
            // Merged entries are weak.
            values[4] = nil
            #expect(dictionary.keys == ["a", "b", "c"])
            #expect(other.keys == ["b"])
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func copyIsIndependentWithTheSameLiveEntries(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["k\(value.id)"] = value }
            values[1] = nil
            let copy = dictionary.copy()
            #expect(copy !== dictionary)
            #expect(copy.keys == ["k0", "k2"])
            #expect(collectionSame(copy.values, dictionary.values))
            #expect(copy._table.storageCount == 2)
            copy["k0"] = nil
            #expect(dictionary["k0"] != nil)
            dictionary["k2"] = nil
            #expect(copy["k2"] != nil)
            values[2] = nil
            #expect(copy.isEmpty)
            withExtendedLifetime(values) {}
        }

        // MARK: valueReferences (B166)

        @Test(arguments: CollectionTier.allCases)
        func valueReferencesAreWeakReferencesToTheLiveValuesInOrder(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for index in [3, 1, 0, 2] { dictionary["k\(index)"] = values[index] }
            values[0] = nil
            let references = dictionary.valueReferences()
            #expect(references.map { $0()?.id } == [3, 1, 2])
            for reference in references {
                let value = reference()!
                #expect(collectionSame(dictionary["k\(value.id)"], value))
            }
            values[1] = nil
            #expect(references.map { $0()?.id } == [3, nil, 2])
            #expect(dictionary.count == 2)
            withExtendedLifetime(values) {}
        }

        // MARK: Tiers and value types

        @Test func bothTiersCanShareOneDictionary() {
            var prompt: CollectionTestObject? = CollectionTier.prompt.make(1)
            var plain: CollectionTestObject? = CollectionTier.collected.make(2)
            let survivor = CollectionTier.collected.make(3)
            let dictionary = TestDictionary([("p", prompt!), ("c", plain!), ("s", survivor)])
            prompt = nil
            plain = nil
            #expect(dictionary.keys == ["s"])
            #expect(dictionary.count == 1)
            Collector.collect()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime(survivor) {}
        }

        @Test func staticallyPromptValues() {
            checkStaticValueType(PromptCollectionTestObject.self, tier: .prompt)
        }

        @Test func staticallyPlainValues() {
            checkStaticValueType(PlainCollectionTestObject.self, tier: .collected)
        }

        private func checkStaticValueType<T: CollectionTestObject>(_: T.Type, tier: CollectionTier) {
            let dictionary = WeakValueDictionary<Int, T>()
            #expect(dictionary._table.objectTypeIsPrompt == (tier == .prompt))
            var values: [T?] = (0..<3).map { T($0) }
            for case let value? in values { dictionary[value.id] = value }
            values[1] = nil
            #expect(dictionary.keys == [0, 2])
            #expect(dictionary._table.collectionTestDeadEntryCount == (tier == .collected ? 1 : 0))
            #expect(dictionary.count == 2)
            tier.settle()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            #expect(dictionary.popLast()?.key == 2)
            withExtendedLifetime(values) {}
        }

        // MARK: Lifetime of the dictionary itself (B137)

        @Test(arguments: CollectionTier.allCases)
        func aDroppedDictionaryReleasesItsKeysAndLaterDeathsAreHarmless(tier: CollectionTier) {
            var values: [CollectionTestObject]? = tier.makeMany(2)
            var dictionary: WeakValueDictionary<CollectionOwningKey, CollectionTestObject>? = .init()
            var keyObject: CollectionTestValue? = CollectionTestValue(1)
            let keyObjectReference = CollectionWeakBox(keyObject)
            dictionary![CollectionOwningKey(1, owning: keyObject)] = values![0]
            dictionary![CollectionOwningKey(2)] = values![1]
            keyObject = nil
            let dictionaryReference = CollectionWeakBox(dictionary)
            dictionary = nil
            #expect(dictionaryReference.object == nil)
            #expect(keyObjectReference.object == nil)
            values = nil
            tier.settle()
        }

        // MARK: Address reuse (DESIGN §3)

        @Test(arguments: CollectionTier.allCases)
        func aNewObjectAtADeadValuesAddressIsNotItsValue(tier: CollectionTier) throws {
            let (dictionary, successor) = try #require(
                reuseAddress(
                    setUp: {
                        let dictionary = TestDictionary()
                        var old: CollectionTestObject? = tier.make(1)
                        dictionary["k"] = old
                        let address = ObjectIdentifier(old!)
                        old = nil
                        return (dictionary, address)
                    },
                    make: { tier.make(2) }),
                noAddressReuseMessage)
            #expect(dictionary._table.storageCount == (tier == .collected ? 1 : 0))
            #expect(dictionary["k"] == nil)
            #expect(!dictionary.contains(key: "k"))
            #expect(dictionary.values.isEmpty)
            #expect(dictionary.valueReferences().isEmpty)
            #expect(dictionary.updateValue(successor, forKey: "k") == nil)
            #expect(collectionSame(dictionary["k"], successor))
            #expect(dictionary.count == 1)
            Collector.collect()
            #expect(collectionSame(dictionary["k"], successor))
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func setDefaultWithANewObjectAtADeadValuesAddressStoresIt(tier: CollectionTier) throws {
            let (dictionary, successor) = try #require(
                reuseAddress(
                    setUp: {
                        let dictionary = TestDictionary()
                        var old: CollectionTestObject? = tier.make(1)
                        dictionary["k"] = old
                        let address = ObjectIdentifier(old!)
                        old = nil
                        return (dictionary, address)
                    },
                    make: { tier.make(2) }),
                noAddressReuseMessage)
            #expect(collectionSame(dictionary.value(forKey: "k", insertingIfAbsent: successor), successor))
            #expect(dictionary.count == 1)
            Collector.collect()
            #expect(collectionSame(dictionary["k"], successor))
            withExtendedLifetime(successor) {}
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
            withExtendedLifetime((dying, replacement)) {}
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
            withExtendedLifetime(objects) {}
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
            withExtendedLifetime(objects) {}
        }
    }
}
