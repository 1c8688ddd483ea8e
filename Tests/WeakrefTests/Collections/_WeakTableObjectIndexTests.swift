import Foundation
import Testing

@testable import Weakref

/// A key that owns an object, so that releasing the key can be seen (and can release a chain).
private struct OwningKey<Owned: AnyObject>: Hashable, @unchecked Sendable {
    let id: Int
    let owned: Owned

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The slots filed in a table's object index.
private func indexedCount<Key, Object, Payload>(_ table: _WeakTable<Key, Object, Payload>) -> Int {
    table.withState { state, _ in state.objectIndex.count }
}

extension WeakrefSuite {
    /// A weak-valued dictionary of a `DeinitObservable` type registers inline, like the tables keyed by
    /// their objects, and files those entries by object (``_WeakTableState/objectIndex``): one
    /// registration per object however many keys hold it, every entry of a dead object gone at its
    /// death, the registration cancelled by the object's last entry only.
    @Suite struct WeakTableObjectIndexTests {
        @Test func theDeathRemovesEveryEntryOfItsObject() {
            var object: Employee? = Employee.make()
            let other = Employee.make("other")
            let dictionary = WeakValueDictionary<Int, Employee>()
            for key in 1...3 { dictionary[key] = object! }
            dictionary[4] = other
            #expect(entriesAreRegisteredInline(dictionary._table))
            #expect(indexedCount(dictionary._table) == 4)
            #expect(existingRecord(of: object!) == nil, "one registration for the three keys")
            #expect(weakReferences(to: object!).isEmpty)
            object = nil
            #expect(dictionary.count == 1)
            #expect(dictionary[4] === other)
            #expect(indexedCount(dictionary._table) == 1)
        }

        @Test func anObjectHasOneRegistrationUntilItsLastKeyLeaves() throws {
            var object: Employee? = Employee.make()
            // The proxy's registration comes first: the dictionary's joins it in a record.
            let proxy = WeakProxy(object!)
            let dictionary = WeakValueDictionary<Int, Employee>()
            dictionary[1] = object!
            dictionary[2] = object!
            let record = try #require(existingRecord(of: object!))
            #expect(record.observerCount == 2)
            dictionary[1] = nil
            #expect(record.observerCount == 2, "key 2 still holds it")
            dictionary[2] = nil
            #expect(record.observerCount == 1)
            dictionary[3] = object!
            #expect(record.observerCount == 2)
            object = nil
            #expect(dictionary.isEmpty)
            #expect(dictionary._table.storageCount == 0)
            withExtendedLifetime(proxy) {}
        }

