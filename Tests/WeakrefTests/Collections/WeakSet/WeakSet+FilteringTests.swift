import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakSet`'s Swift idioms beyond Python's API (DESIGN §4): `filter` into a `WeakSet`,
    /// `removeAll(where:)`, `update(with:)` and `reserveCapacity`. Predicates may call back into the set.
    @Suite struct WeakSetFilteringTests {
        typealias TestSet = WeakSet<CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func filterMakesANewWeakSetInOrder(tier: CollectionTier) {
            var members: [CollectionTestObject?] = tier.makeMany(4)
            let set = TestSet(members.map { $0! })
            let even: WeakSet = set.filter { member in
                set.contains(member) && member.id.isMultiple(of: 2)  // re-entrant
            }
            #expect(collectionIDs(even) == [0, 2])
            #expect(set.count == 4)
            members[2] = nil
            tier.settle()
            #expect(collectionIDs(even) == [0])
            withExtendedLifetime(members) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removeAllWhereRemovesTheChosenLiveMembers(tier: CollectionTier) {
            let members = tier.makeMany(4)
            let set = TestSet(members.prefix(3))
            set.removeAll { member in
                set.insert(members[3])  // inserted after the snapshot: kept
                return member.id != 1
            }
            #expect(collectionIDs(set) == [1, 3])
            withExtendedLifetime(members) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func updateWithReportsAnExistingMember(tier: CollectionTier) {
            let members = tier.makeMany(2)
            let set = TestSet([members[0]])
            #expect(collectionSame(set.update(with: members[0]), members[0]))
            #expect(set.update(with: members[1]) == nil)
            #expect(collectionIDs(set) == [0, 1])
            withExtendedLifetime(members) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func reserveCapacityKeepsMembersAndOrder(tier: CollectionTier) {
            let members = tier.makeMany(30)
            let set = TestSet(members.prefix(3))
            set.remove(members[0])
            set.reserveCapacity(64)
            for member in members.dropFirst(3) { set.insert(member) }
            #expect(collectionIDs(set) == Array(1..<30))
            withExtendedLifetime(members) {}
        }
    }
}
