import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakSet`: the core API, both tiers, identity semantics (DESIGN §3, §4, §5; catalog B183–B195,
    /// B205–B212).
    @Suite struct WeakSetTests {
        typealias TestSet = WeakSet<CollectionTestObject>

        // MARK: Construction (B183, B185)

        @Test func anEmptySetHasNoMembers() {
            let set = TestSet()
            let probe = PromptCollectionTestObject(1)
            #expect(set.count == 0)
            #expect(set.isEmpty)
            #expect(set.allObjects.isEmpty)
            #expect(!set.contains(probe))
            #expect(set.popFirst() == nil)
            #expect(set.popLast() == nil)
            #expect(set.remove(probe) == nil)
            #expect(set._table.storageCount == 0)
        }

        /// `contains` takes its argument over and releases it before looking: a member whose last
        /// strong reference was the argument is deallocated first, and not found.
        @Test(arguments: CollectionTier.allCases)
        func containsLetsItsArgumentGoBeforeLooking(tier: CollectionTier) {
            let set = TestSet()
            var member: CollectionTestObject? = tier.make(1)
            let reference = NativeWeak(member)
            set.insert(member!)
            #expect(set.contains(member!), "alive while the caller holds it")
            // The argument is the only strong reference left (taken out of `member`).
            let found = set.contains(member.take()!)
            #expect(!found)
            #expect(reference.object == nil)
            #expect(set.isEmpty)
        }

        @Test(arguments: CollectionTier.allCases)
        func initFromASequenceKeepsFirstOccurrencesInOrder(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let set = TestSet([objects[2], objects[0], objects[2], objects[1], objects[0]])
            #expect(set.count == 3)
            #expect(collectionSame(set.allObjects, [objects[2], objects[0], objects[1]]))
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func initFromAnotherSetMakesADistinctEqualSet(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let original = TestSet(objects)
            let copy = TestSet(original)
            #expect(copy !== original)
            #expect(copy == original)
            #expect(collectionSame(copy.allObjects, objects))
            withExtendedLifetime(objects) {}
        }

        // MARK: insert (B189, B190)

        @Test(arguments: CollectionTier.allCases)
        func insertReportsWhetherTheObjectWasNew(tier: CollectionTier) {
            let set = TestSet()
            let object = tier.make(1)
            let first = set.insert(object)
            #expect(first.inserted)
            #expect(collectionSame(first.memberAfterInsert, object))
            let second = set.insert(object)
            #expect(!second.inserted)
            #expect(collectionSame(second.memberAfterInsert, object))
            #expect(set.count == 1)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func anEqualButDistinctObjectIsADifferentMember(tier: CollectionTier) {
            let set = TestSet()
            var original: CollectionTestObject? = tier.make(7)
            let twin = tier.make(7)
            #expect(original! == twin)
            set.insert(original!)
            #expect(!set.contains(twin))
            #expect(set.remove(twin) == nil)
            #expect(set.contains(original!))
            let insertion = set.insert(twin)
            #expect(insertion.inserted)
            #expect(collectionSame(insertion.memberAfterInsert, twin))
            #expect(set.count == 2)

            // B190 mapped to identity: the twin's membership does not depend on the original.
            original = nil
            #expect(set.count == 1)
            #expect(set.contains(twin))
            #expect(collectionSame(set.allObjects, [twin]))
            tier.settle()
            #expect(set.contains(twin))
            withExtendedLifetime(twin) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingATemporaryLeavesTheCountUnchanged(tier: CollectionTier) {
            let member = tier.make(1)
            let set = TestSet([member])
            set.insert(tier.make(2))
            #expect(set.count == 1)
            #expect(collectionSame(set.allObjects, [member]))
            tier.settle()
            #expect(set._table.storageCount == 1)
            withExtendedLifetime(member) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func anObjectInsertingItselfInItsDeinitIsNotStored(tier: CollectionTier) {
            let set = TestSet()
            let box = CollectionWeakBox(set)
            let outcome = Locked<(inserted: Bool, contained: Bool)?>(nil)
            var object: CollectionTestObject? = tier.make(1) { dying in
                guard let set = box.object else { return }
                let inserted = set.insert(dying).inserted
                let contained = set.contains(dying)
                outcome.withLock { $0 = (inserted, contained) }
            }
            #expect(object != nil)
            object = nil
            #expect(outcome.current?.inserted == false)
            #expect(outcome.current?.contained == false)
            #expect(set.count == 0)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }

        // MARK: remove and contains (B188, B191, B192)

        @Test(arguments: CollectionTier.allCases)
        func removeReturnsTheMemberOnlyOnce(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let stranger = tier.make(9)
            let set = TestSet(objects)
            #expect(collectionSame(set.remove(objects[1]), objects[1]))
            #expect(set.remove(objects[1]) == nil)
            #expect(set.remove(stranger) == nil)
            #expect(!set.contains(objects[1]))
            #expect(set.contains(objects[0]))
            #expect(set.contains(objects[2]))
            #expect(set.count == 2)
            #expect(collectionSame(set.allObjects, [objects[0], objects[2]]))
            withExtendedLifetime((objects, stranger)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aRemovedMemberReinsertedGoesToTheEnd(tier: CollectionTier) {
            let objects = tier.makeMany(3)
            let set = TestSet(objects)
            set.remove(objects[0])
            set.insert(objects[0])
            #expect(collectionIDs(set.allObjects) == [1, 2, 0])
            // Inserting a member again keeps its position.
            set.insert(objects[1])
            #expect(collectionIDs(set.allObjects) == [1, 2, 0])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aNewEqualObjectIsNotAMemberAfterTheOriginalDied(tier: CollectionTier) {
            let set = TestSet()
            var original: CollectionTestObject? = tier.make(5)
            set.insert(original!)
            original = nil
            let successor = tier.make(5)
            #expect(!set.contains(successor))
            #expect(set.remove(successor) == nil)
            #expect(set.count == 0)
            withExtendedLifetime(successor) {}
        }

        // MARK: Deaths (B187, §5.1, §5.3)

        @Test(arguments: CollectionTier.allCases)
        func aMemberLeavesWhenItDies(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject?] = tier.makeMany(5)
            for case let object? in objects { set.insert(object) }
            objects[4] = nil
            objects[3] = nil

            // Invisible at once, in both tiers, before anything was purged.
            // (`Array(set)` would read `underestimatedCount`, which purges; iterate by hand.)
            #expect(collectionIDs(set.allObjects) == [0, 1, 2])
            var iterated: [Int] = []
            for member in set { iterated.append(member.id) }
            #expect(iterated == [0, 1, 2])
            #expect(set.description == "WeakSet([Item(0), Item(1), Item(2)])")
            switch tier {
            case .prompt:
                #expect(set._table.storageCount == 3)
            case .collected:
                #expect(set._table.collectionTestDeadEntryCount == 2)
                #expect(set._table.storageCount == 5)
                Collector.collect()
                #expect(set._table.collectionTestDeadEntryCount == 0)
                #expect(set._table.storageCount == 3)
            }
            #expect(set.count == 3)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func countIsExactRightAfterDeaths(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject?] = tier.makeMany(10)
            for case let object? in objects { set.insert(object) }
            for index in [0, 3, 4, 9] { objects[index] = nil }
            // Collected tier: exact before any collection.
            #expect(set.count == 6)
            #expect(!set.isEmpty)
            #expect(set.underestimatedCount <= 6)
            withExtendedLifetime(objects) {}
            for index in objects.indices { objects[index] = nil }
            #expect(set.count == 0)
            #expect(set.isEmpty)
            tier.settle()
            #expect(set.count == 0)
            #expect(set._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func deadMembersAreNeverReturned(tier: CollectionTier) {
            let set = TestSet()
            var dead: CollectionTestObject? = tier.make(0)
            let alive = tier.make(1)
            set.insert(dead!)
            set.insert(alive)
            #expect(set.contains(dead!))
            dead = nil
            #expect(set.popFirst()?.id == 1)
            #expect(set.popFirst() == nil)
            #expect(set.popLast() == nil)
            withExtendedLifetime(alive) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aMemberReleasedByItsLastHolderLeavesAtOnce(tier: CollectionTier) {
            let set = TestSet()
            var object: CollectionTestObject? = tier.make(1)
            set.insert(object!)
            #expect(set.count == 1)
            object = nil
            #expect(set.count == 0)
            #expect(set.allObjects.isEmpty)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }

        // MARK: removeAll, pops (B193, B194)

        @Test(arguments: CollectionTier.allCases)
        func removeAllEmptiesTheSetAndKeepsTheObjectsAlive(tier: CollectionTier) {
            let objects = tier.makeMany(4)
            let set = TestSet(objects)
            set.removeAll()
            #expect(set.isEmpty)
            #expect(set == TestSet())
            #expect(set._table.storageCount == 0)
            #expect(objects.allSatisfy { !set.contains($0) })
            set.insert(objects[2])
            #expect(collectionIDs(set.allObjects) == [2])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popFirstTakesTheOldestAndPopLastTheNewest(tier: CollectionTier) {
            let objects = tier.makeMany(5)
            let set = TestSet(objects)
            #expect(collectionSame(set.popFirst(), objects[0]))
            #expect(collectionSame(set.popLast(), objects[4]))
            #expect(set.count == 3)
            #expect(collectionSame(set.popFirst(), objects[1]))
            #expect(collectionSame(set.popLast(), objects[3]))
            #expect(collectionSame(set.popLast(), objects[2]))
            #expect(set.popFirst() == nil)
            #expect(set.popLast() == nil)
            #expect(set._table.storageCount == 0)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popsSkipDeadMembers(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject?] = tier.makeMany(6)
            for case let object? in objects { set.insert(object) }
            for index in [0, 1, 4, 5] { objects[index] = nil }
            #expect(set.popFirst()?.id == 2)
            #expect(set.popLast()?.id == 3)
            #expect(set.popFirst() == nil)
            #expect(set.popLast() == nil)
            #expect(set.count == 0)
            #expect(set._table.storageCount == 0)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popsOfAnAllDeadSetReturnNil(tier: CollectionTier) {
            let set = TestSet()
            var objects: [CollectionTestObject]? = tier.makeMany(3)
            for object in objects! { set.insert(object) }
            objects = nil
            #expect(set.popLast() == nil)
            #expect(set.popFirst() == nil)
            #expect(set._table.storageCount == 0)
        }

        // MARK: copy (B195, B209)

        @Test(arguments: CollectionTier.allCases)
        func copyIsAnIndependentSetWithTheSameLiveMembers(tier: CollectionTier) {
            var objects: [CollectionTestObject?] = tier.makeMany(4)
            let set = TestSet(objects.compactMap { $0 })
            objects[3] = nil
            let copy = set.copy()
            #expect(copy !== set)
            #expect(copy == set)
            #expect(collectionIDs(copy.allObjects) == [0, 1, 2])
            #expect(copy._table.storageCount == 3)

            copy.remove(objects[0]!)
            #expect(set.contains(objects[0]!))
            let extra = tier.make(9)
            set.insert(extra)
            #expect(!copy.contains(extra))

            // Both remain weak.
            objects[1] = nil
            #expect(collectionIDs(set.allObjects) == [0, 2, 9])
            #expect(collectionIDs(copy.allObjects) == [2])
            withExtendedLifetime((objects, extra)) {}
        }

        // MARK: Tiers and element types

        @Test func bothTiersCanShareOneSet() {
            let set = TestSet()
            var prompt: CollectionTestObject? = CollectionTier.prompt.make(1)
            var plain: CollectionTestObject? = CollectionTier.collected.make(2)
            let survivor = CollectionTier.collected.make(3)
            set.insert(prompt!)
            set.insert(plain!)
            set.insert(survivor)
            prompt = nil
            #expect(set._table.storageCount == 3)
            #expect(collectionIDs(set.allObjects) == [2, 3])
            plain = nil
            #expect(collectionIDs(set.allObjects) == [3])
            #expect(set.count == 1)
            Collector.collect()
            #expect(set._table.collectionTestDeadEntryCount == 0)
            #expect(set._table.storageCount <= 3)
            withExtendedLifetime(survivor) {}
        }

        @Test func staticallyPromptElementsLeaveAtOnce() {
            checkStaticElementType(PromptCollectionTestObject.self, tier: .prompt)
        }

        @Test func staticallyPlainElementsAreInvisibleAtOnceAndPurgedByCollect() {
            checkStaticElementType(PlainCollectionTestObject.self, tier: .collected)
        }

        private func checkStaticElementType<T: CollectionTestObject>(_: T.Type, tier: CollectionTier) {
            let set = WeakSet<T>()
            #expect(set._table.objectTypeIsPrompt == (tier == .prompt))
            var objects: [T?] = (0..<4).map { T($0) }
            for case let object? in objects { set.insert(object) }
            #expect(set.contains(objects[1]!))
            objects[3] = nil
            objects[1] = nil
            #expect(collectionIDs(set.allObjects) == [0, 2])
            #expect(set.description == "WeakSet([Item(0), Item(2)])")
            #expect(set._table.collectionTestDeadEntryCount == (tier == .collected ? 2 : 0))
            #expect(set.count == 2)
            if tier == .collected { Collector.collect() }
            #expect(set._table.collectionTestDeadEntryCount == 0)
            // A prompt-tier death leaves a tombstone (too few to compact); a purge compacts.
            #expect(set._table.storageCount == (tier == .collected ? 2 : 3))
            #expect(collectionSame(set.popLast(), objects[2]))
            #expect(collectionSame(set.popFirst(), objects[0]))
            #expect(set.isEmpty)
            withExtendedLifetime(objects) {}
        }

        // MARK: Lifetime of the set itself (B137, B212)

        @Test(arguments: CollectionTier.allCases)
        func aDroppedSetIsFreedAndLaterDeathsAreHarmless(tier: CollectionTier) {
            var members: [CollectionTestObject]? = tier.makeMany(3)
            var set: TestSet? = TestSet(members!)
            let setReference = CollectionWeakBox(set)
            let tableReference = CollectionWeakBox(set!._table)
            set = nil
            #expect(setReference.object == nil)
            #expect(tableReference.object == nil)
            members = nil
            tier.settle()
        }

        @Test(arguments: CollectionTier.allCases)
        func oneObjectCanBelongToManySets(tier: CollectionTier) {
            var object: CollectionTestObject? = tier.make(1)
            let sets = (0..<3).map { _ in TestSet() }
            for set in sets { set.insert(object!) }
            #expect(sets.allSatisfy { $0.contains(object!) })
            sets[1].remove(object!)
            #expect(sets[0].contains(object!) && !sets[1].contains(object!) && sets[2].contains(object!))
            object = nil
            #expect(sets.allSatisfy { $0.isEmpty })
            tier.settle()
            #expect(sets.allSatisfy { $0._table.storageCount == 0 })
        }

        @Test func weakSetIsNeitherHashableNorCodable() {
            let set: Any = TestSet()
            #expect(!(set is any Hashable))
            #expect(!(set is any Encodable))
            #expect(!(set is any Decodable))
        }

        // MARK: Address reuse (DESIGN §3, B155, B178, H4)

        /// A set whose one entry belonged to an object that died, and a new object of the same class at
        /// that object's address. For the collected tier the dead entry is still stored.
        private func setWithSuccessor(
            _ tier: CollectionTier
        ) throws -> (set: TestSet, successor: CollectionTestObject) {
            let (set, successor) = try #require(
                reuseAddress(
                    setUp: {
                        let set = TestSet()
                        var old: CollectionTestObject? = tier.make(1)
                        set.insert(old!)
                        let address = ObjectIdentifier(old!)
                        old = nil
                        return (set, address)
                    },
                    make: { tier.make(2) }),
                noAddressReuseMessage)
            #expect(set._table.storageCount == (tier == .collected ? 1 : 0))
            return (set, successor)
        }

        @Test(arguments: CollectionTier.allCases)
        func aNewObjectAtADeadMembersAddressIsNotAMember(tier: CollectionTier) throws {
            let (set, successor) = try setWithSuccessor(tier)
            #expect(!set.contains(successor))
            #expect(set.allObjects.isEmpty)
            #expect(Array(set).isEmpty)
            #expect(set.popFirst() == nil)
            #expect(set.count == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removingANewObjectAtADeadMembersAddressRemovesNothing(tier: CollectionTier) throws {
            let (set, successor) = try setWithSuccessor(tier)
            #expect(set.remove(successor) == nil)
            #expect(!set.contains(successor))
            #expect(set.count == 0)
            withExtendedLifetime(successor) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func insertingANewObjectAtADeadMembersAddressMakesAFreshEntry(tier: CollectionTier) throws {
            let (set, successor) = try setWithSuccessor(tier)
            let other = tier.make(3)
            set.insert(other)
            let insertion = set.insert(successor)
            #expect(insertion.inserted)
            #expect(collectionSame(insertion.memberAfterInsert, successor))
            #expect(set.contains(successor))
            #expect(set.count == 2)
            // A fresh entry: at the end, not in the dead object's place.
            #expect(collectionIDs(set.allObjects) == [3, 2])
            #expect(!set.insert(successor).inserted)

            Collector.collect()
            #expect(set.contains(successor))
            #expect(set.count == 2)
            #expect(set._table.collectionTestDeadEntryCount == 0)
            #expect(set._table.storageCount <= 3)
            #expect(collectionSame(set.popLast(), successor))
            withExtendedLifetime((successor, other)) {}
        }
    }
}
