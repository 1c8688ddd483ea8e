import Foundation
import Synchronization
import Testing

@testable import Weakref

extension ReliabilitySuite {
    /// Issue 14: the concurrency tools under load. Deaths of both tiers on eight tasks at once, each
    /// delivered exactly once to the death streams and to the awaiting tasks; and a million short tasks
    /// bound to one long-lived owner, which must leave nothing registered on it.
    ///
    /// Each test stops early, after a multiple of its batch, once ``StressConfiguration/secondsPerTest``
    /// has passed (sanitizer builds); the exactly-once checks then cover what ran.
    @Suite struct ConcurrencyStressTests {
        static let tasks = 8
        /// Deaths per task (`WEAKREF_STRESS_DEATHS`, default 100,000).
        static let deathsPerTask =
            ProcessInfo.processInfo.environment["WEAKREF_STRESS_DEATHS"].flatMap { Int($0) } ?? 100_000
        static let batch = 1_000

        @Test func everyDeathIsDeliveredExactlyOnceToStreamsAndWaiters() async throws {
            let baseline = LeakCounters.afterCollection
            do {
                let byKey = WeakKeyDictionary<StressObject, Int>()
                let byValue = WeakValueDictionary<Int, StressObject>()
                let values = Locked<[Int]>([])
                let keys = Locked<[Int]>([])
                // Subscribed here, before any death: a stream made inside its consumer task could miss the
                // first deaths if the producers started first (seen under ThreadSanitizer).
                let valueStream = byKey.valuesOfDeallocatedKeys(bufferingPolicy: .unbounded)
                let keyStream = byValue.keysOfDeallocatedValues(bufferingPolicy: .unbounded)
                let valueConsumer = Task {
                    for await value in valueStream { values.append(value) }
                }
                let keyConsumer = Task {
                    for await key in keyStream { keys.append(key) }
                }
                let awaited = Locked<Int>(0)
                let deadline = Date().addingTimeInterval(StressConfiguration.secondsPerTest)
                let perTask = Self.deathsPerTask
                let produced = await withTaskGroup(of: (task: Int, made: Int).self) { group in
                    for task in 0..<Self.tasks {
                        group.addTask {
                            var made = 0
                            while made < perTask {
                                for index in made..<min(perTask, made + Self.batch) {
                                    let number = task * perTask + index
                                    // Both tiers; collections run concurrently on every task.
                                    let tier: StressTier = number.isMultiple(of: 3) ? .collected : .prompt
                                    var object: StressObject? = tier.make(thread: task)
                                    byKey[object!] = number
                                    byValue[number] = object!
                                    if index.isMultiple(of: 100) {
                                        // A waiter in another task, resumed by a death on this one.
                                        let deallocation = Deallocation(of: object!)
                                        async let waited: Void = deallocation.wait()
                                        object = nil
                                        if tier == .collected { Collector.collect() }
                                        try? await waited
                                        awaited.withLock { $0 += 1 }
                                    }
                                    object = nil
                                }
                                made = min(perTask, made + Self.batch)
                                Collector.collect()
                                if Date() > deadline { break }
                            }
                            return (task, made)
                        }
                    }
                    var made: [(task: Int, made: Int)] = []
                    for await result in group { made.append(result) }
                    return made
                }
                Collector.collect()
                // The numbers each task made: the first `made` of its own range.
                let expected = produced.flatMap { (task, made) in (task * perTask)..<(task * perTask + made) }
                    .sorted()
                let total = expected.count
                let limit = Date().addingTimeInterval(120)
                while (values.current.count < total || keys.current.count < total) && Date() < limit {
                    try await Task.sleep(for: .milliseconds(5))
                }
                valueConsumer.cancel()
                keyConsumer.cancel()
                await valueConsumer.value
                await keyConsumer.value
                let delivered = (values: values.current, keys: keys.current)
                #expect(
                    delivered.values.count == total,
                    "values of dead keys: \(delivered.values.count) of \(total)")
                #expect(
                    delivered.keys.count == total, "keys of dead values: \(delivered.keys.count) of \(total)")
                // Exactly once: every number made, none twice, none other.
                #expect(delivered.values.sorted() == expected, "values of dead keys differ from the deaths")
                #expect(delivered.keys.sorted() == expected, "keys of dead values differ from the deaths")
                #expect(awaited.current >= total / 100)
                #expect(byKey.isEmpty && byValue.isEmpty)
                #expect(byKey._table.deathSubscriberCount == 0 && byValue._table.deathSubscriberCount == 0)
                print(
                    "stress concurrency: \(Self.tasks) tasks, \(total) deaths, each delivered once to 2 streams; "
                        + "\(awaited.current) awaited")
                ReliabilityFigures.add(ReliabilityFigures.stressTests, 1)
            }
            ReliabilityFigures.collect()
            LeakCounters.current.expectEqual(to: baseline, "concurrency stress")
        }

        @Test(arguments: StressTier.allCases)
        func aMillionShortTasksBoundToOneOwnerLeaveNothing(tier: StressTier) async throws {
            let owner = tier.make()
            let deadline = Date().addingTimeInterval(StressConfiguration.secondsPerTest)
            let total = 1_000_000
            var ran = 0
            var largest = 0
            while ran < total {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<Self.batch {
                        group.addTask {
                            if index.isMultiple(of: 2) {
                                await Task(boundTo: owner) { owner in _ = owner() }.value
                            } else {
                                let task = Task {}
                                task.cancel(whenDeallocated: owner)
                                await task.value
                            }
                        }
                    }
                }
                ran += Self.batch
                largest = max(largest, observerCount(of: owner))
                if Date() > deadline { break }
            }
            // The watchers of `cancel(whenDeallocated:)` unregister shortly after their tasks end.
            let limit = Date().addingTimeInterval(30)
            while observerCount(of: owner) != 0 && Date() < limit {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(observerCount(of: owner) == 0)
            // At most the registrations of the tasks of a few batches are ever pending.
            #expect(largest <= 4 * Self.batch, "\(largest) registrations pending at once")
            print("stress bound tasks (\(tier)): \(ran) tasks, at most \(largest) registrations pending")
            withExtendedLifetime(owner) {}
        }

        private func observerCount(of object: AnyObject) -> Int {
            _Referents.observers(of: object).count
        }
    }
}
