import Foundation
import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    @Suite struct CollectorTests {
        private var recordCount: Int { _ReferentRegistry.shared.recordCount }

        @Test func collectReturnsTheNumberOfDeadReferentsProcessed() {
            Collector.collect()
            let fired = Recorder()
            var a: PlainEmployee? = PlainEmployee.make("a")
            var b: PlainEmployee? = PlainEmployee.make("b")
            var c: PlainEmployee? = PlainEmployee.make("c")
            var d: PlainEmployee? = PlainEmployee.make("d")
            let a1 = WeakReference(a!) { _ in fired.record("a1") }
            let a2 = WeakReference(a!) { _ in fired.record("a2") }
            let b1 = WeakProxy(b!)
            Finalizer(c!) { fired.record("c") }
            var d1: WeakReference? = WeakReference(d!) { _ in fired.record("d") }
            // A referent whose only reference went away first has nothing left to process.
            d1 = nil
            #expect(weakReferenceCount(of: d!) == 0)
            a = nil
            b = nil
            c = nil
            d = nil
            #expect(fired.all.isEmpty)
            #expect(Collector.collect() == 3)
            #expect(Set(fired.all) == ["a1", "a2", "c"])
            #expect(fired.all.count == 3)
            #expect(Collector.collect() == 0)
            #expect(fired.all.count == 3)
            withExtendedLifetime((a1, a2, b1, d1)) {}
        }

        @Test func promptTierDeathsAreNotLeftForCollection() {
            Collector.collect()
            let fired = Counter()
            var object: Employee? = Employee.make()
            let reference = WeakReference(object!) { _ in fired.increment() }
            object = nil
            #expect(fired.value == 1)
            #expect(Collector.collect() == 0)
            #expect(fired.value == 1)
            withExtendedLifetime(reference) {}
        }

        @Test func collectedReferencesReadDeadAtOnceButCallBackAtCollection() {
            let fired = Counter()
            var object: PlainEmployee? = PlainEmployee.make()
            let reference = WeakReference(object!) { _ in fired.increment() }
            object = nil
            #expect(!reference.isAlive)
            #expect(reference() == nil)
            #expect(fired.value == 0)
            Collector.collect()
            #expect(fired.value == 1)
            Collector.collect()
            #expect(fired.value == 1)
        }

        @Test func collectedTierCallbacksRunOnTheCollectingThread() throws {
            let collectingThread = Locked<pthread_t?>(nil)
            let callbackThread = Locked<pthread_t?>(nil)
            var object: PlainEmployee? = PlainEmployee.make()
            let reference = WeakReference(object!) { _ in callbackThread.exchange(pthread_self()) }
            object = nil
            runOnThreads([
                {
                    collectingThread.exchange(pthread_self())
                    Collector.collect()
                }
            ])
            let collecting = try #require(collectingThread.current)
            let called = try #require(callbackThread.current)
            #expect(pthread_equal(collecting, called) != 0)
            withExtendedLifetime(reference) {}
        }

        @Test func collectionHappensAutomaticallyAsRegistrationsGrow() {
            Collector.collect()
            let baseline = recordCount
            let fired = Counter()
            let dying = 5_000
            var references: [WeakReference<PlainEmployee>] = []
            var plugs: [PlainEmployee] = []
            var addresses = Set<ObjectIdentifier>()
            var largest = 0
            for index in 0..<dying {
                do {
                    let object = PlainEmployee.make("dying \(index % 10)")
                    addresses.insert(ObjectIdentifier(object))
                    references.append(WeakReference(object) { _ in fired.increment() })
                }
                // The object is dead; only a collection notices. A plug takes its freed slot, so that
                // no later object reuses the address (which would deliver that one death on the spot).
                plugs.append(PlainEmployee.make("plug"))
                largest = max(largest, recordCount)
            }
            // Without automatic collection every distinct address would keep a dead record (a reused
            // address delivers only its own stale record), so the count would reach `addresses.count`.
            #expect(addresses.count > 4_000, "test setup: the plugs kept freed addresses taken")
            #expect(fired.value > 0, "registrations alone must trigger collections")
            // Dead records never pile up: each shard starts sweeping once it holds twice its live
            // records (at least 1,024 across the shards), and grows by at most a seventh while the
            // sweep, a slice of 8 per registration, catches up.
            #expect(largest <= (1_024 + 2 * (baseline + 1)) * 8 / 7 + _ReferentRegistry.shardCount)
            // Register more (kept alive, so their records stay) until every callback has fired.
            var survivors: [PlainEmployee] = []
            var more: [WeakReference<PlainEmployee>] = []
            while fired.value < dying, survivors.count < 20_000 {
                let object = PlainEmployee.make("survivor")
                more.append(WeakReference(object))
                survivors.append(object)
            }
            #expect(fired.value == dying)
            // Every shard must reach its threshold and finish its sweep; registrations land in shards
            // at random, so this takes about as many as it takes to hit each of the 256 shards a few
            // times (about 2,000); 8,192 leaves every shard 32 on average.
            #expect(survivors.count <= 8_192)
            more.removeAll()
            survivors.removeAll()
            references.removeAll()
            Collector.collect()
            #expect(recordCount == baseline)
            withExtendedLifetime(plugs) {}
        }

        @Test func periodicCollectionDeliversWithoutExplicitCollect() async throws {
            #expect(!Collector.isCollectingPeriodically)
            let fired = Counter()
            var object: PlainEmployee? = PlainEmployee.make()
            let reference = WeakReference(object!) { _ in fired.increment() }
            Collector.startPeriodicCollection(every: .milliseconds(5))
            #expect(Collector.isCollectingPeriodically)
            object = nil
            // Poll; no assertion on how long it takes.
            var polls = 0
            while fired.value == 0, polls < 500 {
                try await Task.sleep(for: .milliseconds(10))
                polls += 1
            }
            Collector.stopPeriodicCollection()
            #expect(!Collector.isCollectingPeriodically)
            #expect(fired.value == 1)
            #expect(!reference.isAlive)
            // A collection already in progress finishes after stop returns; let it, so that it cannot
            // deliver a later test's death early.
            try await Task.sleep(for: .milliseconds(100))
        }

        @Test func periodicCollectionCanBeRestartedAndStoppedTwice() async throws {
            Collector.startPeriodicCollection(every: .milliseconds(50))
            Collector.startPeriodicCollection(every: .zero)
            #expect(Collector.isCollectingPeriodically)
            let fired = Counter()
            var object: PlainEmployee? = PlainEmployee.make()
            let reference = WeakReference(object!) { _ in fired.increment() }
            object = nil
            var polls = 0
            while fired.value == 0, polls < 500 {
                try await Task.sleep(for: .milliseconds(10))
                polls += 1
            }
            #expect(fired.value == 1)
            Collector.stopPeriodicCollection()
            Collector.stopPeriodicCollection()
            #expect(!Collector.isCollectingPeriodically)
            withExtendedLifetime(reference) {}
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
