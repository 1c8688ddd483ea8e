import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary` as a `Sequence`, literal, description and `Equatable` (DESIGN §5.0, §5.2;
    /// catalog B126–B128, B172–B182).
    @Suite struct WeakKeyDictionarySequenceTests {
        typealias TestDictionary = WeakKeyDictionary<CollectionTestObject, Int>

        @Test(arguments: CollectionTier.allCases)
        func iterationKeysAndValuesFollowInsertionOrder(tier: CollectionTier) {
            let keys = tier.makeMany(5)
            let dictionary = TestDictionary()
            for index in [4, 1, 3, 0, 2] { dictionary[keys[index]] = index * 10 }
            var pairs: [[Int]] = []
            for (key, value) in dictionary { pairs.append([key.id, value]) }
            #expect(pairs == [[4, 40], [1, 10], [3, 30], [0, 0], [2, 20]])
            #expect(dictionary.keys.map(\.id) == [4, 1, 3, 0, 2])
            #expect(dictionary.values == [40, 10, 30, 0, 20])
            // Labelled elements.
            #expect(dictionary.map { $0.key.id + $0.value } == [44, 11, 33, 0, 22])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func iterationSkipsDeadKeys(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let key? in keys { dictionary[key] = key.id }
            keys[1] = nil
            var iterator = dictionary.makeIterator()
            var visited: [Int] = []
            while let (key, _) = iterator.next() { visited.append(key.id) }
            #expect(visited == [0, 2, 3])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func theLoopBodyMayMutateTheDictionary(tier: CollectionTier) {
            let keys = tier.makeMany(4)
            let newcomers = tier.makeMany(4, from: 10)
            let dictionary = TestDictionary(keys.map { ($0, $0.id) })
            var visited: [[Int]] = []
            for (key, value) in dictionary {
                visited.append([key.id, value])
                if key.id == 0 {
                    dictionary.removeValue(forKey: keys[2])
                    dictionary[keys[3]] = 33
                }
                dictionary[newcomers[key.id]] = 10 + key.id
                if key.id == 1 { dictionary[key] = nil }
            }
            // The snapshot: every original pair with the value it had when the loop started.
            #expect(visited == [[0, 0], [1, 1], [2, 2], [3, 3]])
            #expect(dictionary.keys.map(\.id) == [0, 3, 10, 11, 12, 13])
            #expect(dictionary.values == [0, 33, 10, 11, 12, 13])
            withExtendedLifetime((keys, newcomers)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func keysDroppedDuringTheLoopAreStillYieldedThenGone(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let key? in keys { dictionary[key] = key.id }
            var visited: [Int] = []
            var counts: [Int] = []
            for (key, _) in dictionary {
                visited.append(key.id)
                if key.id == 0 {
                    keys[0] = nil
                    keys[2] = nil
                }
                counts.append(dictionary.count)
            }
            #expect(visited == [0, 1, 2, 3])
            // The iterator holds the keys it has not returned yet (key 2 lives until its turn); a
            // returned key lives as long as the loop's variable, which may end at its last use.
            #expect([3, 4].contains(counts[0]) && counts[1] == 3)
            #expect([2, 3].contains(counts[2]) && counts[3] == 2)
            #expect(dictionary.count == 2)
            #expect(dictionary.keys.map(\.id) == [1, 3])
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func nestedIterationAndAnIteratorKeepingKeysAlive(tier: CollectionTier) {
            var keys: [CollectionTestObject]? = tier.makeMany(3)
            let dictionary = TestDictionary(keys!.map { ($0, $0.id) })
            var pairs = 0
            for _ in dictionary {
                for _ in dictionary { pairs += 1 }
            }
            #expect(pairs == 9)
            var iterator: TestDictionary.Iterator? = dictionary.makeIterator()
            keys = nil
            withExtendedLifetime(iterator) {
                #expect(dictionary.count == 3)
            }
            #expect(iterator?.next()?.value == 0)
            iterator = nil
            #expect(dictionary.count == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func aDictionaryLiteralLaterPairsWin(tier: CollectionTier) {
            let first = tier.make(1)
            let second = tier.make(2)
            let dictionary: TestDictionary = [first: 1, second: 2, first: 3]
            #expect(dictionary.keys.map(\.id) == [1, 2])
            #expect(dictionary.values == [3, 2])
            let empty: TestDictionary = [:]
            #expect(empty.isEmpty)
            withExtendedLifetime((first, second)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func theDescriptionListsTheLiveEntries(tier: CollectionTier) {
            let dictionary = TestDictionary()
            #expect(dictionary.description == "WeakKeyDictionary([:])")
            #expect(dictionary.debugDescription == "WeakKeyDictionary([:])")
            var keys: [CollectionTestObject?] = tier.makeMany(2)
            dictionary[keys[0]!] = 10
            dictionary[keys[1]!] = 11
            #expect(dictionary.description == "WeakKeyDictionary([Item(0): 10, Item(1): 11])")
            #expect(String(describing: dictionary) == dictionary.description)
            keys[0] = nil
            #expect(dictionary.description == "WeakKeyDictionary([Item(1): 11])")
            #expect(dictionary.debugDescription == dictionary.description)
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func dictionariesAreEqualWithTheSameLiveKeysAndEqualValues(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let twin = tier.make(0)
            let pairs = keys.map { ($0, $0.id) }
            #expect(TestDictionary() == TestDictionary())
            #expect(TestDictionary(pairs) == TestDictionary(pairs.reversed()))
            #expect(TestDictionary(pairs) != TestDictionary())
            #expect(TestDictionary(pairs) != TestDictionary(pairs.dropLast()))
            #expect(TestDictionary([(keys[0], 1)]) != TestDictionary([(keys[0], 2)]))
            // Identity: an equal but distinct key is another key.
            #expect(TestDictionary([(keys[0], 0)]) != TestDictionary([(twin, 0)]))
            let dictionary = TestDictionary(pairs)
            #expect(dictionary == dictionary)
            withExtendedLifetime((keys, twin)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func equalityIgnoresDeadEntries(tier: CollectionTier) {
            var keys: [CollectionTestObject?] = tier.makeMany(3)
            let left = TestDictionary()
            let right = TestDictionary()
            for case let key? in keys { left[key] = key.id }
            right[keys[0]!] = 0
            right[keys[1]!] = 1
            #expect(left != right)
            keys[2] = nil
            #expect(left == right)
            withExtendedLifetime(keys) {}
            keys[0] = nil
            keys[1] = nil
            #expect(left == TestDictionary())
        }
    }
}
