import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    @Suite struct DeathStreamTests {
        /// Collects what a death stream delivers, from a consuming task.
        final class Consumer<Event: Sendable>: Sendable {
            let received = Locked<[Event]>([])
            let ended = Flag()
            let task: Task<Void, Never>

            init(_ stream: AsyncStream<Event>, onEach: @escaping @Sendable (Event) -> Void = { _ in }) {
                let received = self.received
                let ended = self.ended
                task = Task {
                    for await event in stream {
                        onEach(event)
                        received.append(event)
                    }
                    ended.set()
                }
            }

            var events: [Event] { received.current }
        }

        @Test(arguments: Tier.allCases)
        func valuesOfDeallocatedKeysDeliversEachDeadKeysValueOnce(tier: Tier) async throws {
            let dictionary = WeakKeyDictionary<AnyObject & Sendable, String>()
            let consumer = Consumer(dictionary.valuesOfDeallocatedKeys())
            var keys: [any Subject] = (0..<4).map { tier.subject.make("k\($0)") }
            for (index, key) in keys.enumerated() { dictionary[key] = "v\(index)" }
            // Explicit removals are not deaths.
            dictionary.removeValue(forKey: keys[0])
            keys.removeFirst()
            keys.removeFirst()  // k1 dies
            tier.settle()
            #expect(await eventually { consumer.events == ["v1"] })
            keys.removeAll()  // k2, k3 die
            tier.settle()
            #expect(await eventually { consumer.events.count == 3 })
            #expect(Set(consumer.events) == ["v1", "v2", "v3"])
            #expect(dictionary.isEmpty)
            consumer.task.cancel()
            await consumer.task.value
        }

        @Test(arguments: Tier.allCases)
        func keysOfDeallocatedValuesDeliversEachDeadValuesKeyOnce(tier: Tier) async throws {
            let dictionary = WeakValueDictionary<String, AnyObject & Sendable>()
            let consumer = Consumer(dictionary.keysOfDeallocatedValues())
            var values: [String: any Subject] = [:]
            for name in ["a", "b", "c"] {
                values[name] = tier.subject.make(name)
                dictionary[name] = values[name]
            }
            dictionary.removeValue(forKey: "a")
            values["a"] = nil
            values["b"] = nil
            tier.settle()
            #expect(await eventually { consumer.events == ["b"] })
            // Replacing a live value is not a death either.
            let replacement = tier.subject.make("c2")
            dictionary["c"] = replacement
            values["c"] = nil
            tier.settle()
            try await Task.sleep(for: .milliseconds(20))
            #expect(consumer.events == ["b"])
            withExtendedLifetime(replacement) {}
            consumer.task.cancel()
            await consumer.task.value
        }

        /// A collected-tier entry that an operation meets dead leaves by its death, which is reported:
        /// a store over it, and a pop that passes it.
        @Test func deadEntriesMetByOperationsAreReported() async throws {
            let values = WeakValueDictionary<String, PlainEmployee>()
            let consumer = Consumer(values.keysOfDeallocatedValues())
            var a: PlainEmployee? = PlainEmployee.make("a")
            values["a"] = a
            a = nil
            let b = PlainEmployee.make("b")
            values["a"] = b  // meets the dead entry of the first "a"
            #expect(await eventually { consumer.events == ["a"] })
            var c: PlainEmployee? = PlainEmployee.make("c")
            values["c"] = c
            c = nil
            _ = values.popLast()  // passes the dead "c", then pops "a"
            #expect(await eventually { consumer.events == ["a", "c"] })
            var d: PlainEmployee? = PlainEmployee.make("d")
            values["d"] = d
            d = nil
            values.removeAll()  // meets the dead "d": its death is reported
            #expect(await eventually { consumer.events == ["a", "c", "d"] })
            try await Task.sleep(for: .milliseconds(10))
            #expect(consumer.events == ["a", "c", "d"])
            withExtendedLifetime(b) {}
            consumer.task.cancel()
            await consumer.task.value
        }

        @Test(arguments: Tier.allCases)
        func everySubscriptionHearsEveryDeathFromItsCreationOn(tier: Tier) async throws {
            let dictionary = WeakKeyDictionary<AnyObject & Sendable, Int>()
            var early: (any Subject)? = tier.subject.make()
            dictionary[early!] = 0
            early = nil  // before any subscription: nobody hears of it (once delivered)
            tier.settle()
            let first = Consumer(dictionary.valuesOfDeallocatedKeys())
            let second = Consumer(dictionary.valuesOfDeallocatedKeys())
            #expect(dictionary._table.deathSubscriberCount == 2)
            var late: (any Subject)? = tier.subject.make()
            dictionary[late!] = 1
            late = nil
            tier.settle()
            #expect(await eventually { first.events == [1] && second.events == [1] })
            first.task.cancel()
            second.task.cancel()
            await first.task.value
            await second.task.value
        }

        @Test func aCancelledConsumerLeavesNoSubscription() async throws {
            let dictionary = WeakKeyDictionary<Employee, Int>()
            let consumer = Consumer(dictionary.valuesOfDeallocatedKeys())
            #expect(dictionary._table.deathSubscriberCount == 1)
            consumer.task.cancel()
            await consumer.task.value
            #expect(await eventually { dictionary._table.deathSubscriberCount == 0 })
        }

        @Test func aDroppedSequenceLeavesNoSubscription() async throws {
            let dictionary = WeakValueDictionary<Int, Employee>()
            var stream: AsyncStream<Int>? = dictionary.keysOfDeallocatedValues()
            #expect(dictionary._table.deathSubscriberCount == 1)
            #expect(stream != nil)
            stream = nil
            #expect(dictionary._table.deathSubscriberCount == 0)
        }

        @Test func aConsumerThatStopsIteratingLeavesNoSubscription() async throws {
            let dictionary = WeakKeyDictionary<Employee, Int>()
            let stopped = Flag()
            let task = Task {
                for await _ in dictionary.valuesOfDeallocatedKeys() { break }
                stopped.set()
            }
            #expect(await eventually { dictionary._table.deathSubscriberCount == 1 })
            var key: Employee? = Employee.make()
            dictionary[key!] = 1
            key = nil
            await task.value
            #expect(stopped.isSet)
            #expect(dictionary._table.deathSubscriberCount == 0)
        }

        @Test func theSequenceFinishesWhenTheDictionaryGoes() async throws {
            var dictionary: WeakKeyDictionary<Employee, Int>? = WeakKeyDictionary()
            let consumer = Consumer(dictionary!.valuesOfDeallocatedKeys())
            try await Task.sleep(for: .milliseconds(10))
            #expect(!consumer.ended.isSet)
            dictionary = nil
            #expect(await eventually { consumer.ended.isSet })
        }

        /// The consumer uses the dictionary for every event: deliveries happen outside its lock.
        @Test(arguments: Tier.allCases)
        func aConsumerMayUseTheDictionary(tier: Tier) async throws {
            let dictionary = WeakKeyDictionary<AnyObject & Sendable, Int>()
            let keeper = Keeper()
            let consumer = Consumer(dictionary.valuesOfDeallocatedKeys()) { value in
                let replacement = Employee.make()
                keeper.keep(replacement)
                dictionary[replacement] = value + 100
                _ = dictionary.count
                _ = dictionary.values
            }
            var keys: [any Subject] = (0..<3).map { _ in tier.subject.make() }
            for (index, key) in keys.enumerated() { dictionary[key] = index }
            keys.removeAll()
            tier.settle()
            #expect(await eventually { consumer.events.count == 3 })
            #expect(dictionary.values.sorted() == [100, 101, 102])
            consumer.task.cancel()
            await consumer.task.value
        }

        /// Deaths on several threads at once: every event arrives exactly once.
        @Test(arguments: Tier.allCases)
        func concurrentDeathsAreEachDeliveredOnce(tier: Tier) async throws {
            let dictionary = WeakKeyDictionary<AnyObject & Sendable, Int>()
            let consumer = Consumer(dictionary.valuesOfDeallocatedKeys(bufferingPolicy: .unbounded))
            let threads = 4
            let perThread = 500
            runOnThreads(
                (0..<threads).map { thread in
                    {
                        for index in 0..<perThread {
                            let key = tier.subject.make()
                            dictionary[key] = thread * perThread + index
                            if index.isMultiple(of: 50) { tier.settle() }
                        }
                    }
                })
            tier.settle()
            #expect(await eventually { consumer.events.count >= threads * perThread })
            try await Task.sleep(for: .milliseconds(20))
            #expect(consumer.events.sorted() == Array(0..<threads * perThread))
            consumer.task.cancel()
            await consumer.task.value
        }

        /// Runs a closure when deallocated.
        final class Witness: Sendable {
            let onDeinit: @Sendable () -> Void
            init(_ onDeinit: @escaping @Sendable () -> Void) { self.onDeinit = onDeinit }
            deinit { onDeinit() }
        }

        /// A prompt-tier death reaches the subscribers in its second phase, with the callbacks: after
        /// every collection has let the dead object go. Here a full buffer drops, and releases, an older
        /// value when the newer one arrives; that value's deinit is user code, and it must find the dead
        /// key gone from the other dictionary too (its entry, registered first, leaves last).
        @Test func aPromptDeathIsDeliveredAfterEveryCollectionLetTheObjectGo() {
            let other = WeakKeyDictionary<Employee, Int>()
            let dictionary = WeakKeyDictionary<Employee, Witness>()
            let stream = dictionary.valuesOfDeallocatedKeys(bufferingPolicy: .bufferingNewest(1))
            let seen = Locked<[Int]>([])
            var first: Employee? = Employee.make("first")
            dictionary[first!] = Witness { seen.append(other._table.storageCount) }
            first = nil  // its value waits in the buffer
            var second: Employee? = Employee.make("second")
            other[second!] = 2
            dictionary[second!] = Witness {}
            second = nil  // its value pushes the first one out of the buffer
            #expect(seen.current == [0])
            withExtendedLifetime(stream) {}
        }

        @Test func noSubscriberIsTheDefault() {
            #expect(WeakKeyDictionary<Employee, Int>()._table.deathSubscriberCount == 0)
            #expect(WeakValueDictionary<Int, Employee>()._table.deathSubscriberCount == 0)
        }
    }
}
