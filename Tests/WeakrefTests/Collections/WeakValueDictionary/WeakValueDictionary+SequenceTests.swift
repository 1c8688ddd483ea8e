import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary` as a `Sequence`, literal, description and `Equatable` (DESIGN §5.0, §5.2;
    /// catalog B126–B128, B172–B182).
    @Suite struct WeakValueDictionarySequenceTests {
        typealias TestDictionary = WeakValueDictionary<String, CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func iterationKeysAndValuesFollowInsertionOrder(tier: CollectionTier) {
            let values = tier.makeMany(4)
            let dictionary = TestDictionary()
            for index in [2, 0, 3, 1] { dictionary["k\(index)"] = values[index] }
            var pairs: [String] = []
            for (key, value) in dictionary { pairs.append("\(key)=\(value.id)") }
            #expect(pairs == ["k2=2", "k0=0", "k3=3", "k1=1"])
            #expect(dictionary.keys == ["k2", "k0", "k3", "k1"])
            #expect(collectionIDs(dictionary.values) == [2, 0, 3, 1])
            #expect(dictionary.map { $0.key } == ["k2", "k0", "k3", "k1"])
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func iterationSkipsDeadValues(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["k\(value.id)"] = value }
            values[2] = nil
            var iterator = dictionary.makeIterator()
            var keys: [String] = []
            while let (key, _) = iterator.next() { keys.append(key) }
            #expect(keys == ["k0", "k1", "k3"])
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func theLoopBodyMayMutateTheDictionary(tier: CollectionTier) {
            let values = tier.makeMany(4)
            let newcomers = tier.makeMany(4, from: 10)
            let dictionary = TestDictionary(values.map { ("k\($0.id)", $0) })
            var visited: [String] = []
            for (key, value) in dictionary {
                visited.append("\(key)=\(value.id)")
                if key == "k0" {
                    dictionary["k2"] = nil
                    dictionary["k3"] = newcomers[3]
                }
                dictionary["n\(value.id)"] = newcomers[value.id]
                if key == "k1" { dictionary[key] = nil }
            }
            #expect(visited == ["k0=0", "k1=1", "k2=2", "k3=3"])
            #expect(dictionary.keys == ["k0", "k3", "n0", "n1", "n2", "n3"])
            withExtendedLifetime((values, newcomers)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func valuesDroppedDuringTheLoopAreStillYieldedThenGone(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(4)
            let dictionary = TestDictionary()
            for case let value? in values { dictionary["k\(value.id)"] = value }
            var visited: [String] = []
            var counts: [Int] = []
            for (key, _) in dictionary {
                visited.append(key)
                if key == "k0" {
                    values[0] = nil
                    values[3] = nil
                }
                // The iterator holds the values it has not returned yet; a returned value that the
                // loop binds to `_` is released at once.
                counts.append(dictionary.count)
                // A value inserted and dropped inside the loop is not in the snapshot: gone at once.
                var transient: CollectionTestObject? = tier.make(50)
                dictionary["transient"] = transient
                transient = nil
                #expect(dictionary["transient"] == nil)
            }
            #expect(visited == ["k0", "k1", "k2", "k3"])
            #expect(counts == [3, 3, 3, 2])
            #expect(dictionary.keys == ["k1", "k2"])
            #expect(dictionary.count == 2)
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func nestedIterationAndAnIteratorKeepingValuesAlive(tier: CollectionTier) {
            var values: [CollectionTestObject]? = tier.makeMany(3)
            let dictionary = TestDictionary(values!.map { ("k\($0.id)", $0) })
            var pairs: [String] = []
            for (outer, _) in dictionary {
                for (inner, _) in dictionary { pairs.append(outer + inner) }
            }
            #expect(pairs.count == 9)
            #expect(pairs.first == "k0k0" && pairs.last == "k2k2")
            var iterator: TestDictionary.Iterator? = dictionary.makeIterator()
            values = nil
            withExtendedLifetime(iterator) {
                #expect(dictionary.count == 3)
            }
            iterator = nil
            #expect(dictionary.count == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func theDescriptionListsTheLiveEntries(tier: CollectionTier) {
            let dictionary = TestDictionary()
            #expect(dictionary.description == "WeakValueDictionary([:])")
            #expect(dictionary.debugDescription == "WeakValueDictionary([:])")
            var values: [CollectionTestObject?] = tier.makeMany(2)
            dictionary["a"] = values[0]
            dictionary["b"] = values[1]
            #expect(dictionary.description == #"WeakValueDictionary(["a": Item(0), "b": Item(1)])"#)
            #expect(String(describing: dictionary) == dictionary.description)
            values[0] = nil
            #expect(dictionary.description == #"WeakValueDictionary(["b": Item(1)])"#)
            #expect(dictionary.debugDescription == dictionary.description)
            let numbers = WeakValueDictionary<Int, CollectionTestObject>([(7, values[1]!)])
            #expect(numbers.description == "WeakValueDictionary([7: Item(1)])")
            withExtendedLifetime(values) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func dictionariesAreEqualWithTheSameKeysAndEqualLiveValues(tier: CollectionTier) {
            let values = tier.makeMany(2)
            let twins = values.map { tier.make($0.id) }
            let other = tier.make(5)
            #expect(TestDictionary() == TestDictionary())
            #expect(
                TestDictionary([("a", values[0]), ("b", values[1])])
                    == TestDictionary([("b", values[1]), ("a", values[0])]))
            // Values compare with their own `==` (ids here), like Python's dict comparison.
            #expect(TestDictionary([("a", values[0])]) == TestDictionary([("a", twins[0])]))
            #expect(TestDictionary([("a", values[0])]) != TestDictionary([("a", other)]))
            #expect(TestDictionary([("a", values[0])]) != TestDictionary([("b", values[0])]))
            #expect(TestDictionary([("a", values[0])]) != TestDictionary())
            withExtendedLifetime((values, twins, other)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func equalityIgnoresDeadEntries(tier: CollectionTier) {
            var values: [CollectionTestObject?] = tier.makeMany(2)
            let left = TestDictionary([("a", values[0]!), ("b", values[1]!)])
            let right = TestDictionary([("a", values[0]!)])
            #expect(left != right)
            values[1] = nil
            #expect(left == right)
            withExtendedLifetime(values) {}
            values[0] = nil
            #expect(left == TestDictionary())
        }
    }
}
