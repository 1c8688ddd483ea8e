import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The slot index (of the weak tables and the registry shards), against a dictionary model, with hashes chosen to collide,
    /// to cluster at the end of the buckets and wrap around, and to share tags.
    @Suite struct SlotIndexTests {
        /// An index over keys stored in `keys[slot]` (nil: a tombstone), with the hash function given.
        struct Harness {
            var index = _SlotIndex()
            var keys: [Int?] = []
            var model: [Int: Int] = [:]
            let hash: (Int) -> Int

            func slot(for key: Int) -> Int? {
                index.slot(forHash: hash(key)) { keys[$0] == key }
            }

            /// Inserts `key` at a new slot at the end, through the one-probe reservation, unless present.
            mutating func insert(_ key: Int) {
                let next = keys.count
                let stored = keys
                let existing = index.slotOrInsert(next, forHash: hash(key)) { stored[$0] == key }
                #expect(existing == model[key])
                if existing == nil {
                    keys.append(key)
                    model[key] = next
                }
            }

            mutating func remove(_ key: Int) {
                guard let slot = model.removeValue(forKey: key) else { return }
                index.remove(slot, forHash: hash(key))
                keys[slot] = nil
            }

            /// Moves every stored key to the front, keeping the order, as a table's compaction does.
            mutating func compact() {
                var write = 0
                for read in keys.indices {
                    guard let key = keys[read] else { continue }
                    if read != write {
                        index.move(read, to: write, forHash: hash(key))
                        keys[write] = key
                        model[key] = write
                    }
                    write += 1
                }
                keys.removeLast(keys.count - write)
            }

            func check(absent: some Sequence<Int>, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(index.count == model.count, sourceLocation: sourceLocation)
                #expect(index.count * 4 <= index.bucketCount * 3, sourceLocation: sourceLocation)
                for (key, slot) in model {
                    #expect(self.slot(for: key) == slot, "key \(key)", sourceLocation: sourceLocation)
                }
                for key in absent where model[key] == nil {
                    #expect(self.slot(for: key) == nil, "key \(key)", sourceLocation: sourceLocation)
                }
                var mapped = 0
                index.forEach { slot, tag in
                    mapped += 1
                    #expect(
                        keys[slot].map { _SlotIndex.tag(of: hash($0)) } == tag,
                        sourceLocation: sourceLocation)
                }
                #expect(mapped == model.count, sourceLocation: sourceLocation)
            }
        }

        /// Hashes that make long runs: a few home buckets, several near the end of every bucket count,
        /// and many keys per tag (the high bits differ only beyond the tag).
        static let collidingHashes: [(String, @Sendable (Int) -> Int)] = [
            ("four homes", { key in key % 4 }),
            ("the last buckets", { key in -1 - key % 3 }),
            ("one tag, other high bits", { key in (key << 32) | 5 }),
            ("the key", { key in key }),
        ]

        @Test(arguments: 0..<collidingHashes.count)
        func randomOperationsAgreeWithTheModel(hashing choice: Int) {
            let hash = Self.collidingHashes[choice].1
            var harness = Harness(hash: hash)
            var random = SplitMix64(seed: UInt64(choice) + 1)
            let keySpace = 0..<200
            for step in 0..<6_000 {
                let key = Int(random.next() % UInt64(keySpace.count))
                switch random.next() % 8 {
                case 0..<4: harness.insert(key)
                case 4..<7: harness.remove(key)
                default:
                    if harness.keys.count > 2 * harness.model.count { harness.compact() }
                }
                if step % 97 == 0 { harness.check(absent: keySpace) }
            }
            harness.check(absent: keySpace)
            harness.index.deallocate()
        }

        @Test func growingKeepsEveryMappingAndRemovingAllEmpties() {
            var harness = Harness(hash: { $0 &* 0x9E37_79B9 })
            for key in 0..<1_000 { harness.insert(key) }
            harness.check(absent: 1_000..<1_100)
            #expect(harness.index.bucketCount == 2_048)

            harness.index.removeAll(retainingBucketsUpTo: 4_096)
            #expect(harness.index.count == 0)
            #expect(harness.index.bucketCount == 2_048)
            #expect(harness.slot(for: 5) == nil)

            harness.index.removeAll(retainingBucketsUpTo: 128)
            #expect(harness.index.bucketCount == 0)
            #expect(harness.slot(for: 5) == nil)
        }

        @Test func reservedCapacityTakesInsertionsWithoutGrowing() {
            var harness = Harness(hash: { $0 })
            harness.index.reserveCapacity(100)
            let buckets = harness.index.bucketCount
            #expect(buckets == 256)
            for key in 0..<100 { harness.insert(key) }
            #expect(harness.index.bucketCount == buckets)
            harness.insert(100)
            harness.insert(101)
            harness.check(absent: 0..<300)
            harness.index.deallocate()
        }

        @Test func theReservationIsWithdrawnByRemovingItsSlot() {
            var harness = Harness(hash: { _ in 3 })
            for key in 0..<5 { harness.insert(key) }
            // A key absent from the table is reserved the next slot, then withdrawn (a refused store).
            let keys = harness.keys
            let reserved = harness.index.slotOrInsert(5, forHash: 3) { keys[$0] == 99 }
            #expect(reserved == nil)
            #expect(harness.index.count == 6)
            harness.index.remove(5, forHash: 3)
            harness.check(absent: [99])
            harness.index.deallocate()
        }
    }
}

/// A small seeded generator, so that a failing sequence repeats.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed &>> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed &>> 31)
    }
}