        @Test func everyWayOutOfTheTableCancelsWithTheLastKey() throws {
            let objects = (0..<5).map { Employee.make("\($0)") }
            let proxies = objects.map { WeakProxy($0) }
            let dictionary = WeakValueDictionary<Int, Employee>()
            // Keys 0...4 then 10...14: each object under two keys, first and second half.
            for (index, object) in objects.enumerated() { dictionary[index] = object }
            for (index, object) in objects.enumerated() { dictionary[10 + index] = object }
            let records = try objects.map { try #require(existingRecord(of: $0)) }
            #expect(records.allSatisfy { $0.observerCount == 2 })
            _ = dictionary.popFirst()  // key 0
            _ = dictionary.popLast()  // key 14
            dictionary.removeValue(forKey: 1)
            dictionary.removeAll { $0.key == 2 }
            dictionary[3] = objects[4]  // object 3 loses key 3; object 4 gains it
            #expect(records.map(\.observerCount) == [2, 2, 2, 2, 2])
            dictionary.removeValue(forKey: 10)
            dictionary.removeValue(forKey: 11)
            dictionary.removeAll { $0.key == 12 }
            dictionary.removeValue(forKey: 13)
            #expect(records.map(\.observerCount) == [1, 1, 1, 1, 2])
            dictionary.removeAll()
            #expect(records.allSatisfy { $0.observerCount == 1 })
            #expect(indexedCount(dictionary._table) == 0)
            withExtendedLifetime((objects, proxies)) {}
        }

        @Test func anOverwrittenValuesDeathLeavesItsSuccessorAlone() {
            var first: Employee? = Employee.make("first")
            var second: Employee? = Employee.make("second")
            let dictionary = WeakValueDictionary<Int, Employee>()
            dictionary[1] = first!
            dictionary[1] = second!
            first = nil
            #expect(dictionary[1] === second)
            second = nil
            #expect(dictionary.isEmpty)
            #expect(dictionary._table.storageCount == 0)
        }

        @Test func entriesMovedByCompactionStillLeaveAtTheirDeaths() {
            let dictionary = WeakValueDictionary<Int, Employee>()
            let kept = (0..<60).map { Employee.make("kept \($0)") }
            var dying: [Employee]? = (0..<10).map { Employee.make("dying \($0)") }
            for (index, object) in kept.enumerated() { dictionary[index] = object }
            for (index, object) in dying!.enumerated() {
                dictionary[100 + index] = object
                dictionary[200 + index] = object
            }
            // Removing the first 50 of 80 compacts the storage and renumbers every later slot.
            for key in 0..<50 { dictionary[key] = nil }
            #expect(dictionary._table.storageCount < 50, "compacted")
            dying = nil
            #expect(dictionary.count == 10)
            #expect(indexedCount(dictionary._table) == 10)
            withExtendedLifetime(kept) {}
        }

        @Test func aDeathReleasesTheKeysOfEveryEntry() {
            var object: Employee? = Employee.make()
            var owned: [CollectionTestObject]? = (0..<3).map { CollectionTestObject($0) }
            let natives = owned!.map { NativeWeak($0) }
            let dictionary = WeakValueDictionary<OwningKey<CollectionTestObject>, Employee>()
            for (id, key) in owned!.enumerated() { dictionary[OwningKey(id: id, owned: key)] = object! }
            owned = nil
            #expect(natives.allSatisfy { $0.object != nil }, "the keys hold them")
            object = nil
            #expect(natives.allSatisfy { $0.object == nil })
            #expect(dictionary._table.storageCount == 0)
        }

        @Test func deathSubscribersHearOfEveryKey() async {
            let dictionary = WeakValueDictionary<String, Employee>()
            let deaths = dictionary.keysOfDeallocatedValues()
            var object: Employee? = Employee.make()
            dictionary["a"] = object!
            dictionary["b"] = object!
            object = nil
            var iterator = deaths.makeAsyncIterator()
            var heard: Set<String> = []
            for _ in 0..<2 { if let key = await iterator.next() { heard.insert(key) } }
            #expect(heard == ["a", "b"])
        }

        @Test func aLongChainOfValuesWhoseKeysOwnTheNextCascadesOnASmallStack() {
            // §5.7: each dead value's entry releases its key, which owns the next value.
            let emptied = chainCascadesOnASmallStack(
                { WeakValueDictionary<OwningKey<ChainLink>, ChainLink>() },
                link: { dictionary, current, next in
                    let id = Int(bitPattern: UInt(bitPattern: ObjectIdentifier(next)))
                    dictionary[OwningKey(id: id, owned: next)] = current
                },
                isRegisteredAsExpected: { entriesAreRegisteredInline($0._table) },
                isEmptied: { $0._table.storageCount == 0 })
            #expect(emptied)
        }

        @Test func removalsRacingDeathsLeaveNothingBehind() {
            // The object dies on this thread while another removes its keys one by one: every order of
            // the two leaves an empty table, with the registration cancelled at most once.
            let dictionary = WeakValueDictionary<Int, Employee>()
            for _ in 0..<2_000 {
                var object: Employee? = Employee.make()
                for key in 0..<3 { dictionary[key] = object! }
                let remover = Thread { for key in 0..<3 { dictionary[key] = nil } }
                remover.start()
                object = nil
                while !remover.isFinished { sched_yield() }
            }
            #expect(dictionary._table.storageCount == 0)
            #expect(indexedCount(dictionary._table) == 0)
        }
    }
}
