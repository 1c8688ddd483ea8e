import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The storage of the table behind all three collections: dead entries and tombstones stay
    /// bounded, compaction keeps the order, collections purge (DESIGN §5.0, §5.3).
    @Suite struct WeakTableTests {
        /// The three collections, driven through one interface.
        enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case weakSet, weakKeyDictionary, weakValueDictionary
            var testDescription: String { rawValue }

            func make() -> Collection {
                switch self {
                case .weakSet:
                    let set = WeakSet<CollectionTestObject>()
                    return Collection(
                        owner: set,
                        insert: { set.insert($0) },
                        remove: { set.remove($0) },
                        ids: { collectionIDs(set.allObjects) },
                        count: { set.count },
                        table: set._table)
                case .weakKeyDictionary:
                    let dictionary = WeakKeyDictionary<CollectionTestObject, Int>()
                    return Collection(
                        owner: dictionary,
                        insert: { dictionary[$0] = $0.id },
                        remove: { dictionary[$0] = nil },
                        ids: { dictionary.values },
                        count: { dictionary.count },
                        table: dictionary._table)
                case .weakValueDictionary:
                    let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
                    return Collection(
                        owner: dictionary,
                        insert: { dictionary[$0.id] = $0 },
                        remove: { dictionary[$0.id] = nil },
                        ids: { dictionary.keys },
                        count: { dictionary.count },
                        table: dictionary._table)
                }
            }
        }

        /// One collection of any kind.
        struct Collection {
            let owner: AnyObject
            let insert: (CollectionTestObject) -> Void
            let remove: (CollectionTestObject) -> Void
            /// The ids of the live entries, in order, without purging.
            let ids: () -> [Int]
            let count: () -> Int
            let storageCount: () -> Int
            let deadEntryCount: () -> Int
            let purge: () -> Int

            init<Key, Payload>(
                owner: AnyObject, insert: @escaping (CollectionTestObject) -> Void,
                remove: @escaping (CollectionTestObject) -> Void, ids: @escaping () -> [Int],
                count: @escaping () -> Int, table: _WeakTable<Key, CollectionTestObject, Payload>
            ) {
                self.owner = owner
                self.insert = insert
                self.remove = remove
                self.ids = ids
                self.count = count
                storageCount = { table.storageCount }
                deadEntryCount = { table.collectionTestDeadEntryCount }
                purge = { table.purgeDeadEntries() }
            }
        }

        // MARK: Insert-and-die cycles (§5.3)

        @Test(arguments: Kind.allCases, [0, 100, 1_000])
        func collectedInsertAndDieCyclesKeepStorageBounded(kind: Kind, live: Int) {
            // No collect(), no count: only the amortized purge of insertions bounds the storage.
            let collection = kind.make()
            let keep = CollectionTier.collected.makeMany(live)
            for object in keep { collection.insert(object) }
            var worst = 0
            for id in 0..<10_000 {
                var object: CollectionTestObject? = CollectionTier.collected.make(100_000 + id)
                collection.insert(object!)
                let storage = collection.storageCount()
                worst = max(worst, storage)
                if storage > 2 * (live + 1) + 64 {
                    Issue.record("cycle \(id): storage \(storage) for \(live + 1) live entries")
                    break
                }
                withExtendedLifetime(object) {}
                object = nil
            }
            #expect(worst <= 2 * (live + 1) + 64)
            #expect(collection.ids() == collectionIDs(keep))
            Collector.collect()
            #expect(collection.deadEntryCount() == 0)
            #expect(collection.storageCount() == live)
            #expect(collection.count() == live)
            withExtendedLifetime(keep) {}
        }

        @Test(arguments: Kind.allCases)
        func promptInsertAndDieCyclesReturnStorageToTheLiveCount(kind: Kind) {
            let collection = kind.make()
            let keep = CollectionTier.prompt.makeMany(50)
            for object in keep { collection.insert(object) }
            for id in 0..<10_000 {
                var object: CollectionTestObject? = CollectionTier.prompt.make(100_000 + id)
                collection.insert(object!)
                withExtendedLifetime(object) {}
                object = nil
                let storage = collection.storageCount()
                if storage != keep.count {
                    Issue.record("cycle \(id): storage \(storage), \(keep.count) live")
                    break
                }
            }
            #expect(collection.storageCount() == keep.count)
            #expect(collection.count() == keep.count)
            withExtendedLifetime(keep) {}
        }

        @Test(arguments: Kind.allCases, CollectionTier.allCases)
        func deathsAmongLiveEntriesKeepStorageBounded(kind: Kind, tier: CollectionTier) {
            // Live entries interleaved with entries that die, so that tombstones sit between live
            // entries rather than at the end; then insert-and-die cycles.
            let collection = kind.make()
            var keep: [CollectionTestObject] = []
            var worst = 0
            var reported = false
            func check(_ step: String) {
                let storage = collection.storageCount()
                worst = max(worst, storage)
                if storage > 2 * (keep.count + 1) + 64, !reported {
                    reported = true
                    Issue.record("\(step): storage \(storage) for \(keep.count + 1) live entries")
                }
            }
            for id in 0..<500 {
                let object = tier.make(id)
                keep.append(object)
                collection.insert(object)
                var transient: CollectionTestObject? = tier.make(10_000 + id)
                collection.insert(transient!)
                check("interleaving \(id)")
                withExtendedLifetime(transient) {}
                transient = nil
            }
            for id in 0..<5_000 {
                var transient: CollectionTestObject? = tier.make(20_000 + id)
                collection.insert(transient!)
                check("cycle \(id)")
                withExtendedLifetime(transient) {}
                transient = nil
            }
            #expect(worst <= 2 * (keep.count + 1) + 64)
            #expect(collection.ids() == collectionIDs(keep))
            withExtendedLifetime(keep) {}
        }

        @Test(arguments: Kind.allCases, CollectionTier.allCases)
        func removalsCompactTheStorageAndKeepTheOrder(kind: Kind, tier: CollectionTier) {
            let collection = kind.make()
            let objects = tier.makeMany(1_000)
            for object in objects { collection.insert(object) }
            var live = objects.count
            for object in objects where object.id % 3 != 0 {
                collection.remove(object)
                live -= 1
                let storage = collection.storageCount()
                if storage > 2 * live + 16 {
                    Issue.record("storage \(storage) for \(live) live entries")
                    break
                }
            }
            #expect(collection.ids() == objects.map(\.id).filter { $0 % 3 == 0 })
            #expect(collection.count() == live)
            // Inserting again appends, after the compacted entries.
            collection.insert(objects[1])
            #expect(collection.ids().last == 1)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: Kind.allCases, CollectionTier.allCases)
        func deathsInTheMiddleKeepTheOrder(kind: Kind, tier: CollectionTier) {
            let collection = kind.make()
            var objects: [CollectionTestObject?] = tier.makeMany(300)
            for case let object? in objects { collection.insert(object) }
            for index in objects.indices where index % 4 != 1 { objects[index] = nil }
            tier.settle()
            #expect(collection.deadEntryCount() == 0)
            #expect(collection.storageCount() <= 2 * 75 + 16)
            #expect(collection.ids() == objects.compactMap { $0?.id })
            #expect(collection.count() == 75)
            withExtendedLifetime(objects) {}
        }

        // MARK: Purging (§5.3)

        @Test func collectPurgesEveryLiveCollection() {
            let collections = Kind.allCases.flatMap { kind in (0..<3).map { _ in kind.make() } }
            var objects: [CollectionTestObject?] = CollectionTier.collected.makeMany(10)
            for collection in collections {
                for case let object? in objects { collection.insert(object) }
            }
            for index in [0, 2, 4, 6, 8, 9] { objects[index] = nil }
            for collection in collections {
                #expect(collection.deadEntryCount() == 6)
                #expect(collection.ids() == [1, 3, 5, 7])
            }
            Collector.collect()
            for collection in collections {
                #expect(collection.deadEntryCount() == 0)
                #expect(collection.storageCount() < 10)
                #expect(collection.ids() == [1, 3, 5, 7])
            }
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: Kind.allCases)
        func purgeDeadEntriesReportsWhatItRemoved(kind: Kind) {
            let collection = kind.make()
            var objects: [CollectionTestObject?] = CollectionTier.collected.makeMany(5)
            for case let object? in objects { collection.insert(object) }
            objects[1] = nil
            objects[4] = nil
            #expect(collection.purge() == 2)
            #expect(collection.purge() == 0)
            #expect(collection.deadEntryCount() == 0)
            #expect(collection.storageCount() == 3)
            #expect(collection.ids() == [0, 2, 3])
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: Kind.allCases)
        func countPurgesCollectedEntries(kind: Kind) {
            let collection = kind.make()
            var objects: [CollectionTestObject?] = CollectionTier.collected.makeMany(4)
            for case let object? in objects { collection.insert(object) }
            objects[2] = nil
            objects[3] = nil
            #expect(collection.deadEntryCount() == 2)
            #expect(collection.count() == 2)
            #expect(collection.deadEntryCount() == 0)
            #expect(collection.storageCount() == 2)
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: Kind.allCases, CollectionTier.allCases)
        func aDroppedCollectionIsNotKeptByTheCollector(kind: Kind, tier: CollectionTier) {
            let objects = tier.makeMany(3)
            var collection: Collection? = kind.make()
            for object in objects { collection!.insert(object) }
            let reference = CollectionWeakBox(collection!.owner)
            collection = nil
            #expect(reference.object == nil)
            Collector.collect()
            withExtendedLifetime(objects) {}
        }

        // MARK: Direct table checks

        /// A prompt-tier object in one collection has one observer, held inline in its storage (no
        /// record); a second collection moves both into a record; the object's death empties both. The
        /// first collection's `Value` type is not `DeinitObservable`, so it registers an observer per
        /// entry. (A registration of a table whose type is observable is not an observer while inline:
        /// ``InlineRegistrantTests``.)
        @Test func aPromptEntryIsItsObjectsInlineObserverUntilASecondArrives() throws {
            var object: Employee? = Employee.make("only")
            let first = WeakValueDictionary<Int, AnyObject>()
            first[1] = object!
            #expect(_Referents.observers(of: object!).count == 1)
            #expect(_Referents.existingRecord(for: object!) == nil)
            let second = WeakSet<Employee>()
            second.insert(object!)
            let record = try #require(_Referents.existingRecord(for: object!))
            #expect(record.observerCount == 2)
            object = nil
            #expect(first.isEmpty)
            #expect(second.isEmpty)
            #expect(first._table.storageCount == 0)
            #expect(second._table.storageCount == 0)
        }

        /// A removed entry's inline registration stays with its living object until the next
        /// registration, owning nothing: the removed value is released at once, and the next entry finds
        /// the registration in place (no record). Both the shared registrant of a table of an observable
        /// type and a per-entry observer (of a table whose `Value` type is not) behave so.
        @Test func aRemovedInlineEntryReleasesItsValueAtOnce() {
            let object = Employee.make("key")
            let dictionary = WeakKeyDictionary<Employee, CollectionTestObject>()
            var value: CollectionTestObject? = CollectionTestObject(7)
            let native = NativeWeak(value)
            dictionary[object] = value
            value = nil
            #expect(native.object != nil)
            dictionary[object] = nil
            #expect(native.object == nil)
            #expect(_Referents.observers(of: object).isEmpty)
            dictionary[object] = CollectionTestObject(8)
            #expect(dictionary[object]?.id == 8)
            #expect(_Referents.existingRecord(for: object) == nil)

            let byKey = WeakValueDictionary<Int, AnyObject>()
            byKey[1] = object
            #expect(_Referents.existingRecord(for: object) != nil, "a second registration")
            let other = Employee.make("value")
            byKey[2] = other
            byKey[2] = nil
            #expect(_Referents.observers(of: other).isEmpty)
            byKey[3] = other
            #expect(_Referents.observers(of: other).count == 1)
            #expect(_Referents.existingRecord(for: other) == nil)
            withExtendedLifetime((object, other)) {}
        }

        /// §5.7 for entries with observers of their own (the table's `Key` type is not observable, each
        /// key's dynamic type is): a dead key's value, the next key, is released by the delivery loop,
        /// one link at a time, on a 512 KiB stack.
        @Test func aLongChainOfObservedKeysWhoseValuesOwnTheNextCascadesOnASmallStack() {
            let emptied = chainCascadesOnASmallStack(
                { WeakKeyDictionary<AnyObject, AnyObject>() },
                link: { dictionary, current, next in dictionary[current] = next },
                isRegisteredAsExpected: { dictionary in
                    dictionary._table.withState { state, _ in
                        let registration = state.storage[0].pointee.registration
                        return registration.promptIdentity != nil && registration.inlineIdentity == nil
                    }
                },
                isEmptied: { $0._table.storageCount == 0 })
            #expect(emptied)
        }

        @Test func replacingALiveValueReusesItsSlot() {
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            let objects = CollectionTier.prompt.makeMany(100)
            for object in objects { dictionary[0] = object }
            #expect(dictionary._table.storageCount == 1)
            #expect(collectionSame(dictionary[0], objects.last))
            withExtendedLifetime(objects) {}
        }

        @Test(arguments: CollectionTier.allCases)
        func popsAndRemoveAllShrinkTheStorage(tier: CollectionTier) {
            let set = WeakSet<CollectionTestObject>()
            let objects = tier.makeMany(100)
            for object in objects { set.insert(object) }
            for _ in 0..<40 { set.popFirst() }
            for _ in 0..<40 { set.popLast() }
            #expect(set._table.storageCount <= 2 * 20 + 16)
            #expect(collectionIDs(set.allObjects) == Array(40..<60))
            set.removeAll()
            #expect(set._table.storageCount == 0)
            #expect(set.isEmpty)
            withExtendedLifetime(objects) {}
        }

        @Test func aPromptEntryMovedByCompactionStillLeavesAtItsDeath() {
            // Entries are stored inline; a prompt-tier entry's observer finds it by slot, a token that
            // compaction must re-point when it moves the entry.
            let dictionary = WeakValueDictionary<Int, CollectionTestObject>()
            var objects: [CollectionTestObject?] = CollectionTier.prompt.makeMany(100)
            for (key, object) in objects.enumerated() { dictionary[key] = object }
            for key in 0..<90 { dictionary.removeValue(forKey: key) }
            // Tombstones outnumbered the live entries: compaction moved the ten left to the front.
            #expect(dictionary._table.storageCount < 95)
            objects[95] = nil
            #expect(dictionary.count == 9)
            #expect(dictionary[95] == nil)
            #expect(Set(dictionary.keys) == Set(90..<100).subtracting([95]))
            withExtendedLifetime(objects) {}
        }

        @Test func aPromptDeathReleasesTheEntrysKeyAndPayloadOutsideTheLock() {
            // A dead prompt-tier entry's payload is released after the table's lock, by the death's
            // delivery loop: its deinit may use the very dictionary.
            let dictionary = WeakKeyDictionary<CollectionTestObject, CollectionTestObject>()
            let seen = Locked<Int?>(nil)
            var key: CollectionTestObject? = CollectionTier.prompt.make(0)
            dictionary[key!] = CollectionTier.collected.make(1) { _ in seen.withLock { $0 = dictionary.count }
            }
            key = nil
            #expect(seen.withLock { $0 } == 0)
            #expect(dictionary._table.storageCount == 0)
        }
    }
}
