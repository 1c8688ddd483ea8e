import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakValueDictionary` re-entrancy and threads: values whose `deinit` uses the dictionary that
    /// releases them, value-death callbacks that mutate it, the replace race, and two threads at once
    /// (DESIGN §5.2–§5.5; catalog B163, B164, B169, B180; hazards H1–H3, H5, H10, H11).
    @Suite struct WeakValueDictionaryConcurrencyTests {
        typealias OwningDictionary = WeakValueDictionary<CollectionOwningKey, CollectionTestObject>

        // MARK: A value's deinit mutating the dictionary that releases it (H3)

        /// The ways the dictionary can release the last reference to a value: through the entry's key,
        /// which owns the value.
        enum Release: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case removeValue, subscriptNil, overwrite, updateValue, removeAll, popFirst, popLast
            var testDescription: String { rawValue }
        }

        @Test(arguments: CollectionTier.allCases, Release.allCases)
        func aValuesDeinitMayMutateTheDictionaryReleasingIt(tier: CollectionTier, release: Release) {
            let dictionary = OwningDictionary()
            let box = CollectionWeakBox(dictionary)
            let log = CollectionEventLog()
            let bystander = tier.make(2)
            let keeper = tier.make(20)
            let replacement = tier.make(10)
            dictionary[CollectionOwningKey(2)] = bystander
            var value: CollectionTestObject? = tier.make(1) { _ in
                guard let dictionary = box.object else { return log.record("no dictionary") }
                log.record("deinit saw \(dictionary.count)")
                dictionary.removeValue(forKey: CollectionOwningKey(2))
                dictionary[CollectionOwningKey(20)] = keeper
                log.record("deinit done")
            }
            dictionary[CollectionOwningKey(1, owning: value)] = value
            // Only the key stored in the dictionary owns the value now.
            value = nil
            #expect(dictionary.count == 2)
            #expect(log.all.isEmpty)
            switch release {
            case .removeValue: _ = dictionary.removeValue(forKey: CollectionOwningKey(1))
            case .subscriptNil: dictionary[CollectionOwningKey(1)] = nil
            case .overwrite: dictionary[CollectionOwningKey(1)] = replacement
            case .updateValue: _ = dictionary.updateValue(replacement, forKey: CollectionOwningKey(1))
            case .removeAll: dictionary.removeAll()
            case .popFirst:
                dictionary[CollectionOwningKey(2)] = nil
                dictionary[CollectionOwningKey(2)] = bystander
                _ = dictionary.popFirst()
            case .popLast: _ = dictionary.popLast()
            }
            tier.settle()
            let countSeen =
                switch release {
                case .removeAll: 0
                case .overwrite, .updateValue: 2
                default: 1
                }
            #expect(log.all == ["deinit saw \(countSeen)", "deinit done"])
            let expectedKeys = release == .overwrite || release == .updateValue ? [1, 20] : [20]
            #expect(dictionary.keys.map(\.id) == expectedKeys)
            #expect(dictionary.count == expectedKeys.count)
            #expect(collectionSame(dictionary[CollectionOwningKey(20)], keeper))
            withExtendedLifetime((bystander, keeper, replacement)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValuesDeinitSeesItsDroppedDictionaryAsGone(tier: CollectionTier) {
            let log = CollectionEventLog()
            var dictionary: OwningDictionary? = OwningDictionary()
            let box = CollectionWeakBox(dictionary)
            let other = WeakValueDictionary<Int, CollectionTestObject>()
            let keeper = tier.make(99)
            for id in 0..<3 {
                let value = tier.make(id) { dying in
                    log.record(box.object == nil ? "gone" : "alive")
                    other[dying.id] = keeper
                }
                dictionary![CollectionOwningKey(id, owning: value)] = value
            }
            #expect(dictionary!.count == 3)
            dictionary = nil
            tier.settle()
            #expect(box.object == nil)
            #expect(log.all == ["gone", "gone", "gone"])
            #expect(other.keys.sorted() == [0, 1, 2])
            withExtendedLifetime(keeper) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValueReplacingItselfInItsDeinitLeavesTheReplacement(tier: CollectionTier) {
            let dictionary = WeakValueDictionary<String, CollectionTestObject>()
            let replacement = tier.make(2)
            let reads = Locked<[Bool]>([])
            let counts = Locked<[Int]>([])
            var value: CollectionTestObject? = tier.make(1) { _ in
                counts.withLock {
                    $0 = [dictionary.count, dictionary.values.count, dictionary.isEmpty ? 1 : 0]
                }
                // The dying value is already invisible under its key.
                reads.withLock { $0.append(dictionary["k"] == nil) }
                dictionary["k"] = replacement
            }
            dictionary["first"] = replacement
            dictionary["k"] = value
            withExtendedLifetime(value) {}
            value = nil
            tier.settle()
            #expect(reads.current == [true])
            // §5.1: nor counted, although a prompt-tier value's entry leaves only when its
            // `DeinitObservers` fires, after the deinit body.
            #expect(counts.current == [1, 1, 0])
            #expect(collectionSame(dictionary["k"], replacement))
            #expect(dictionary.keys == ["first", "k"])
            #expect(dictionary.count == 2)
            #expect(dictionary._table.collectionTestDeadEntryCount == 0)
            withExtendedLifetime(replacement) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aKeyReplacedByAnEqualKeyIsReleasedOutsideTheLock(tier: CollectionTier) {
            // Storing under an equal key that is a different value (here: one that owns nothing) must
            // not leave the old key in the index, where its later removal would release what it owns
            // under the dictionary's lock: a deinit using the dictionary would deadlock there.
            let dictionary = OwningDictionary()
            let log = CollectionEventLog()
            let first = tier.make(1)
            var second: CollectionTestObject? = tier.make(2)
            var owned: CollectionTestValue? = CollectionTestValue(7) {
                log.record("owned released, dictionary holds \(dictionary.count)")
            }
            let ownedReference = CollectionWeakBox(owned)
            dictionary[CollectionOwningKey(1, owning: owned)] = first
            owned = nil
            #expect(ownedReference.object != nil)
            dictionary[CollectionOwningKey(1)] = second
            #expect(ownedReference.object == nil)
            #expect(log.all == ["owned released, dictionary holds 1"])
            #expect(collectionSame(dictionary[CollectionOwningKey(1)], second))
            withExtendedLifetime(second) {}
            // The replacement's death removes the entry (and its key) without running anything under
            // the lock.
            second = nil
            tier.settle()
            #expect(dictionary.isEmpty)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(first) {}
        }

        // MARK: Death callbacks on a value mutating the dictionary (H1, H2, H5)

        @Test(arguments: CollectionTier.allCases)
        func aValuesWeakReferenceCallbackMayMutateTheDictionary(tier: CollectionTier) {
            let dictionary = WeakValueDictionary<String, CollectionTestObject>()
            let bystander = tier.make(2)
            let replacement = tier.make(3)
            var value: CollectionTestObject? = tier.make(1)
            dictionary["k"] = value
            dictionary["b"] = bystander
            let counts = Locked<[Int]>([])
            let reference = WeakReference(value!) { _ in
                counts.withLock { $0.append(dictionary.count) }
                dictionary.removeValue(forKey: "b")
                // Re-store under the dead value's key: the new entry must survive the old one's purge.
                dictionary["k"] = replacement
                counts.withLock { $0.append(dictionary.count) }
            }
            value = nil
            tier.settle()
            #expect(counts.current == [1, 1])
            #expect(collectionSame(dictionary["k"], replacement))
            Collector.collect()
            #expect(dictionary.keys == ["k"])
            #expect(collectionSame(dictionary["k"], replacement))
            withExtendedLifetime((reference, bystander, replacement)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValuesFinalizerMayMutateTheDictionary(tier: CollectionTier) {
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            let keep = tier.makeMany(3, from: 10)
            var value: CollectionTestObject? = tier.make(1)
            dictionary[1] = value
            dictionary[10] = keep[0]
            _ = Finalizer(value!) {
                dictionary.removeAll()
                for object in keep { dictionary[object.id] = object }
                _ = dictionary.popLast()
            }
            value = nil
            tier.settle()
            #expect(dictionary.keys == [10, 11])
            withExtendedLifetime(keep) {}
        }

        // MARK: count stays exact (B174, B175)

        @Test(arguments: CollectionTier.allCases)
        func countStaysExactThroughDeathsMixedWithRemovals(tier: CollectionTier) {
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            var values: [CollectionTestObject?] = tier.makeMany(10)
            for case let value? in values { dictionary[value.id] = value }
            var counts = [dictionary.count]
            values[9] = nil
            counts.append(dictionary.count)
            values[8] = nil
            dictionary.removeValue(forKey: 0)
            counts.append(dictionary.count)
            values[7] = nil
            dictionary[0] = values[0]
            counts.append(dictionary.count)
            values[6] = nil
            _ = dictionary.popLast()
            counts.append(dictionary.count)
            values[5] = nil
            dictionary[1] = nil
            counts.append(dictionary.count)
            values[4] = nil
            _ = dictionary.popFirst()
            counts.append(dictionary.count)
            values[3] = nil
            dictionary.removeAll()
            counts.append(dictionary.count)
            #expect(counts == [10, 9, 7, 7, 5, 3, 1, 0])
            withExtendedLifetime(values) {}
        }

        // MARK: Threads (B163, B169, B180, H5, H10, H11)

        @Test(arguments: CollectionTier.allCases)
        func replacingAValueWhileAnotherThreadReadsKeepsOneEntry(tier: CollectionTier) {
            // test_threaded_weak_valued_consistency: one thread keeps replacing d["k"] with a fresh
            // value it holds (the old one dies, here or on the reader); the count is always 1.
            let rounds = 20_000
            let dictionary = WeakValueDictionary<String, CollectionTestObject>()
            let first = tier.make(0)
            dictionary["k"] = first
            let failures = Locked<[String]>([])
            let writerDone = Locked(false)
            let readerDone = Locked(false)
            collectionRunConcurrently(threads: 2) { thread in
                if thread == 0 {
                    var held = first
                    for id in 1...rounds {
                        let next = tier.make(id)
                        dictionary["k"] = next
                        held = next
                        if id % 4_000 == 0 { Collector.collect() }
                    }
                    // Keep the last value alive until the reader has stopped.
                    writerDone.withLock { $0 = true }
                    while !readerDone.current { sched_yield() }
                    withExtendedLifetime(held) {}
                } else {
                    var reads = 0
                    while !writerDone.current {
                        reads += 1
                        let count = dictionary.count
                        let value = dictionary["k"]
                        let contains = dictionary.contains(key: "k")
                        if count != 1 || value == nil || !contains {
                            failures.withLock {
                                $0.append(
                                    "count \(count), value \(String(describing: value)), contains \(contains)"
                                )
                            }
                        }
                        if reads % 100 == 0 {
                            for (key, _) in dictionary where key != "k" {
                                failures.withLock { $0.append("key \(key)") }
                            }
                        }
                    }
                    readerDone.withLock { $0 = true }
                }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            tier.settle()
            #expect(dictionary.count == 0 || dictionary["k"]?.id == rounds)
            #expect(dictionary._table.storageCount <= 1)
        }

        @Test(arguments: CollectionTier.allCases)
        func setDefaultWhileAnotherThreadRemovesAndCollects(tier: CollectionTier) {
            // test_threaded_weak_valued_setdefault and _pop: the result is always a live value, either
            // the default just passed or a value stored before.
            let rounds = 20_000
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            let failures = Locked<[String]>([])
            collectionRunConcurrently(threads: 2) { thread in
                var previous: CollectionTestObject?
                for round in 0..<rounds {
                    let id = thread * 1_000_000 + round
                    let fresh = tier.make(id)
                    let result = dictionary.value(forKey: 10, insertingIfAbsent: fresh)
                    // Not the default: a value stored before, by this thread (older) or the other.
                    if result !== fresh && result.id / 1_000_000 == thread && result.id >= id {
                        failures.withLock { $0.append("thread \(thread) got \(result.id) at \(id)") }
                    }
                    // Keep one value alive per thread at a time, so that values die all the time.
                    previous = round % 3 == 0 ? result : nil
                    if round % 5 == thread {
                        let removed = dictionary.removeValue(forKey: 10)
                        _ = removed?.id
                    }
                    if thread == 1 && round % 2_500 == 0 { Collector.collect() }
                }
                _ = previous
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            tier.settle()
            #expect(dictionary.count == 0)
            #expect(dictionary._table.storageCount <= 1)
        }

        @Test(arguments: CollectionTier.allCases)
        func twoThreadsHammeringOneDictionary(tier: CollectionTier) {
            let rounds = 20_000
            let slotCount = 48
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            let sharedValues = tier.makeMany(16, from: 900_000)
            let sharedKeys = 500_000..<500_024
            let failures = Locked<[String]>([])
            let survivors = Locked<[(Int, CollectionTestObject)]>([])
            collectionRunConcurrently(threads: 2) { thread in
                var random = CollectionRandom(seed: UInt64(thread + 11))
                let keyBase = (thread + 1) * 1_000
                var nextID = (thread + 1) * 1_000_000
                // slots[i]: the value we hold for key keyBase + i; stored[i]: whether it is stored.
                var slots: [CollectionTestObject?] = Array(repeating: nil, count: slotCount)
                var stored = Array(repeating: false, count: slotCount)
                // The id of a stored value we dropped (its entry may linger while a snapshot of the
                // other thread holds it).
                var orphans: [Int?] = Array(repeating: nil, count: slotCount)
                func fail(_ message: String) {
                    failures.withLock { $0.append("thread \(thread): \(message)") }
                }
                for round in 0..<rounds {
                    let slot = random.next(slotCount)
                    let key = keyBase + slot
                    switch random.next(10) {
                    case 0, 1:
                        nextID += 1
                        let value = tier.make(nextID)
                        let previous = dictionary.updateValue(value, forKey: key)
                        if stored[slot], previous !== slots[slot] {
                            fail("updateValue returned another value")
                        }
                        if !stored[slot], let previous, previous.id != orphans[slot] {
                            fail("updateValue returned \(previous.id)")
                        }
                        slots[slot] = value
                        stored[slot] = true
                        orphans[slot] = nil
                    case 2:
                        let removed = dictionary.removeValue(forKey: key)
                        if stored[slot], removed !== slots[slot] {
                            fail("removeValue returned another value")
                        }
                        if !stored[slot], let removed, removed.id != orphans[slot] {
                            fail("removeValue returned \(removed.id)")
                        }
                        stored[slot] = false
                        orphans[slot] = nil
                    case 3:
                        let value = dictionary[key]
                        if stored[slot] {
                            if value !== slots[slot] { fail("lookup mismatch") }
                        } else if let value, value.id != orphans[slot] {
                            fail("lookup found \(value.id)")
                        }
                    case 4:
                        // Drop our value: it dies (here, or on the other thread), and its entry with it.
                        if stored[slot], let value = slots[slot] { orphans[slot] = value.id }
                        slots[slot] = nil
                        stored[slot] = false
                    case 5:
                        let sharedKey = sharedKeys.lowerBound + random.next(sharedKeys.count)
                        if random.next(3) == 0 {
                            dictionary[sharedKey] = nil
                        } else {
                            dictionary[sharedKey] = sharedValues[random.next(sharedValues.count)]
                        }
                    case 6:
                        // A value that dies at once.
                        dictionary[-1 - thread] = tier.make(-1)
                    case 7:
                        guard round % 16 == 0 else { continue }
                        for (key, value) in dictionary where key / 1_000 == thread + 1 && key < 100_000 {
                            let index = key - keyBase
                            if stored[index], value !== slots[index] { fail("iteration saw a stale value") }
                        }
                        let held = stored.filter { $0 }.count
                        if dictionary.count < held { fail("count below \(held)") }
                    case 8:
                        _ = dictionary.value(
                            forKey: sharedKeys.lowerBound, insertingIfAbsent: sharedValues[0])
                    default:
                        guard round % 2_000 == 0 else { continue }
                        if thread == 0 { Collector.collect() } else { _ = dictionary.valueReferences() }
                    }
                }
                let kept = slots.indices.compactMap { stored[$0] ? (keyBase + $0, slots[$0]!) : nil }
                survivors.withLock { $0.append(contentsOf: kept) }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            for key in sharedKeys { dictionary[key] = nil }
            tier.settle()

            let expected = survivors.current
            #expect(dictionary.count == expected.count)
            #expect(Swift.Set(dictionary.keys) == Swift.Set(expected.map(\.0)))
            for (key, value) in expected where dictionary[key] !== value {
                Issue.record("key \(key) does not hold its survivor")
            }
            withExtendedLifetime((expected, sharedValues)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func countNeverIncreasesWhileAnotherThreadDropsValues(tier: CollectionTier) {
            let total = 2_000
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            let values = Locked<[CollectionTestObject?]>(tier.makeMany(total))
            for case let value? in values.current { dictionary[value.id] = value }
            let failures = Locked<[String]>([])
            collectionRunConcurrently(threads: 2) { thread in
                if thread == 0 {
                    var random = CollectionRandom(seed: 3)
                    var order = Array(0..<total)
                    for index in order.indices.reversed() { order.swapAt(index, random.next(index + 1)) }
                    for index in order {
                        let dropped = values.withLock { slots -> CollectionTestObject? in
                            defer { slots[index] = nil }
                            return slots[index]
                        }
                        _ = dropped
                    }
                } else {
                    var previous = total
                    while previous > 0 {
                        let keys = dictionary.keys
                        let count = dictionary.count
                        if count > previous || keys.count > total {
                            failures.withLock { $0.append("count \(count) after \(previous)") }
                        }
                        previous = count
                        if tier == .collected { Collector.collect() }
                    }
                }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            #expect(dictionary.isEmpty)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }
    }
}
