import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakSet` set algebra, returning and mutating, with other weak sets and plain arrays (catalog
    /// B196–B204, B213; DESIGN §3 for address reuse).
    @Suite struct WeakSetSetAlgebraTests {
        typealias TestSet = WeakSet<CollectionTestObject>

        // MARK: Returning forms (B197–B200)

        @Test(arguments: CollectionTier.allCases)
        func unionKeepsThisSetsOrderThenAddsTheOthers(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let set = TestSet(objects[0...2])
            let other = TestSet([objects[4], objects[1], objects[3]])

            let withSet = set.union(other)
            #expect(withSet !== set)
            #expect(collectionIDs(withSet.allObjects) == [0, 1, 2, 4, 3])
            let withArray = set.union([objects[3], objects[3], objects[0]])
            #expect(collectionIDs(withArray.allObjects) == [0, 1, 2, 3])
            #expect(collectionIDs(set.union([]).allObjects) == [0, 1, 2])
            #expect(collectionIDs(TestSet().union(set).allObjects) == [0, 1, 2])
            // The operands are unchanged.
            #expect(collectionIDs(set.allObjects) == [0, 1, 2])
            #expect(collectionIDs(other.allObjects) == [4, 1, 3])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func intersectionKeepsTheArgumentsOrder(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let twin = tier.make(1)
            let set = TestSet(objects[0...3])
            let result = set.intersection([objects[3], objects[4], twin, objects[1], objects[3]])
            #expect(collectionIDs(result.allObjects) == [3, 1])
            #expect(collectionSame(result.allObjects, [objects[3], objects[1]]))
            #expect(collectionIDs(set.intersection(TestSet([objects[2], objects[0]])).allObjects) == [2, 0])
            #expect(set.intersection([]).isEmpty)
            #expect(TestSet().intersection(objects).isEmpty)
            #expect(collectionIDs(set.allObjects) == [0, 1, 2, 3])
            withExtendedLifetime((objects, twin)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func subtractingRemovesTheArgumentsMembers(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let twin = tier.make(2)
            let set = TestSet(objects[0...3])
            #expect(collectionIDs(set.subtracting([objects[1], objects[4], twin]).allObjects) == [0, 2, 3])
            #expect(collectionIDs(set.subtracting(TestSet([objects[0], objects[3]])).allObjects) == [1, 2])
            #expect(collectionIDs(set.subtracting([]).allObjects) == [0, 1, 2, 3])
            #expect(set.subtracting(set).isEmpty)
            #expect(collectionIDs(set.allObjects) == [0, 1, 2, 3])
            withExtendedLifetime((objects, twin)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func symmetricDifferenceKeepsMembersOfExactlyOneSide(tier: CollectionTier) {
            let objects = tier.makeMany(6)
            let set = TestSet(objects[0...2])
            let result = set.symmetricDifference([objects[4], objects[1], objects[3], objects[4]])
            #expect(collectionIDs(result.allObjects) == [0, 2, 4, 3])
            // Disjoint operands: every member of both.
            let disjoint = set.symmetricDifference(TestSet(objects[3...5]))
            #expect(disjoint.count == 6)
            #expect(set.symmetricDifference(set).isEmpty)
            #expect(collectionIDs(set.allObjects) == [0, 1, 2])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func resultsAreWeakToo(tier: CollectionTier) {
            var objects: [CollectionTestObject?] = tier.makeMany(6)
            let left = TestSet(objects[0...3].compactMap { $0 })
            let right = TestSet(objects[2...5].compactMap { $0 })
            let union = left.union(right)
            let intersection = left.intersection(right)
            let difference = left.subtracting(right)
            let symmetric = left.symmetricDifference(right)
            #expect(union.count == 6)
            #expect(intersection.count == 2)
            #expect(difference.count == 2)
            #expect(symmetric.count == 4)

            for index in [0, 2, 5] { objects[index] = nil }
            #expect(collectionIDs(union.allObjects) == [1, 3, 4])
            #expect(collectionIDs(intersection.allObjects) == [3])
            #expect(collectionIDs(difference.allObjects) == [1])
            #expect(collectionIDs(symmetric.allObjects) == [1, 4])
            #expect(
                union.count == 3 && intersection.count == 1 && difference.count == 1 && symmetric.count == 2)
            tier.settle()
            for result in [union, intersection, difference, symmetric] {
                #expect(result._table.collectionTestDeadEntryCount == 0)
            }
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func deadMembersOfAWeakOperandDoNotTakePart(tier: CollectionTier) {
            var objects: [CollectionTestObject?] = tier.makeMany(4)
            let set = TestSet(objects[0...1].compactMap { $0 })
            let other = TestSet(objects[1...3].compactMap { $0 })
            objects[3] = nil
            #expect(collectionIDs(set.union(other).allObjects) == [0, 1, 2])
            #expect(collectionIDs(set.symmetricDifference(other).allObjects) == [0, 2])
            #expect(set.isSubset(of: TestSet(objects[0...2].compactMap { $0 })))
            #expect(TestSet(objects[1...2].compactMap { $0 }) == other)
            #expect(other.isStrictSubset(of: objects[1...2].compactMap { $0 }) == false)
            #expect(other.isSubset(of: objects[1...2].compactMap { $0 }))
            withExtendedLifetime(objects) {}
        }

        // MARK: Mutating forms (B196, B203, B213)

        @Test(arguments: CollectionTier.allCases)
        func formUnionInsertsEveryNewElement(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let set = TestSet(objects[0...1])
            set.formUnion([objects[3], objects[1], objects[3]])
            #expect(collectionIDs(set.allObjects) == [0, 1, 3])
            set.formUnion(TestSet([objects[4], objects[2]]))
            #expect(collectionIDs(set.allObjects) == [0, 1, 3, 4, 2])
            set.formUnion([])
            #expect(set.count == 5)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func formIntersectionKeepsOnlyCommonMembersInThisSetsOrder(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let twin = tier.make(0)
            let set = TestSet(objects[0...3])
            set.formIntersection([objects[3], twin, objects[4], objects[0]])
            #expect(collectionSame(set.allObjects, [objects[0], objects[3]]))
            set.formIntersection(TestSet([objects[3]]))
            #expect(collectionIDs(set.allObjects) == [3])
            set.formIntersection([])
            #expect(set.isEmpty)
            withExtendedLifetime((objects, twin)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func membersKeptByFormIntersectionStillLeaveWhenTheyDie(tier: CollectionTier) {
            // B213: the kept entries are still the set's own, registered entries.
            var objects: [CollectionTestObject?] = tier.makeMany(3)
            let set = TestSet(objects.compactMap { $0 })
            set.formIntersection(TestSet(objects.compactMap { $0 }))
            set.formIntersection(objects[0...1].compactMap { $0 })
            #expect(set.count == 2)
            objects[0] = nil
            #expect(set.count == 1)
            #expect(collectionIDs(set.allObjects) == [1])
            objects[1] = nil
            #expect(set.count == 0)
            #expect(Array(set).isEmpty)
            tier.settle()
            #expect(set._table.storageCount == 0)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func subtractRemovesTheArgumentsMembers(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let twin = tier.make(1)
            let set = TestSet(objects[0...3])
            set.subtract([objects[1], twin, objects[4]])
            #expect(collectionIDs(set.allObjects) == [0, 2, 3])
            set.subtract(TestSet([objects[3]]))
            #expect(collectionIDs(set.allObjects) == [0, 2])
            set.subtract([])
            #expect(set.count == 2)
            withExtendedLifetime((objects, twin)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func formSymmetricDifferenceTogglesMembership(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let set = TestSet(objects[0...2])
            set.formSymmetricDifference([objects[1], objects[3], objects[1], objects[3]])
            #expect(collectionIDs(set.allObjects) == [0, 2, 3])
            set.formSymmetricDifference(TestSet([objects[4], objects[0]]))
            #expect(collectionIDs(set.allObjects) == [2, 3, 4])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func inPlaceOperationsOnItself(tier: CollectionTier) {
            // B204: `t |= t` and `t &= t` leave t unchanged; `t -= t` and `t ^= t` empty it.
            let objects = tier.makeMany(3)
            let set = TestSet(objects)
            set.formUnion(set)
            #expect(collectionSame(set.allObjects, objects))
            set.formIntersection(set)
            #expect(collectionSame(set.allObjects, objects))
            set.subtract(set)
            #expect(set.isEmpty)
            set.formUnion(objects)
            set.formSymmetricDifference(set)
            #expect(set.isEmpty)
            #expect(set._table.storageCount == 0)

            let other = TestSet(objects)
            #expect(collectionSame(other.union(other).allObjects, objects))
            #expect(collectionSame(other.intersection(other).allObjects, objects))
            #expect(other.subtracting(other).isEmpty)
            #expect(other.symmetricDifference(other).isEmpty)
            withExtendedLifetime(objects) {}
        }

        // MARK: Comparisons (B201, B202)

        @Test(arguments: CollectionTier.allCases)
        func subsetAndSupersetComparisons(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let small = TestSet(objects[0...1])
            let large = TestSet(objects[0...2])
            let empty = TestSet()

            #expect(small.isSubset(of: large))
            #expect(small.isStrictSubset(of: large))
            #expect(!large.isSubset(of: small))
            #expect(large.isSuperset(of: small))
            #expect(large.isStrictSuperset(of: small))
            #expect(!small.isSuperset(of: large))

            // A set is a subset and superset of itself, but not strictly.
            #expect(small.isSubset(of: small) && small.isSuperset(of: small))
            #expect(!small.isStrictSubset(of: small) && !small.isStrictSuperset(of: small))
            // The empty set is a subset of everything, and not a strict subset of another empty set.
            #expect(empty.isSubset(of: small) && empty.isStrictSubset(of: small))
            #expect(empty.isSubset(of: TestSet()) && !empty.isStrictSubset(of: TestSet()))
            #expect(small.isSuperset(of: empty) && small.isStrictSuperset(of: empty))
            #expect(!empty.isStrictSuperset(of: empty))

            // Plain arrays, duplicates counted once.
            #expect(small.isSubset(of: [objects[1], objects[0], objects[0]]))
            #expect(!small.isStrictSubset(of: [objects[1], objects[0], objects[0]]))
            #expect(small.isStrictSubset(of: [objects[1], objects[3], objects[0]]))
            #expect(large.isSuperset(of: [objects[2], objects[2]]))
            #expect(
                large.isStrictSuperset(of: [objects[2], objects[2], objects[0], objects[1], objects[0]])
                    == false)
            #expect(large.isStrictSuperset(of: [objects[2], objects[2], objects[0]]))
            #expect(!large.isSuperset(of: [objects[3]]))
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func comparisonsUseIdentityNotEquality(tier: CollectionTier) {
            let objects = tier.makeMany(2)
            let twins = objects.map { tier.make($0.id) }
            let set = TestSet(objects)
            #expect(!set.isSubset(of: twins))
            #expect(!set.isSuperset(of: twins))
            #expect(set.isDisjoint(with: twins))
            #expect(set.intersection(twins).isEmpty)
            #expect(set.union(twins).count == 4)
            withExtendedLifetime((objects, twins)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func disjointness(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let set = TestSet(objects[0...1])
            #expect(set.isDisjoint(with: [objects[2], objects[3]]))
            #expect(set.isDisjoint(with: TestSet(objects[2...3])))
            #expect(!set.isDisjoint(with: [objects[3], objects[1]]))
            #expect(set.isDisjoint(with: []))
            #expect(TestSet().isDisjoint(with: objects))
            #expect(!set.isDisjoint(with: set))
            #expect(TestSet().isDisjoint(with: TestSet()))
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func comparisonsIgnoreDeadMembers(tier: CollectionTier) {
            var objects: [CollectionTestObject?] = tier.makeMany(3)
            let set = TestSet(objects.compactMap { $0 })
            let pair = objects[0...1].compactMap { $0 }
            #expect(!set.isSubset(of: pair))
            objects[2] = nil
            #expect(set.isSubset(of: pair))
            #expect(!set.isStrictSubset(of: pair))
            #expect(set.isSuperset(of: pair))
            #expect(!set.isStrictSuperset(of: pair))
            withExtendedLifetime((objects, pair)) {}
        }

        // MARK: Address reuse (DESIGN §3)

        /// A set whose one entry belonged to an object that died (still stored for the collected tier),
        /// a live member, and a new object of the same class at the dead object's address.
        private func setWithSuccessor(
            _ tier: CollectionTier
        ) throws -> (set: TestSet, member: CollectionTestObject, successor: CollectionTestObject) {
            let member = tier.make(0)
            let (set, successor) = try #require(
                reuseAddress(
                    setUp: {
                        let set = TestSet([member])
                        var old: CollectionTestObject? = tier.make(1)
                        set.insert(old!)
                        let address = ObjectIdentifier(old!)
                        old = nil
                        return (set, address)
                    },
                    make: { tier.make(2) }),
                noAddressReuseMessage)
            #expect(set._table.storageCount == (tier == .collected ? 2 : 1))
            return (set, member, successor)
        }

        @Test(arguments: CollectionTier.allCases)
        func returningFormsIgnoreADeadMembersAddress(tier: CollectionTier) throws {
            let (set, member, successor) = try setWithSuccessor(tier)
            #expect(collectionSame(set.union([successor]).allObjects, [member, successor]))
            #expect(set.intersection([successor]).isEmpty)
            #expect(collectionSame(set.subtracting([successor]).allObjects, [member]))
            #expect(collectionSame(set.symmetricDifference([successor]).allObjects, [member, successor]))
            #expect(!set.isSuperset(of: [successor]))
            #expect(!set.isSubset(of: [successor]))
            #expect(set.isSubset(of: [member, successor]))
            #expect(set.isStrictSubset(of: [member, successor]))
            #expect(set.isDisjoint(with: [successor]))
            #expect(set != TestSet([member, successor]))
            #expect(set == TestSet([member]))
            #expect(!set.contains(successor))
            withExtendedLifetime((member, successor)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func formUnionWithADeadMembersSuccessorMakesAFreshEntry(tier: CollectionTier) throws {
            let (set, member, successor) = try setWithSuccessor(tier)
            set.formUnion(TestSet([successor]))
            #expect(collectionSame(set.allObjects, [member, successor]))
            #expect(set.count == 2)
            Collector.collect()
            #expect(collectionSame(set.allObjects, [member, successor]))
            #expect(set._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime((member, successor)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func formIntersectionWithADeadMembersSuccessorKeepsNothingOfIt(tier: CollectionTier) throws {
            let (set, member, successor) = try setWithSuccessor(tier)
            set.formIntersection([member, successor])
            #expect(collectionSame(set.allObjects, [member]))
            set.formIntersection([successor])
            #expect(set.isEmpty)
            #expect(!set.contains(successor))
            withExtendedLifetime((member, successor)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func subtractWithADeadMembersSuccessorRemovesNothingLive(tier: CollectionTier) throws {
            let (set, member, successor) = try setWithSuccessor(tier)
            set.subtract([successor])
            #expect(collectionSame(set.allObjects, [member]))
            #expect(set.count == 1)
            withExtendedLifetime((member, successor)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func formSymmetricDifferenceWithADeadMembersSuccessorInsertsIt(tier: CollectionTier) throws {
            let (set, member, successor) = try setWithSuccessor(tier)
            set.formSymmetricDifference([successor])
            #expect(collectionSame(set.allObjects, [member, successor]))
            #expect(set.count == 2)
            Collector.collect()
            #expect(set.contains(successor))
            set.formSymmetricDifference([successor])
            #expect(collectionSame(set.allObjects, [member]))
            withExtendedLifetime((member, successor)) {}
        }
    }
}
