import Foundation
import Synchronization
import Testing
import Weakref

extension ReliabilitySuite {
    /// Issue 5, item 5 (DESIGN §5.4): for every operation during which an object can die, a callback of
    /// every kind, run at that death, calls every public operation of the library on the structure whose
    /// operation is in progress and on another one. No trap, no deadlock (the `Watchdog` aborts the run,
    /// naming the case, when one is still running after two minutes), the callback runs exactly once, and
    /// afterwards every structure is consistent and the library's registries are back to where they
    /// were.
    @Suite struct ReentrancyMatrixTests {
        /// The watchdog's check sees a case that overran, and only while it runs: a watchdog that could
        /// never fire would otherwise pass unnoticed, since a correct library never hangs.
        @Test func theWatchdogSeesACaseStillRunningPastItsLimit() {
            let late = Watchdog.limit + .seconds(1)
            Watchdog.shared.watch("watchdog probe") {
                #expect(Watchdog.shared.overdueCase(at: .now) == nil)
                #expect(Watchdog.shared.overdueCase(at: .now.advanced(by: late)) == "watchdog probe")
            }
            #expect(Watchdog.shared.overdueCase(at: .now.advanced(by: late)) == nil)
        }

        @Test(arguments: ReentrancyTrigger.all, StressTier.allCases)
        func everyOperationFromACallbackDuringAnOperation(trigger: ReentrancyTrigger, tier: StressTier) {
            for kind in ObserverKind.allCases {
                Watchdog.shared.watch("\(trigger), \(tier) tier, \(kind)") {
                    runCase(trigger: trigger, tier: tier, kind: kind)
                }
            }
        }

        private func runCase(trigger: ReentrancyTrigger, tier: StressTier, kind: ObserverKind) {
            let label = "\(trigger) (\(tier) tier, \(kind) callback)"
            let baseline = LeakCounters.afterCollection
            do {
                let structures = ReentrancyStructures()
                let fired = Atomic<Int>(0)
                let matrix: @Sendable () -> Void = {
                    fired.add(1, ordering: .relaxed)
                    ReentrantAction.runAll(on: structures)
                }
                var victim: StressObject? = tier.make()
                let death = NativeWeak(victim)
                let registration = register(kind, on: victim!, matrix)
                let operation = trigger.arrange(structures, victim!)
                victim = nil
                #expect(!death.isDead, "\(label): the arrangement must keep the victim alive")
                operation()
                if tier == .collected { ReliabilityFigures.collect() }
                #expect(death.isDead, "\(label): the victim did not die")
                #expect(
                    fired.load(ordering: .relaxed) == 1,
                    "\(label): the callback ran \(fired.load(ordering: .relaxed)) times")
                expectConsistent(structures, label)
                ReliabilityFigures.add(ReliabilityFigures.reentrancyCases, 1)
                ReliabilityFigures.add(
                    ReliabilityFigures.reentrancyNestedOperations,
                    structures.nestedOperations.load(ordering: .relaxed))
                withExtendedLifetime(registration) {}
            }
            ReliabilityFigures.collect()
            LeakCounters.current.expectEqual(to: baseline, label)
        }

        /// Registers an observer of `kind` on `victim` whose user code runs `body`.
        private func register(
            _ kind: ObserverKind, on victim: StressObject, _ body: @escaping @Sendable () -> Void
        ) -> AnyObject? {
            switch kind {
            case .reference: return WeakReference(victim) { _ in body() }
            case .proxy: return WeakProxy(victim) { _ in body() }
            case .method: return WeakMethod(victim, StressObject.offset) { _ in body() }
            case .finalizer:
                Finalizer(victim) { body() }
                return nil
            case .boundTask:
                let started = Started()
                // The handler takes `body` out of a box before running it, so that the task, which may
                // end after the case's leak check, no longer holds the structures `body` captures.
                let box = Locked<(@Sendable () -> Void)?>(body)
                Task(boundTo: victim) { _ in await Self.sleepUntilCancelled(started, box) }
                started.wait()
                return nil
            case .taskCancelledAtDeath:
                let started = Started()
                let box = Locked<(@Sendable () -> Void)?>(body)
                let task = Task { await Self.sleepUntilCancelled(started, box) }
                started.wait()
                task.cancel(whenDeallocated: victim)
                return nil
            }
        }

        /// Sleeps until cancelled, with a cancellation handler that runs `body` — synchronously, in the
        /// thread that cancels the task: here, the death's delivery.
        private static func sleepUntilCancelled(
            _ started: Started, _ box: Locked<(@Sendable () -> Void)?>
        ) async {
            await withTaskCancellationHandler {
                started.value.store(true, ordering: .sequentiallyConsistent)
                try? await Task.sleep(for: .seconds(3600))
            } onCancel: {
                box.exchange(nil)?()
            }
        }

        /// Set by a task once it is inside its cancellation handler's scope.
        final class Started: Sendable {
            let value = Atomic<Bool>(false)
            func wait() {
                while !value.load(ordering: .sequentiallyConsistent) { sched_yield() }
            }
        }

        /// Every structure agrees with itself: its count, snapshot, iteration and lookups, with no dead
        /// entry left after a collection and its storage bounded; and it still works.
        private func expectConsistent(_ s: ReentrancyStructures, _ label: String) {
            ReliabilityFigures.collect()
            for set in s.sets {
                let members = set.allObjects
                #expect(
                    set.count == members.count && Set(members.map(\.id)).count == members.count,
                    "\(label): WeakSet")
                #expect(
                    members.allSatisfy(set.contains) && Array(set).map(\.id) == members.map(\.id),
                    "\(label): WeakSet")
                #expect(
                    set.census.deadEntries == 0 && set.census.tombstonesAreBounded(live: members.count),
                    "\(label)")
                let probe = StressTier.prompt.make()
                #expect(
                    set.insert(probe).inserted && same(set.remove(probe), probe),
                    "\(label): WeakSet still works")
            }
            for dictionary in s.keyed {
                let pairs = Array(dictionary)
                #expect(dictionary.count == pairs.count, "\(label): WeakKeyDictionary count")
                #expect(
                    pairs.allSatisfy { same(dictionary[$0.key], $0.value) },
                    "\(label): WeakKeyDictionary lookups")
                #expect(dictionary.keys.map(\.id) == pairs.map(\.key.id), "\(label): WeakKeyDictionary keys")
                #expect(
                    dictionary.census.deadEntries == 0, "\(label): WeakKeyDictionary \(dictionary.census)")
                #expect(
                    dictionary.census.tombstonesAreBounded(live: pairs.count),
                    "\(label): \(dictionary.census)")
            }
            for dictionary in s.valued {
                let pairs = Array(dictionary)
                #expect(dictionary.count == pairs.count, "\(label): WeakValueDictionary count")
                #expect(
                    pairs.allSatisfy { same(dictionary[$0.key], $0.value) },
                    "\(label): WeakValueDictionary lookups")
                #expect(dictionary.keys == pairs.map(\.key), "\(label): WeakValueDictionary keys")
                #expect(
                    dictionary.census.deadEntries == 0, "\(label): WeakValueDictionary \(dictionary.census)")
                #expect(
                    dictionary.census.tombstonesAreBounded(live: pairs.count),
                    "\(label): \(dictionary.census)")
            }
            for object in s.keep {
                #expect(
                    weakReferenceCount(of: object) == weakReferences(to: object).count,
                    "\(label): introspection")
            }
            #expect(!Collector.isCollectingPeriodically, "\(label): periodic collection left running")
        }
    }
}
