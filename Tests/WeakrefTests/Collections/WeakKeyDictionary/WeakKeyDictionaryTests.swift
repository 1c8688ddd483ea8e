import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary`: the core API, both tiers of keys, identity semantics (DESIGN §3, §4, §5;
    /// catalog B126–B156).
    @Suite struct WeakKeyDictionaryTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        // MARK: Basic operations (B142, B145)

        @Test func anEmptyDictionaryHasNoEntries() {
            let dictionary = TestDictionary()
            let probe = PromptCollectionTestObject(1)
            #expect(dictionary.count == 0)
            #expect(dictionary.isEmpty)
            #expect(dictionary.keys.isEmpty)
            #expect(dictionary.values.isEmpty)
            #expect(dictionary[probe] == nil)
            #expect(!dictionary.contains(key: probe))
            #expect(dictionary.removeValue(forKey: probe) == nil)
            #expect(dictionary.popFirst() == nil)
            #expect(dictionary.popLast() == nil)
            #expect(dictionary.keyReferences().isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func subscriptStoresReadsAndRemoves(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary()
            dictionary[keys[0]] = 10
            dictionary[keys[1]] = 11
            #expect(dictionary[keys[0]] == 10)
            #expect(dictionary[keys[1]] == 11)
            #expect(dictionary[keys[2]] == nil)
            #expect(dictionary.count == 2)
            #expect(dictionary.contains(key: keys[1]))
            #expect(!dictionary.contains(key: keys[2]))

            dictionary[keys[0]] = 20
            #expect(dictionary[keys[0]] == 20)
            #expect(dictionary.count == 2)

            dictionary[keys[0]] = nil
            #expect(dictionary[keys[0]] == nil)
            #expect(!dictionary.contains(key: keys[0]))
            #expect(collectionSame(dictionary.keys, [keys[1]]))
            // Removing a missing key is a no-op.
            dictionary[keys[2]] = nil
            #expect(dictionary.count == 1)
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func updateValueReturnsTheReplacedValue(tier: CollectionTier) {
            let key = tier.make(1)
            let dictionary = TestDictionary()
            #expect(dictionary.updateValue(1, forKey: key) == nil)
            #expect(dictionary.updateValue(2, forKey: key) == 1)
            #expect(dictionary[key] == 2)
            #expect(dictionary.count == 1)
            withExtendedLifetime(key) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeValueReturnsTheValueOnce(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary(keys.map { ($0, $0.id * 10) })
            #expect(dictionary.removeValue(forKey: keys[1]) == 10)
            #expect(dictionary.removeValue(forKey: keys[1]) == nil)
            #expect(dictionary.count == 2)
            #expect(dictionary.keys.map(\.id) == [0, 2])
            #expect(dictionary.values == [0, 20])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func valuesMayBeOfAnyType(tier: CollectionTier) {
            let key = tier.make(1)
            let strings = WeakKeyDictionary<CollectionTestObject, String>()
            strings[key] = "one"
            #expect(strings[key] == "one")
            let optionals = WeakKeyDictionary<CollectionTestObject, Int?>()
            optionals[key] = .some(nil)
            #expect(optionals.count == 1)
            #expect(optionals.values == [nil])
            let arrays = WeakKeyDictionary<CollectionTestObject, [Int]>()
            arrays[key, default: []].append(1)
            arrays[key, default: []].append(2)
            #expect(arrays[key] == [1, 2])
            withExtendedLifetime(key) {}
        }

        // MARK: Identity, not equality (B144, B155)

        @Test(arguments: CollectionTier.allCases)
        func anEqualButDistinctKeyIsADifferentKey(tier: CollectionTier) {
            var original: CollectionTestObject? = tier.make(1)
            let twin = tier.make(1)
            let dictionary = TestDictionary()
            dictionary[original!] = 1
            #expect(dictionary[twin] == nil)
            #expect(!dictionary.contains(key: twin))
            #expect(dictionary.removeValue(forKey: twin) == nil)
            dictionary[twin] = 2
            #expect(dictionary.count == 2)
            #expect(dictionary[original!] == 1)
            #expect(dictionary[twin] == 2)
            // The twin's entry does not depend on the original's life.
            original = nil
            #expect(dictionary.count == 1)
            #expect(dictionary[twin] == 2)
            #expect(collectionSame(dictionary.keys, [twin]))
            tier.settle()
            #expect(dictionary[twin] == 2)
            withExtendedLifetime(twin) {}
        }

        // MARK: Deaths (B143, §5.1, §5.3)

        @Test(arguments: CollectionTier.allCases)
        func anEntryLeavesWhenItsKeyDies(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let key? in keys { dictionary[key] = key.id }
            keys[3] = nil
            keys[1] = nil
            #expect(dictionary.keys.map(\.id) == [0, 2])
            #expect(dictionary.values == [0, 2])
            var iterated: [Int] = []
            for (key, value) in dictionary { iterated.append(key.id * 100 + value) }
            #expect(iterated == [0, 202])
            #expect(dictionary.keyReferences().count == 2)
            #expect(dictionary.description == "WeakKeyDictionary([Item(0): 0, Item(2): 2])")
            #expect(dictionary._table.collectionTestDeadEntryCount == (tier == .collected ? 2 : 0))
            #expect(dictionary.count == 2)
            tier.settle()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            // A prompt-tier death leaves a tombstone (too few to compact); a purge compacts.
            #expect(dictionary._table.storageCount == (tier == .collected ? 2 : 3))
            withExtendedLifetime(keys) {}
            keys[0] = nil
            keys[2] = nil
            #expect(dictionary.count == 0)
            #expect(dictionary.isEmpty)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func aDeadKeysValueIsReleasedAtItsDeathOrAtTheNextCollection(tier: CollectionTier) {
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>()
            var key: CollectionTestObject? = tier.make(1)
            var value: CollectionTestValue? = CollectionTestValue(1)
            let valueReference = CollectionWeakBox(value)
            dictionary[key!] = value
            value = nil
            #expect(valueReference.object != nil)
            key = nil
            #expect(dictionary.count == 0)
            tier.settle()
            #expect(valueReference.object == nil)
        }

        @Test(arguments: CollectionTier.allCases)
        func countIsExactRightAfterDeaths(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(8)
            let dictionary = TestDictionary()
            for case let key? in keys { dictionary[key] = key.id }
            for index in [1, 2, 7] { keys[index] = nil }
            #expect(dictionary.count == 5)
            #expect(!dictionary.isEmpty)
            withExtendedLifetime(keys) {}
            for index in keys.indices { keys[index] = nil }
            #expect(dictionary.count == 0)
            #expect(dictionary.isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func aTemporaryKeyLeavesNothingBehind(tier: CollectionTier) {
            let dictionary = TestDictionary()
            dictionary[tier.make(1)] = 1
            #expect(dictionary.count == 0)
            #expect(dictionary.value(forKey: tier.make(2), insertingIfAbsent: 5) == 5)
            #expect(dictionary.count == 0)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func aKeyInsertingItselfInItsDeinitIsNotStored(tier: CollectionTier) {
            let dictionary = TestDictionary()
            let box = CollectionWeakBox(dictionary)
            let outcome = Locked<(read: Int?, previous: Int?, contained: Bool)?>(nil)
            let counts = Locked<[Int]>([])
            var key: CollectionTestObject? = tier.make(1) { dying in
                guard let dictionary = box.object else { return }
                counts.withLock {
                    $0 = [dictionary.count, dictionary.keys.count, dictionary.isEmpty ? 1 : 0]
                }
                // Its own entry is already invisible: a dying key is never found.
                let read = dictionary[dying]
                let previous = dictionary.updateValue(1, forKey: dying)
                let contained = dictionary.contains(key: dying)
                outcome.withLock { $0 = (read, previous, contained) }
            }
            dictionary[key!] = 0
            #expect(dictionary.count == 1)
            withExtendedLifetime(key) {}
            key = nil
            #expect(outcome.current != nil)
            #expect(outcome.current?.read == nil)
            #expect(outcome.current?.previous == nil)
            #expect(outcome.current?.contained == false)
            // §5.1: a dying key is not counted either, although a prompt-tier key's entry leaves only
            // when its `DeinitObservers` fires, after the deinit body.
            #expect(counts.current == [0, 0, 1])
            #expect(dictionary.count == 0)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }

        // MARK: Order, pops, removeAll (B129, B136, B150)

        @Test(arguments: CollectionTier.allCases)
        func reassigningAKeyKeepsItsPosition(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary()
            for key in keys { dictionary[key] = key.id }
            dictionary[keys[0]] = 100
            dictionary.updateValue(101, forKey: keys[1])
            #expect(dictionary.keys.map(\.id) == [0, 1, 2])
            #expect(dictionary.values == [100, 101, 2])
            // Removed and stored again: at the end.
            dictionary[keys[0]] = nil
            dictionary[keys[0]] = 7
            #expect(dictionary.keys.map(\.id) == [1, 2, 0])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popFirstAndPopLastReturnPairsOldestAndNewest(tier: CollectionTier) {
            let keys = tier.makeMany(4)
            let dictionary = TestDictionary(keys.map { ($0, $0.id + 10) })
            let newest = dictionary.popLast()
            #expect(collectionSame(newest?.key, keys[3]))
            #expect(newest?.value == 13)
            #expect(dictionary.count == 3)
            let oldest = dictionary.popFirst()
            #expect(collectionSame(oldest?.key, keys[0]))
            #expect(oldest?.value == 10)
            #expect(dictionary.count == 2)
            #expect(dictionary.popLast()?.key.id == 2)
            #expect(dictionary.popLast()?.key.id == 1)
            #expect(dictionary.popLast() == nil)
            #expect(dictionary.popFirst() == nil)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popsDiscardDeadEntries(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(5)
            let dictionary = TestDictionary()
            for case let key? in keys { dictionary[key] = key.id }
            for index in [0, 3, 4] { keys[index] = nil }
            #expect(dictionary.popLast()?.value == 2)
            #expect(dictionary.popFirst()?.value == 1)
            #expect(dictionary.popFirst() == nil)
            #expect(dictionary.count == 0)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllEmptiesTheDictionary(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>()
            var values: [CollectionTestValue]? = keys.map { CollectionTestValue($0.id) }
            let valueReferences = values!.map { CollectionWeakBox($0) }
            for (key, value) in zip(keys, values!) { dictionary[key] = value }
            values = nil
            dictionary.removeAll()
            #expect(dictionary.isEmpty)
            #expect(keys.allSatisfy { dictionary[$0] == nil })
            #expect(dictionary._table.storageCount == 0)
            #expect(valueReferences.allSatisfy { $0.object == nil })
            dictionary[keys[1]] = CollectionTestValue(9)
            #expect(dictionary.keys.map(\.id) == [1])
            withExtendedLifetime(keys) {}
        }

        // MARK: Defaults (B131, B148)

        @Test(arguments: CollectionTier.allCases)
        func defaultSubscriptReadsWithoutStoringAndStoresWhenAssigned(tier: CollectionTier) {
            let keys = tier.makeMany(2)
            let dictionary = TestDictionary()
            dictionary[keys[0]] = 5
            #expect(dictionary[keys[0], default: 0] == 5)
            #expect(dictionary[keys[1], default: 42] == 42)
            #expect(dictionary.count == 1)
            dictionary[keys[1], default: 0] += 1
            dictionary[keys[1], default: 0] += 1
            dictionary[keys[0], default: 0] += 1
            #expect(dictionary[keys[1]] == 2)
            #expect(dictionary[keys[0]] == 6)
            #expect(dictionary.keys.map(\.id) == [0, 1])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func valueInsertingIfAbsentIsSetDefault(tier: CollectionTier) {
            let key = tier.make(1)
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>()
            let first = CollectionTestValue(1)
            let second = CollectionTestValue(2)
            #expect(collectionSame(dictionary.value(forKey: key, insertingIfAbsent: first), first))
            #expect(collectionSame(dictionary[key], first))
            #expect(collectionSame(dictionary.value(forKey: key, insertingIfAbsent: second), first))
            #expect(collectionSame(dictionary[key], first))
            #expect(dictionary.count == 1)
            withExtendedLifetime((key, first, second)) {}
        }

        // MARK: Construction, merge, copy (B132, B133, B141, B152)

        @Test(arguments: CollectionTier.allCases)
        func initFromPairsLaterPairsWinAndKeepTheFirstPosition(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let dictionary = TestDictionary([(keys[1], 1), (keys[0], 0), (keys[1], 11), (keys[2], 2)])
            #expect(dictionary.keys.map(\.id) == [1, 0, 2])
            #expect(dictionary.values == [11, 0, 2])
            let lazy = TestDictionary(zip(keys, [7, 8, 9]).lazy.filter { $0.1 != 8 })
            #expect(lazy.keys.map(\.id) == [0, 2])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergeFromPairsAndAnotherDictionary(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(5)
            let dictionary = TestDictionary([(keys[0]!, 0), (keys[1]!, 1)])
            dictionary.merge([(keys[2]!, 2), (keys[0]!, 100)])
            #expect(dictionary.keys.map(\.id) == [0, 1, 2])
            #expect(dictionary.values == [100, 1, 2])
            dictionary.merge(AnySequence([(keys[3]!, 3)]))
            #expect(dictionary.count == 4)

            let other = TestDictionary([(keys[4]!, 4), (keys[1]!, 111), (keys[3]!, 333)])
            keys[4] = nil
            dictionary.merge(other)
            #expect(dictionary.keys.map(\.id) == [0, 1, 2, 3])
            #expect(dictionary.values == [100, 111, 2, 333])
            #expect(other.count == 2)
            // Merged entries are weak too.
            keys[1] = nil
            #expect(dictionary.keys.map(\.id) == [0, 2, 3])
            #expect(other.keys.map(\.id) == [3])
            dictionary.merge([])
            #expect(dictionary.count == 3)
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func copyIsIndependentAndSharesValueObjects(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(3)
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>()
            let values = (0..<3).map { CollectionTestValue($0) }
            for (key, value) in zip(keys, values) { dictionary[key!] = value }
            keys[2] = nil
            let copy = dictionary.copy()
            #expect(copy !== dictionary)
            #expect(copy.keys.map(\.id) == [0, 1])
            #expect(collectionSame(copy.values, [values[0], values[1]]))
            #expect(copy._table.storageCount == 2)

            copy[keys[0]!] = CollectionTestValue(100)
            #expect(collectionSame(dictionary[keys[0]!], values[0]))
            dictionary.removeValue(forKey: keys[1]!)
            #expect(collectionSame(copy[keys[1]!], values[1]))

            // `init(_:)` from another dictionary copies the same way.
            let viaInit = WeakKeyDictionary(dictionary)
            #expect(viaInit !== dictionary)
            #expect(viaInit.keys.map(\.id) == [0])
            #expect(collectionSame(viaInit.values, [values[0]]))

            keys[1] = nil
            #expect(copy.keys.map(\.id) == [0])
            withExtendedLifetime((keys, values)) {}
        }

        // MARK: keyReferences (B149)

        @Test(arguments: CollectionTier.allCases)
        func keyReferencesAreWeakReferencesToTheLiveKeysInOrder(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for index in [2, 0, 3, 1] { dictionary[keys[index]!] = index }
            keys[3] = nil
            let references = dictionary.keyReferences()
            #expect(references.count == 3)
            #expect(references.map { $0()?.id } == [2, 0, 1])
            #expect(references.allSatisfy { $0.isAlive })
            for reference in references {
                let key = reference()!
                #expect(dictionary[key] == key.id)
            }
            // The references do not keep the keys alive.
            keys[0] = nil
            #expect(references.map { $0()?.id } == [2, nil, 1])
            #expect(dictionary.count == 2)
            withExtendedLifetime(keys) {}
        }

        // MARK: Tiers and key types

        @Test func bothTiersCanShareOneDictionary() {
            var prompt: CollectionTestObject? = CollectionTier.prompt.make(1)
            var plain: CollectionTestObject? = CollectionTier.collected.make(2)
            let survivor = CollectionTier.prompt.make(3)
            let dictionary = TestDictionary([(prompt!, 1), (plain!, 2), (survivor, 3)])
            prompt = nil
            plain = nil
            #expect(dictionary.keys.map(\.id) == [3])
            #expect(dictionary.count == 1)
            Collector.collect()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            #expect(dictionary.values == [3])
            withExtendedLifetime(survivor) {}
        }

        @Test func staticallyPromptKeys() {
            checkStaticKeyType(PromptCollectionTestObject.self, tier: .prompt)
        }

        @Test func staticallyPlainKeys() {
            checkStaticKeyType(PlainCollectionTestObject.self, tier: .collected)
        }

        private func checkStaticKeyType<T: CollectionTestObject>(_: T.Type, tier: CollectionTier) {
            let dictionary = WeakKeyDictionary<T, String>()
            #expect(dictionary._table.objectTypeIsPrompt == (tier == .prompt))
            var keys: [T?] = (0..<3).map { T($0) }
            for case let key? in keys { dictionary[key] = "v\(key.id)" }
            keys[1] = nil
            #expect(dictionary.values == ["v0", "v2"])
            #expect(dictionary._table.collectionTestDeadEntryCount == (tier == .collected ? 1 : 0))
            #expect(dictionary.count == 2)
            tier.settle()
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            #expect(dictionary.popLast()?.value == "v2")
            withExtendedLifetime(keys) {}
        }

        // MARK: Lifetime of the dictionary itself (B137)

        @Test(arguments: CollectionTier.allCases)
        func aDroppedDictionaryReleasesItsValuesWhileItsKeysLive(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            var dictionary: WeakKeyDictionary<CollectionTestObject, CollectionTestValue>? = .init()
            let valueReferences = keys.map { key in
                let value = CollectionTestValue(key.id)
                dictionary![key] = value
                return CollectionWeakBox(value)
            }
            let dictionaryReference = CollectionWeakBox(dictionary)
            #expect(valueReferences.allSatisfy { $0.object != nil })
            dictionary = nil
            #expect(dictionaryReference.object == nil)
            #expect(valueReferences.allSatisfy { $0.object == nil })
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aKeyDyingAfterItsDictionaryIsGoneIsHarmless(tier: CollectionTier) {
            var keys: [CollectionTestObject]? = tier.makeMany(3)
            var dictionary: TestDictionary? = TestDictionary(keys!.map { ($0, $0.id) })
            let other = TestDictionary(keys!.map { ($0, $0.id) })
            let dictionaryReference = CollectionWeakBox(dictionary)
            dictionary = nil
            #expect(dictionaryReference.object == nil)
            keys = nil
            tier.settle()
            #expect(other.isEmpty)
            #expect(other._table.storageCount == 0)
        }

        // MARK: Address reuse (DESIGN §3, B155, B178, H4)

        /// A dictionary whose one entry belonged to a key that died (still stored for the collected
        /// tier), and a new object of the same class at the dead key's address.
        private func dictionaryWithSuccessor(
            _ tier: CollectionTier
        ) throws -> (dictionary: TestDictionary, successor: CollectionTestObject) {
            let (dictionary, successor) = try #require(
                reuseAddress(
                    setUp: {
                        let dictionary = TestDictionary()
                        var old: CollectionTestObject? = tier.make(1)
                        dictionary[old!] = 1
                        let address = ObjectIdentifier(old!)
                        old = nil
                        return (dictionary, address)
                    },
                    make: { tier.make(2) }),
                noAddressReuseMessage)
            #expect(dictionary._table.storageCount == (tier == .collected ? 1 : 0))
            return (dictionary, successor)
        }

        @Test(arguments: CollectionTier.allCases)
        func lookupsOfANewObjectAtADeadKeysAddressFindNothing(tier: CollectionTier) throws {
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            #expect(dictionary[successor] == nil)
            #expect(!dictionary.contains(key: successor))
            #expect(dictionary[successor, default: -1] == -1)
            #expect(dictionary.keys.isEmpty)
            #expect(dictionary.values.isEmpty)
            #expect(dictionary.keyReferences().isEmpty)
            #expect(dictionary.count == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removingANewObjectAtADeadKeysAddressReturnsNothing(tier: CollectionTier) throws {
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            #expect(dictionary.removeValue(forKey: successor) == nil)
            #expect(dictionary.count == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func updateValueForANewObjectAtADeadKeysAddressMakesAFreshEntry(tier: CollectionTier) throws {
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            #expect(dictionary.updateValue(2, forKey: successor) == nil)
            #expect(dictionary[successor] == 2)
            #expect(dictionary.count == 1)
            #expect(collectionSame(dictionary.keys, [successor]))
            Collector.collect()
            #expect(dictionary[successor] == 2)
            #expect(dictionary.count == 1)
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func subscriptAssignmentForANewObjectAtADeadKeysAddressMakesAFreshEntry(tier: CollectionTier) throws {
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            dictionary[successor] = 3
            #expect(dictionary[successor] == 3)
            #expect(dictionary.values == [3])
            Collector.collect()
            #expect(dictionary.popFirst()?.value == 3)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func setDefaultForANewObjectAtADeadKeysAddressStoresTheDefault(tier: CollectionTier) throws {
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            #expect(dictionary.value(forKey: successor, insertingIfAbsent: 4) == 4)
            #expect(dictionary[successor] == 4)
            #expect(dictionary.count == 1)
            Collector.collect()
            #expect(dictionary[successor] == 4)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func mergingACopyAfterADeathRestoresEquality(tier: CollectionTier) throws {
            // B178: with a dead entry pending, merging a copy makes the dictionary equal to the copy.
            let (dictionary, successor) = try dictionaryWithSuccessor(tier)
            let copy = TestDictionary([(successor, 9)])
            dictionary.merge(copy)
            #expect(dictionary == copy)
            dictionary.removeAll()
            #expect(dictionary.isEmpty)
            withExtendedLifetime(successor) {}
        }

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
            withExtendedLifetime(key) {}
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
            withExtendedLifetime(key) {}
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
            withExtendedLifetime(keys) {}
        }
    }
}
