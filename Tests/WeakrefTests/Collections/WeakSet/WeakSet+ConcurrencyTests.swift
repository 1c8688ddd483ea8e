import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakSet` re-entrancy and threads: members whose death mutates the set, callbacks, cascades,
    /// and two threads at once (DESIGN §5.2–§5.5; catalog B180, B210; hazards H1–H3, H10, H11).
    @Suite struct WeakSetConcurrencyTests {
        typealias TestSet = WeakSet<CollectionTestObject>

        @Test(arguments: CollectionTier.allCases)
        func aMembersDeinitMayMutateTheSet(tier: CollectionTier) {
            let set = TestSet()
            let box = CollectionWeakBox(set)
            let bystander = tier.make(2)
            let newcomer = tier.make(3)
            let seen = Locked<(count: Int, members: [Int], contains: Bool, isEmpty: Bool)?>(nil)
            var member: CollectionTestObject? = tier.make(1) { dying in
                guard let set = box.object else { return }
                seen.withLock {
                    $0 = (set.count, collectionIDs(set.allObjects), set.contains(dying), set.isEmpty)
                }
                set.remove(bystander)
                set.insert(newcomer)
            }
            set.insert(member!)
            set.insert(bystander)
            withExtendedLifetime(member) {}
            member = nil
            tier.settle()
            // The dying member is never found or yielded, even by its own deinit.
            #expect(seen.current?.contains == false)
            #expect(seen.current?.members == [2])
            // §5.1: nor counted, although a prompt-tier member's entry leaves only when its
            // `DeinitObservers` fires, after the deinit body.
            #expect(seen.current?.count == 1)
            #expect(seen.current?.isEmpty == false)
            #expect(collectionSame(set.allObjects, [newcomer]))
            #expect(set.count == 1)
            withExtendedLifetime((bystander, newcomer)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aMembersCallbacksMayMutateTheSet(tier: CollectionTier) {
            let set = TestSet()
            let keep = tier.makeMany(3, from: 10)
            var member: CollectionTestObject? = tier.make(1)
            set.insert(member!)
            set.insert(keep[0])
            let reference = WeakReference(member!) { _ in
                set.remove(keep[0])
                set.insert(keep[1])
            }
            _ = Finalizer(member!) {
                set.insert(keep[2])
                _ = set.popFirst()
            }
            member = nil
            tier.settle()
            // Newest first: the finalizer (registered last) ran before the reference's callback.
            #expect(collectionIDs(set.allObjects) == [12, 11])
            withExtendedLifetime((reference, keep)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func removingAMemberThatOwnsOthersCascades(tier: CollectionTier) {
            let set = TestSet()
            var owned: [CollectionTestObject]? = tier.makeMany(3, from: 10)
            var owner: CollectionTestObject? = tier.make(1, owning: owned! as AnyObject)
            for object in owned! { set.insert(object) }
            set.insert(owner!)
            owned = nil
            #expect(set.count == 4)
            set.remove(owner!)
            withExtendedLifetime(owner) {}
            owner = nil
            #expect(set.count == 0)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func membersReferencingTheirSetsDoNotCrash(tier: CollectionTier) {
            // B210: items that hold the set and their own one-member sets.
            final class Node: @unchecked Sendable {
                let object: CollectionTestObject
                let sets: [TestSet]
                init(_ object: CollectionTestObject, _ sets: [TestSet]) {
                    self.object = object
                    self.sets = sets
                }
            }
            let set = TestSet()
            var nodes: [Node] = []
            for id in 0..<100 {
                let object = tier.make(id)
                let own = TestSet([object])
                set.insert(object)
                nodes.append(Node(object, [set, own]))
            }
            #expect(set.count == 100)
            nodes.removeAll()
            #expect(set.count == 0)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }

        @Test(arguments: CollectionTier.allCases)
        func twoThreadsHammeringOneSet(tier: CollectionTier) {
            let rounds = 20_000
            let slotCount = 48
            let set = TestSet()
            let shared = tier.makeMany(16, from: 900_000)
            let failures = Locked<[String]>([])
            let survivors = Locked<[CollectionTestObject]>([])
            collectionRunConcurrently(threads: 2) { thread in
                var random = CollectionRandom(seed: UInt64(thread + 21))
                var nextID = (thread + 1) * 1_000_000
                var slots: [CollectionTestObject?] = Array(repeating: nil, count: slotCount)
                var member = Array(repeating: false, count: slotCount)
                func fail(_ message: String) {
                    failures.withLock { $0.append("thread \(thread): \(message)") }
                }
                for round in 0..<rounds {
                    let slot = random.next(slotCount)
                    switch random.next(10) {
                    case 0, 1:
                        // A new member replaces the slot's object, which dies here or on the other thread.
                        nextID += 1
                        let object = tier.make(nextID)
                        if !set.insert(object).inserted { fail("a new object was already a member") }
                        slots[slot] = object
                        member[slot] = true
                    case 2:
                        guard let object = slots[slot] else { continue }
                        if (set.remove(object) != nil) != member[slot] { fail("remove mismatch") }
                        member[slot] = false
                    case 3:
                        guard let object = slots[slot] else { continue }
                        if set.contains(object) != member[slot] { fail("contains mismatch") }
                        if set.insert(object).inserted == member[slot] { fail("insert mismatch") }
                        member[slot] = true
                    case 4:
                        slots[slot] = nil
                        member[slot] = false
                    case 5:
                        let object = shared[random.next(shared.count)]
                        if random.next(2) == 0 { set.insert(object) } else { set.remove(object) }
                    case 6:
                        set.insert(tier.make(-1))
                    case 7:
                        guard round % 16 == 0 else { continue }
                        for object in set where object.id / 1_000_000 == thread + 1 {
                            if let index = slots.firstIndex(where: { $0 === object }), !member[index] {
                                fail("iteration saw a removed member")
                            }
                        }
                        let held = member.filter { $0 }.count
                        if set.count < held { fail("count below \(held)") }
                    case 8:
                        guard round % 64 == 0 else { continue }
                        let mine = slots.indices.compactMap { member[$0] ? slots[$0] : nil }
                        if !set.copy().isSuperset(of: mine) { fail("a copy lacks a member") }
                        if !set.isSuperset(of: mine) || !TestSet(mine).isSubset(of: set) {
                            fail("subset mismatch")
                        }
                        if set.union(mine).count < mine.count { fail("union too small") }
                        _ = set.intersection(shared).count
                        _ = set.description.count
                    default:
                        guard round % 2_000 == 0 else { continue }
                        if thread == 0 { Collector.collect() } else { _ = set.isEmpty }
                    }
                }
                let kept = slots.indices.compactMap { member[$0] ? slots[$0] : nil }
                survivors.withLock { $0.append(contentsOf: kept) }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            for object in shared { set.remove(object) }
            tier.settle()
            // Exactly the members the threads still hold.
            let expected = survivors.current
            #expect(set.count == expected.count)
            #expect(
                Swift.Set(set.allObjects.map(ObjectIdentifier.init))
                    == Swift.Set(expected.map(ObjectIdentifier.init)))
            #expect(set == TestSet(expected))
            withExtendedLifetime(expected) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func countNeverIncreasesWhileAnotherThreadDropsMembers(tier: CollectionTier) {
            // B180: with deaths happening on another thread, 0 <= count <= N and it never grows.
            let total = 2_000
            let set = TestSet()
            let objects = Locked<[CollectionTestObject?]>(tier.makeMany(total))
            for case let object? in objects.current { set.insert(object) }
            let failures = Locked<[String]>([])
            collectionRunConcurrently(threads: 2) { thread in
                if thread == 0 {
                    var random = CollectionRandom(seed: 5)
                    var order = Array(0..<total)
                    for index in order.indices.reversed() { order.swapAt(index, random.next(index + 1)) }
                    for index in order {
                        let dropped = objects.withLock { slots -> CollectionTestObject? in
                            defer { slots[index] = nil }
                            return slots[index]
                        }
                        _ = dropped
                    }
                } else {
                    var previous = total
                    while previous > 0 {
                        var seen = 0
                        for _ in set { seen += 1 }
                        let count = set.count
                        if count > previous || seen > total {
                            failures.withLock { $0.append("count \(count) after \(previous), seen \(seen)") }
                        }
                        previous = count
                        if tier == .collected { Collector.collect() }
                    }
                }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            #expect(set.isEmpty)
            tier.settle()
            #expect(set._table.storageCount == 0)
        }
    }
}
