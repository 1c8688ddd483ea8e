import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// Weak collections register one shared registrant inline on prompt-tier objects instead of an
    /// observer per entry (``_InlineRegistrant``). The weak-valued dictionary's own part, its object
    /// index, is tested by ``WeakTableObjectIndexTests``.
    @Suite struct InlineRegistrantTests {
        @Test func aWeakSetRegistersInlineAndTheDeathRemovesTheEntry() {
            var object: Employee? = Employee.make()
            let set = WeakSet<Employee>()
            set.insert(object!)
            #expect(entriesAreRegisteredInline(set._table))
            #expect(isInUse(object!))
            #expect(existingRecord(of: object!) == nil)
            // Not an observer: introspection lists weak references only.
            #expect(weakReferences(to: object!).isEmpty)
            object = nil
            #expect(set._table.storageCount == 0)
            #expect(set.isEmpty)
        }

        @Test func tablesOfAnObservableTypeRegisterInline() {
            let object = Employee.make()
            let counts = WeakKeyDictionary<Employee, Int>()
            let names = WeakKeyDictionary<Employee, String>()
            let byName = WeakValueDictionary<String, Employee>()
            let plain = WeakSet<PlainEmployee>()
            counts[object] = 1
            names[object] = "William"
            byName["William"] = object
            #expect(entriesAreRegisteredInline(counts._table))
            #expect(entriesAreRegisteredInline(names._table))
            // A weak-valued dictionary files its inline entries by object too.
            #expect(entriesAreRegisteredInline(byName._table))
            #expect(byName._table.withState { state, _ in state.indexesObjects })
            #expect(!counts._table.withState { state, _ in state.indexesObjects })
            #expect(plain._table.withState { state, _ in state.inlineRegistration == nil })
            withExtendedLifetime(object) {}
        }

        @Test func aRemovedEntrysRegistrationStaysForTheNextInsertion() {
            var object: Employee? = Employee.make()
            let set = WeakSet<Employee>()
            set.insert(object!)
            set.remove(object!)
            // Left in place (emptying it would race with a death in progress): the death will find no
            // entry, and storing the object again finds it registered already.
            #expect(isInUse(object!))
            set.insert(object!)
            #expect(existingRecord(of: object!) == nil)
            #expect(set.count == 1)
            object = nil
            #expect(set._table.storageCount == 0)
        }

        @Test func anObjectRemovedFromTheTableDiesWithoutTouchingIt() {
            var removed: Employee? = Employee.make()
            let kept = Employee.make()
            let dictionary = WeakKeyDictionary<Employee, Int>()
            dictionary[removed!] = 1
            dictionary[kept] = 2
            dictionary.removeValue(forKey: removed!)
            removed = nil
            #expect(dictionary.count == 1)
            #expect(dictionary[kept] == 2)
        }

        @Test func everyWayOutOfTheTableUnlinksARegistrationThatMovedIntoARecord() throws {
            let objects = (0..<6).map { _ in Employee.make() }
            // Each object's first observer is a proxy: the dictionary's registration joins it in a record.
            let proxies = objects.map { WeakProxy($0) }
            let dictionary = WeakKeyDictionary<Employee, Int>()
            for (index, object) in objects.enumerated() { dictionary[object] = index }
            let records = try objects.map { try #require(existingRecord(of: $0)) }
            #expect(records.allSatisfy { $0.observerCount == 2 })
            _ = dictionary.popFirst()
            _ = dictionary.popLast()
            dictionary.removeValue(forKey: objects[1])
            dictionary.removeAll { $0.key === objects[2] }
            #expect(records.map(\.observerCount) == [1, 1, 1, 2, 2, 1])
            dictionary.removeAll()
            #expect(records.allSatisfy { $0.observerCount == 1 })
            withExtendedLifetime((objects, proxies)) {}
        }

        @Test func aSecondObserverMovesTheRegistrationIntoARecord() throws {
            var object: Employee? = Employee.make()
            let dictionary = WeakKeyDictionary<Employee, Int>()
            dictionary[object!] = 7
            let fired = Counter()
            let reference = WeakReference(object!) { _ in fired.increment() }
            let record = try #require(existingRecord(of: object!))
            #expect(record.observerCount == 2)
            #expect(identities(weakReferences(to: object!)) == [ObjectIdentifier(reference)])
            object = nil
            #expect(dictionary._table.storageCount == 0)
            #expect(fired.value == 1)
        }

        @Test func aRegistrationMovedIntoARecordIsCancelledThere() throws {
            var object: Employee? = Employee.make()
            let set = WeakSet<Employee>()
            set.insert(object!)
            let proxy = WeakProxy(object!)
            let record = try #require(existingRecord(of: object!))
            #expect(record.observerCount == 2)
            set.remove(object!)
            #expect(record.observerCount == 1)
            set.insert(object!)
            #expect(record.observerCount == 2)
            object = nil
            #expect(set._table.storageCount == 0)
            withExtendedLifetime(proxy) {}
        }

        @Test func twoTablesShareAnObjectAndEachLosesItsOwnEntry() {
            var object: Employee? = Employee.make()
            let first = WeakSet<Employee>()
            let second = WeakKeyDictionary<Employee, Int>()
            first.insert(object!)
            second[object!] = 2
            #expect(existingRecord(of: object!)?.observerCount == 2)
            first.remove(object!)
            #expect(existingRecord(of: object!)?.observerCount == 1)
            #expect(second[object!] == 2)
            object = nil
            #expect(second._table.storageCount == 0)
            #expect(first._table.storageCount == 0)
        }

        @Test func aDroppedTablesRegistrationGivesWayToTheNextOne() {
            var object: Employee? = Employee.make()
            var dropped: WeakSet<Employee>? = WeakSet<Employee>()
            dropped!.insert(object!)
            let link = Unmanaged.passUnretained(dropped!._table.state.pointee.link)
            dropped = nil
            // The object still holds the dropped table's registrant, which nothing will cancel.
            #expect(isInUse(object!))
            #expect(link._withUnsafeGuaranteedRef { $0.isDefunct })
            // The next registration takes the slot instead of making a record.
            let set = WeakSet<Employee>()
            set.insert(object!)
            #expect(existingRecord(of: object!) == nil)
            object = nil
            #expect(set._table.storageCount == 0)
        }

        @Test func anObjectDyingUnderATableThatWasDroppedDoesNothing() {
            var object: Employee? = Employee.make()
            var set: WeakSet<Employee>? = WeakSet<Employee>()
            set!.insert(object!)
            set = nil
            object = nil
            #expect(set == nil)
        }

        @Test func aDeadEntrysValueIsReleasedByTheDeath() {
            var key: Employee? = Employee.make()
            var value: ChainLink? = ChainLink()
            let native = NativeWeak(value)
            let dictionary = WeakKeyDictionary<Employee, ChainLink>()
            dictionary[key!] = value
            value = nil
            #expect(entriesAreRegisteredInline(dictionary._table))
            #expect(native.object != nil, "the entry holds it")
            key = nil
            #expect(native.object == nil)
            #expect(dictionary._table.storageCount == 0)
        }

        @Test func aLongChainOfKeysWhoseValuesOwnTheNextCascadesOnASmallStack() {
            // §5.7: each dead key's value is the next key.
            let emptied = chainCascadesOnASmallStack(
                { WeakKeyDictionary<ChainLink, ChainLink>() },
                link: { dictionary, current, next in dictionary[current] = next },
                isRegisteredAsExpected: { entriesAreRegisteredInline($0._table) },
                isEmptied: { $0._table.storageCount == 0 })
            #expect(emptied)
        }

        @Test func deathSubscribersHearOfInlineDeaths() async {
            let dictionary = WeakKeyDictionary<Employee, Int>()
            let deaths = dictionary.valuesOfDeallocatedKeys()
            var object: Employee? = Employee.make()
            dictionary[object!] = 42
            #expect(entriesAreRegisteredInline(dictionary._table))
            object = nil
            var iterator = deaths.makeAsyncIterator()
            #expect(await iterator.next() == 42)
        }

        @Test func deathsInACascadeReachTheirTables() {
            // Each object owns the next; the first one's death releases the whole chain, each death nested
            // in the previous one's deinit.
            let set = WeakSet<ChainLink>()
            var head: ChainLink? = nil
            for _ in 0..<1_000 {
                let object = ChainLink()
                object.next = head
                set.insert(object)
                head = object
            }
            #expect(set.count == 1_000)
            head = nil
            #expect(set._table.storageCount == 0)
        }

        @Test func removalsRacingDeathsLeaveNothingBehind() {
            // The death and the removal race for the object's storage: whichever empties it owns the
            // registration, and the other finds nothing to do.
            let set = WeakSet<Employee>()
            for _ in 0..<2_000 {
                var object: Employee? = Employee.make()
                set.insert(object!)
                let remover = Thread { set.removeAll() }
                remover.start()
                object = nil
                while !remover.isFinished { sched_yield() }
            }
            #expect(set._table.storageCount == 0)
        }

        @Test func removalsRacingMovesIntoRecordsLeaveNothingBehind() {
            // A registration on another thread moves the inline registration into a record while the
            // table removes the entry: the removal waits for the move, then unlinks it from the record.
            let set = WeakSet<Employee>()
            for _ in 0..<2_000 {
                var object: Employee? = Employee.make()
                set.insert(object!)
                let borrowed = Unmanaged.passUnretained(object!)
                let registering = Thread { _ = WeakProxy(borrowed.takeUnretainedValue()) }
                registering.start()
                set.remove(object!)
                while !registering.isFinished { sched_yield() }
                // The proxy is gone; a registration moved into a record after the removal stays there,
                // stale, and its death finds no entry.
                #expect(weakReferenceCount(of: object!) == 0)
                #expect((existingRecord(of: object!)?.observerCount ?? 0) <= 1)
                object = nil
            }
            #expect(set._table.storageCount == 0)
        }

        @Test func computedConformanceFailsLoudlyOnWeakSet() async {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let object = ComputedConformance()
                let set = WeakSet<ComputedConformance>()
                set.insert(object)
                withExtendedLifetime((object, set)) {}
            }
            if let result {
                let message = String(decoding: result.standardErrorContent, as: UTF8.self)
                #expect(message.contains("ComputedConformance.deinitObservers must be a stored property"))
            }
        }
    }
}
