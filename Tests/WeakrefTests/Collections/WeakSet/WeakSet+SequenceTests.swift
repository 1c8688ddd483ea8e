import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakSet` as a `Sequence`, literal, description and `Equatable` (DESIGN §5.0, §5.2; catalog
    /// B172–B182, B205, B207, B208).
    @Suite struct WeakSetSequenceTests {
        typealias TestSet = WeakSet<CollectionTestObject>

        // MARK: Iteration (B128, B181)

        @Test(arguments: CollectionTier.allCases)
        func iterationFollowsInsertionOrder(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let set = TestSet()
            for index in [3, 0, 4, 1, 2] { set.insert(objects[index]) }
            var visited: [Int] = []
            for member in set { visited.append(member.id) }
            #expect(visited == [3, 0, 4, 1, 2])
            #expect(collectionIDs(set.allObjects) == [3, 0, 4, 1, 2])
            #expect(collectionIDs(set.map { $0 }) == [3, 0, 4, 1, 2])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aCopiedIteratorContinuesIndependently(tier: CollectionTier) {
            // The iterator moves members out of its snapshot while it owns it alone; once copied,
            // each copy must still see every remaining member.
            let objects = tier.makeMany(4)
            let set = TestSet(objects)
            var first = set.makeIterator()
            #expect(first.next()?.id == 0)
            var second = first
            #expect(collectionIDs([first.next()!, first.next()!]) == [1, 2])
            #expect(collectionIDs([second.next()!, second.next()!, second.next()!]) == [1, 2, 3])
            #expect(second.next() == nil)
            #expect(first.next()?.id == 3)
            #expect(first.next() == nil)
            var abandoned: TestSet.Iterator? = set.makeIterator()
            _ = abandoned?.next()
            abandoned = nil  // the snapshot's remaining members are released with it
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func iterationSkipsDeadMembers(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject?] = tier.makeMany(5)
            for case let object? in objects { set.insert(object) }
            objects[0] = nil
            objects[2] = nil
            var iterator = set.makeIterator()
            var visited: [Int] = []
            while let member = iterator.next() { visited.append(member.id) }
            #expect(visited == [1, 3, 4])
            #expect(iterator.next() == nil)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func theLoopBodyMayInsertAndRemove(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let newcomers = tier.makeMany(4, from: 10)
            let set = TestSet(objects)
            var visited: [Int] = []
            for member in set {
                visited.append(member.id)
                // Removing a member not visited yet does not stop the snapshot from yielding it.
                if member.id == 0 { set.remove(objects[2]) }
                // Entries inserted during the loop are not visited.
                set.insert(newcomers[member.id])
                // Removing the current member is fine too.
                if member.id == 1 { set.remove(member) }
            }
            #expect(visited == [0, 1, 2, 3])
            #expect(collectionIDs(set.allObjects) == [0, 3, 10, 11, 12, 13])
            withExtendedLifetime((objects, newcomers)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func membersDroppedDuringTheLoopAreStillYieldedThenGone(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject?] = tier.makeMany(5)
            for case let object? in objects { set.insert(object) }
            var visited: [Int] = []
            var countsInside: [Int] = []
            for member in set {
                visited.append(member.id)
                if member.id == 1 {
                    // Drop our references to a visited member and to two not yet visited: the
                    // iterator holds those it has not returned (B182), so they are alive and yielded;
                    // the visited one dies at once.
                    objects[0] = nil
                    objects[3] = nil
                    objects[4] = nil
                }
                countsInside.append(set.count)
            }
            #expect(visited == [0, 1, 2, 3, 4])
            // A returned member lives as long as the loop's variable, which may end at its last use.
            #expect(countsInside[0...2] == [5, 4, 4])
            #expect([3, 4].contains(countsInside[3]) && [2, 3].contains(countsInside[4]))
            // The snapshot is gone: the three dropped members died.
            #expect(set.count == 2)
            #expect(collectionIDs(set.allObjects) == [1, 2])
            tier.settle()
            #expect(set._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func objectsThatDieDuringTheLoopAreNotCounted(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let set = TestSet(objects)
            var countsInside: [Int] = []
            for member in set {
                // A member inserted and dropped inside the loop is not in the snapshot: it dies at once.
                var transient: CollectionTestObject? = tier.make(100 + member.id)
                set.insert(transient!)
                #expect(set.count == 4)
                transient = nil
                countsInside.append(set.count)
            }
            #expect(countsInside == [3, 3, 3])
            #expect(collectionIDs(set.allObjects) == [0, 1, 2])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func anIteratorKeepsItsSnapshotAlive(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject]? = tier.makeMany(3)
            for object in objects! { set.insert(object) }
            var iterator: TestSet.Iterator? = set.makeIterator()
            objects = nil
            withExtendedLifetime(iterator) {
                // B179/B182: the iterator holds its members; the count reflects that.
                #expect(set.count == 3)
            }
            #expect(iterator?.next()?.id == 0)
            iterator = nil
            #expect(set.count == 0)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func nestedIterationVisitsEveryPair(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let set = TestSet(objects)
            var pairs: [[Int]] = []
            for outer in set {
                for inner in set { pairs.append([outer.id, inner.id]) }
                // Mutating between inner loops changes what the next inner loop sees.
                if outer.id == 1 { set.remove(objects[3]) }
            }
            let expected =
                (0..<2).flatMap { outer in (0..<4).map { [outer, $0] } }
                + (2..<4).flatMap { outer in (0..<3).map { [outer, $0] } }
            #expect(pairs == expected)
            withExtendedLifetime(objects) {}
        }

        // MARK: Literal, description, Equatable (B205, B207)

        @Test(arguments: CollectionTier.allCases)
        func anArrayLiteralBuildsASet(tier: CollectionTier) {
            let first = tier.make(1)
            let second = tier.make(2)
            let set: TestSet = [first, second, first]
            #expect(collectionSame(set.allObjects, [first, second]))
            let empty: TestSet = []
            #expect(empty.isEmpty)
            withExtendedLifetime((first, second)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func theDescriptionListsTheLiveMembers(tier: CollectionTier) {
            let set = TestSet()
            #expect(set.description == "WeakSet([])")
            #expect(set.debugDescription == "WeakSet([])")
            var objects: [CollectionTestObject?] = tier.makeMany(3)
            for case let object? in objects { set.insert(object) }
            #expect(set.description == "WeakSet([Item(0), Item(1), Item(2)])")
            #expect(String(describing: set) == "WeakSet([Item(0), Item(1), Item(2)])")
            objects[1] = nil
            #expect(set.description == "WeakSet([Item(0), Item(2)])")
            #expect(set.debugDescription == set.description)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func setsAreEqualWhenTheyHaveTheSameLiveMembers(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let twins = objects.map { tier.make($0.id) }
            #expect(TestSet() == TestSet())
            #expect(!(TestSet() != TestSet()))
            #expect(TestSet(objects) == TestSet(objects.reversed()))
            #expect(TestSet(objects) != TestSet())
            #expect(TestSet(objects) != TestSet(objects.dropLast()))
            #expect(TestSet(objects.dropLast()) != TestSet(objects))
            // Identity, not equality: equal but distinct members make different sets.
            #expect(TestSet(objects) != TestSet(twins))
            let set = TestSet(objects)
            #expect(set == set)
            withExtendedLifetime((objects, twins)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func equalityIgnoresDeadMembers(tier: CollectionTier) {
            var objects: [CollectionTestObject?] = tier.makeMany(3)
            let left = TestSet(objects.compactMap { $0 })
            let right = TestSet(objects[0...1].compactMap { $0 })
            #expect(left != right)
            objects[2] = nil
            #expect(left == right)
            objects[0] = nil
            #expect(left == right)
            objects[1] = nil
            #expect(left == TestSet())
            withExtendedLifetime(objects) {}
        }
    }
}
