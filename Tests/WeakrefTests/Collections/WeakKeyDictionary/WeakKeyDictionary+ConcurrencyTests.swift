import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakKeyDictionary` re-entrancy and threads: values whose `deinit` uses the dictionary that
    /// releases them, key-death callbacks that mutate it, cascades, and two threads at once (DESIGN
    /// §5.2–§5.5, §5.7; catalog B153, B154, B175, B180; hazards H1–H3, H5, H10, H11).
    @Suite struct WeakKeyDictionaryConcurrencyTests {
        typealias ValueDictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestValue>

        // MARK: A value's deinit mutating the dictionary that releases it (H3)

        /// The ways the dictionary can release a value.
        enum Release: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case removeValue, subscriptNil, overwrite, updateValue, removeAll, popFirst, popLast
            case keyDeath
            var testDescription: String { rawValue }
        }

        @Test(arguments: CollectionTier.allCases, Release.allCases)
        func aValuesDeinitMayMutateTheDictionaryReleasingIt(tier: CollectionTier, release: Release) {
            let dictionary = ValueDictionary()
            let box = CollectionWeakBox(dictionary)
            let log = CollectionEventLog()
            let bystander = tier.make(2)
            let newcomer = tier.make(3)
            var key: CollectionTestObject? = tier.make(1)
            dictionary[bystander] = CollectionTestValue(2)
            dictionary[key!] = CollectionTestValue(1) {
                guard let dictionary = box.object else { return log.record("no dictionary") }
                // Read, remove and insert, all on the dictionary being mutated.
                log.record("deinit saw \(dictionary.count)")
                dictionary.removeValue(forKey: bystander)
                dictionary[newcomer] = CollectionTestValue(3)
                log.record("deinit left \(dictionary.keys.map(\.id))")
            }
            withExtendedLifetime(key) {
                switch release {
                case .removeValue: _ = dictionary.removeValue(forKey: key!)
                case .subscriptNil: dictionary[key!] = nil
                case .overwrite: dictionary[key!] = CollectionTestValue(10)
                case .updateValue: _ = dictionary.updateValue(CollectionTestValue(10), forKey: key!)
                case .removeAll: dictionary.removeAll()
                case .popFirst:
                    // Make the victim the oldest entry.
                    dictionary[bystander] = nil
                    dictionary[bystander] = CollectionTestValue(2)
                    _ = dictionary.popFirst()
                case .popLast: _ = dictionary.popLast()
                case .keyDeath: break
                }
            }
            // Overwritten: the victim's key still holds the replacement until it dies here.
            key = nil
            tier.settle()
            #expect(log.all.count == 2)
            let countSeen =
                switch release {
                case .removeAll: 0
                case .overwrite, .updateValue: 2
                default: 1
                }
            #expect(log.all.first == "deinit saw \(countSeen)")
            #expect(!log.all.contains("no dictionary"))
            #expect(dictionary[bystander] == nil)
            #expect(dictionary[newcomer]?.id == 3)
            #expect(dictionary.keys.map(\.id) == [3])
            #expect(dictionary.count == 1)
            withExtendedLifetime((bystander, newcomer)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValuesDeinitSeesItsDroppedDictionaryAsGone(tier: CollectionTier) {
            let keys = tier.makeMany(3)
            let log = CollectionEventLog()
            var dictionary: ValueDictionary? = ValueDictionary()
            let box = CollectionWeakBox(dictionary)
            let other = ValueDictionary()
            for key in keys {
                dictionary![key] = CollectionTestValue(key.id) {
                    log.record(box.object == nil ? "gone" : "alive")
                    // Another dictionary is usable from here.
                    other[key] = CollectionTestValue(100 + key.id)
                }
            }
            dictionary = nil
            #expect(box.object == nil)
            #expect(log.all == ["gone", "gone", "gone"])
            #expect(other.keys.map(\.id).sorted() == [0, 1, 2])
            // The keys die after their dictionary is gone: harmless.
            withExtendedLifetime(keys) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aValueOwningAnotherKeyCascades(tier: CollectionTier) {
            // Removing the first entry releases its value, which releases the last reference to the
            // second key, whose entry leaves (prompt at once, collected invisible) — all re-entrantly.
            let dictionary = ValueDictionary()
            var second: CollectionTestObject? = tier.make(2)
            let first = tier.make(1)
            let secondValueReference = CollectionWeakBox<CollectionTestValue>()
            dictionary[second!] = {
                let value = CollectionTestValue(2)
                secondValueReference.object = value
                return value
            }()
            dictionary[first] = CollectionTestValue(1, owning: second)
            second = nil
            #expect(dictionary.count == 2)
            dictionary.removeValue(forKey: first)
            #expect(dictionary.count == 0)
            #expect(dictionary.keys.isEmpty)
            tier.settle()
            #expect(secondValueReference.object == nil)
            #expect(dictionary._table.storageCount == 0)
        }

        @Test func aLongChainOfPromptKeysCascadesWithoutRecursion() {
            // B154: each key's value is the next key. Dropping the root frees them all, at once.
            let length = 10_000
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestObject>()
            var root: CollectionTestObject? = PromptCollectionTestObject(0)
            var current = root!
            for id in 1..<length {
                let next = PromptCollectionTestObject(id)
                dictionary[current] = next
                current = next
            }
            current = PromptCollectionTestObject(length)
            #expect(dictionary.count == length - 1)
            withExtendedLifetime(root) {}
            root = nil
            #expect(dictionary.count == 0)
            #expect(dictionary._table.storageCount == 0)
        }

        @Test func aLongChainOfPromptKeysCascadesOnASmallStack() {
            // §5.7 / H12: 100,000 links on a 512 KiB stack. Each dead key's entry owns the next key, so
            // the library must release entries inside its delivery loop, never after it returns; a
            // recursive cascade needs several hundred bytes of stack per link and would crash here.
            let length = 100_000
            let emptied = onThread(stackSize: 512 << 10) {
                let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestObject>()
                var root: CollectionTestObject? = PromptCollectionTestObject(0)
                var current = root!
                for id in 1..<length {
                    let next = PromptCollectionTestObject(id)
                    dictionary[current] = next
                    current = next
                }
                current = PromptCollectionTestObject(length)
                withExtendedLifetime(root) {}
                root = nil
                return dictionary.count == 0 && dictionary._table.storageCount == 0
            }
            #expect(emptied)
        }

        @Test func aChainOfPlainKeysEmptiesOverRepeatedCollections() {
            // The collected tier releases a dead key's value when the entry is purged; the next key of
            // the chain dies then and is found by a later purge. No recursion either way.
            let length = 300
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestObject>()
            var root: CollectionTestObject? = PlainCollectionTestObject(0)
            var current = root!
            for id in 1..<length {
                let next = PlainCollectionTestObject(id)
                dictionary[current] = next
                current = next
            }
            current = PlainCollectionTestObject(length)
            root = nil
            var collections = 0
            while dictionary._table.storageCount > 0, collections <= length {
                Collector.collect()
                collections += 1
            }
            #expect(dictionary._table.storageCount == 0)
            #expect(dictionary.isEmpty)
        }

        // MARK: Death callbacks on a key mutating the dictionary (H1, H2)

        @Test(arguments: CollectionTier.allCases)
        func aKeysWeakReferenceCallbackMayMutateTheDictionary(tier: CollectionTier) {
            let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
            let bystander = tier.make(2)
            let newcomer = tier.make(3)
            var key: CollectionTestObject? = tier.make(1)
            dictionary[key!] = 1
            dictionary[bystander] = 2
            let observed = Locked<[Int]>([])
            let reference = WeakReference(key!) { _ in
                observed.withLock { $0.append(dictionary.count) }
                dictionary.removeValue(forKey: bystander)
                dictionary[newcomer] = 3
                dictionary[newcomer, default: 0] += 1
                observed.withLock { $0.append(dictionary.count) }
            }
            key = nil
            tier.settle()
            #expect(observed.current == [1, 1])
            #expect(dictionary.keys.map(\.id) == [3])
            #expect(dictionary[newcomer] == 4)
            withExtendedLifetime((reference, bystander, newcomer)) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aKeysFinalizerMayMutateTheDictionary(tier: CollectionTier) {
            let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
            let keep = tier.makeMany(3, from: 10)
            var key: CollectionTestObject? = tier.make(1)
            dictionary[key!] = 1
            dictionary[keep[0]] = 10
            _ = Finalizer(key!) {
                dictionary.removeAll()
                for object in keep { dictionary[object] = object.id }
                _ = dictionary.popFirst()
            }
            key = nil
            tier.settle()
            #expect(dictionary.keys.map(\.id) == [11, 12])
            withExtendedLifetime(keep) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func aCallbackOfAKeyReleasedByTheDictionaryMayMutateIt(tier: CollectionTier) {
            // The dictionary releases a value (removeValue), the value releases a key of the same
            // dictionary, and that key's callback mutates the dictionary.
            let dictionary = ValueDictionary()
            let newcomer = tier.make(3)
            var inner: CollectionTestObject? = tier.make(2)
            let outer = tier.make(1)
            dictionary[inner!] = CollectionTestValue(2)
            let reference = WeakReference(inner!) { _ in
                dictionary[newcomer] = CollectionTestValue(3)
            }
            dictionary[outer] = CollectionTestValue(1, owning: inner)
            inner = nil
            dictionary.removeValue(forKey: outer)
            tier.settle()
            #expect(dictionary.keys.map(\.id) == [3])
            withExtendedLifetime((reference, newcomer)) {}
        }

        // MARK: count stays exact (B174, B175)

        @Test(arguments: CollectionTier.allCases)
        func countStaysExactThroughDeathsMixedWithRemovals(tier: CollectionTier) {
            let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
            var keys: [CollectionTestObject?] = tier.makeMany(10)
            for case let key? in keys { dictionary[key] = key.id }
            var counts: [Int] = [dictionary.count]
            // One death before each step, none of them purged (collected tier) before the step.
            keys[9] = nil
            counts.append(dictionary.count)
            keys[8] = nil
            dictionary.removeValue(forKey: keys[0]!)
            counts.append(dictionary.count)
            keys[7] = nil
            dictionary[keys[0]!] = 0
            counts.append(dictionary.count)
            keys[6] = nil
            _ = dictionary.popLast()
            counts.append(dictionary.count)
            keys[5] = nil
            dictionary[keys[1]!] = nil
            counts.append(dictionary.count)
            keys[4] = nil
            _ = dictionary.popFirst()
            counts.append(dictionary.count)
            keys[3] = nil
            dictionary.removeAll()
            counts.append(dictionary.count)
            #expect(counts == [10, 9, 7, 7, 5, 3, 1, 0])
            withExtendedLifetime(keys) {}
        }

        // MARK: Threads (B180, H10, H11)

        @Test(arguments: CollectionTier.allCases)
        func twoThreadsHammeringOneDictionary(tier: CollectionTier) {
            let rounds = 20_000
            let slotCount = 48
            let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
            let sharedKeys = tier.makeMany(16, from: 900_000)
            let failures = Locked<[String]>([])
            let survivors = Locked<[CollectionTestObject]>([])
            collectionRunConcurrently(threads: 2) { thread in
                var random = CollectionRandom(seed: UInt64(thread + 1))
                let base = (thread + 1) * 1_000_000
                var nextID = base
                var slots: [CollectionTestObject?] = Array(repeating: nil, count: slotCount)
                var stored: [Int?] = Array(repeating: nil, count: slotCount)
                func fail(_ message: String) {
                    failures.withLock { $0.append("thread \(thread): \(message)") }
                }
                for round in 0..<rounds {
                    let slot = random.next(slotCount)
                    switch random.next(10) {
                    case 0, 1:
                        // A new key replaces the slot's; the old one dies here (or wherever a
                        // snapshot of the other thread drops it).
                        nextID += 1
                        let key = tier.make(nextID)
                        slots[slot] = key
                        dictionary[key] = nextID
                        stored[slot] = nextID
                    case 2:
                        guard let key = slots[slot] else { continue }
                        let value = round
                        let previous = dictionary.updateValue(value, forKey: key)
                        if previous != stored[slot] {
                            fail("updateValue returned \(String(describing: previous))")
                        }
                        stored[slot] = value
                    case 3:
                        guard let key = slots[slot] else { continue }
                        let removed = dictionary.removeValue(forKey: key)
                        if removed != stored[slot] {
                            fail("removeValue returned \(String(describing: removed))")
                        }
                        stored[slot] = nil
                    case 4:
                        guard let key = slots[slot] else { continue }
                        if dictionary[key] != stored[slot] { fail("lookup mismatch") }
                        if dictionary.contains(key: key) != (stored[slot] != nil) {
                            fail("contains mismatch")
                        }
                    case 5:
                        slots[slot] = nil
                        stored[slot] = nil
                    case 6:
                        let key = sharedKeys[random.next(sharedKeys.count)]
                        if random.next(2) == 0 {
                            dictionary[key] = thread
                        } else {
                            dictionary[key] = nil
                        }
                    case 7:
                        // A key that dies at once.
                        dictionary[tier.make(-1)] = -1
                    case 8:
                        guard round % 16 == 0 else { continue }
                        for (key, value) in dictionary where key.id / 1_000_000 == thread + 1 {
                            // Every key of ours that is still held has its exact value.
                            if let index = slots.firstIndex(where: { $0 === key }), stored[index] != value {
                                fail("iteration saw a stale value")
                            }
                        }
                        // Our stored keys are all there (the other thread never removes them); the
                        // other thread's snapshots may keep any number of dropped keys alive.
                        let held = stored.indices.filter { stored[$0] != nil && slots[$0] != nil }.count
                        let count = dictionary.count
                        if count < held || count > 2 * rounds + sharedKeys.count { fail("count \(count)") }
                    default:
                        guard round % 2_000 == 0 else { continue }
                        if thread == 0 { Collector.collect() } else { _ = dictionary.keyReferences() }
                    }
                }
                let kept = slots.indices.compactMap { stored[$0] != nil ? slots[$0] : nil }
                survivors.withLock { $0.append(contentsOf: kept) }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            // The shared keys' fate depends on the interleaving; take them out.
            for key in sharedKeys { dictionary[key] = nil }
            tier.settle()

            // Exactly the keys still held, with their values.
            let expected = survivors.current
            let final = dictionary.keys
            #expect(final.count == expected.count)
            #expect(
                Swift.Set(final.map(ObjectIdentifier.init)) == Swift.Set(expected.map(ObjectIdentifier.init)))
            #expect(dictionary.count == expected.count)
            withExtendedLifetime(expected) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func countNeverIncreasesWhileAnotherThreadDropsKeys(tier: CollectionTier) {
            let total = 2_000
            let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
            let keys = Locked<[CollectionTestObject?]>(tier.makeMany(total))
            for case let key? in keys.current { dictionary[key] = key.id }
            let failures = Locked<[String]>([])
            collectionRunConcurrently(threads: 2) { thread in
                if thread == 0 {
                    var random = CollectionRandom(seed: 7)
                    var order = Array(0..<total)
                    for index in order.indices.reversed() { order.swapAt(index, random.next(index + 1)) }
                    for index in order {
                        let dropped = keys.withLock { slots -> CollectionTestObject? in
                            defer { slots[index] = nil }
                            return slots[index]
                        }
                        _ = dropped
                    }
                } else {
                    var previous = total
                    while previous > 0 {
                        var seen = 0
                        for _ in dictionary { seen += 1 }
                        let count = dictionary.count
                        if count > previous || count < 0 || seen > total {
                            failures.withLock { $0.append("count \(count) after \(previous), seen \(seen)") }
                        }
                        previous = count
                        if tier == .collected { Collector.collect() }
                    }
                }
            }
            #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
            #expect(dictionary.count == 0)
            tier.settle()
            #expect(dictionary._table.storageCount == 0)
        }
    }
}
