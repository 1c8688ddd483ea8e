import Synchronization
import Testing
import Weakref

extension ReliabilitySuite {
    /// Issue 5, item 1, `Collector`: explicit collections on every thread at once, an automatic or
    /// periodic collection starting and stopping under them, while objects of both tiers with
    /// references, finalizers and collection entries die on every thread. Every callback and action
    /// runs exactly once whichever collection found the death, and every weak collection ends with its
    /// dead entries purged and their values released.
    @Suite struct CollectorStressTests {
        @Test func concurrentCollections() {
            let threads = StressConfiguration.threads
            let anomalies = Anomalies()
            let ledgers = (0..<threads).map { _ in Ledger() }
            let inboxes = (0..<threads).map { _ in Locked<[StressObject]>([]) }
            let valueLives = LifeCounter()
            let byKey = WeakKeyDictionary<StressObject, StressValue>()
            let byValue = WeakValueDictionary<Int, StressObject>()
            let members = WeakSet<StressObject>()
            let periodicToggles = Atomic<Int>(0)
            let baseline = LeakCounters.afterCollection
            StressHarness(name: "Collector").run(
                round: { context in
                    let thread = context.thread
                    var held = inboxes[thread].takeAll()
                    for index in 0..<6 {
                        // Mostly the collected tier: this is the collector's test.
                        let object = (index == 0 ? StressTier.prompt : .collected).make(thread: thread)
                        let probe = CallbackProbe("Collector: reference to \(object)", anomalies: anomalies)
                        let reference = WeakReference(object) { dead in
                            probe.callbackRan(received: dead, referentIsAlive: dead() != nil)
                        }
                        probe.expect(reference)
                        ledgers[thread].add(
                            Registration(
                                probe: probe, expectation: .exactlyOnce, referent: object,
                                reference: reference))
                        let action = CallbackProbe("Collector: finalizer for \(object)", anomalies: anomalies)
                        Finalizer(object) { action.actionRan() }
                        ledgers[thread].add(
                            Registration(
                                probe: action, expectation: .exactlyOnce, referent: object, reference: nil))
                        byKey[object] = StressValue(keyID: object.id, serial: 1, lives: valueLives)
                        byValue[object.id] = object
                        members.insert(object)
                        held.append(object)
                        context.did(5)
                    }
                    switch context.random.next(4) {
                    case 0, 1:
                        ReliabilityFigures.collect()
                        context.did()
                    case 2:
                        // Reads purge: `count` removes dead collected-tier entries.
                        anomalies.check(byKey.count >= 0 && members.count >= 0, "Collector: count")
                        context.did(2)
                    default:
                        if thread == 0, context.random.oneIn(2) {
                            if Collector.isCollectingPeriodically {
                                Collector.stopPeriodicCollection()
                            } else {
                                Collector.startPeriodicCollection(every: .milliseconds(1))
                            }
                            periodicToggles.add(1, ordering: .relaxed)
                            context.did(2)
                        }
                    }
                    // Whatever is visible is alive and consistent.
                    for (key, value) in byKey {
                        anomalies.check(
                            value.keyID == key.id, "Collector: a WeakKeyDictionary pair is mixed up")
                    }
                    for (key, value) in byValue {
                        anomalies.check(key == value.id, "Collector: a WeakValueDictionary pair is mixed up")
                    }
                    context.did(2)
                    if context.random.oneIn(2), let object = held.popLast() {
                        inboxes[(thread + 1) % threads].append(object)
                    }
                },
                quiesce: { thread in _ = inboxes[thread].takeAll() },
                verify: { thread in
                    ledgers[thread].verifyAll(inFlight: true)
                    guard thread == 0 else { return }
                    // A periodic collection may still be releasing the values of entries it purged, or
                    // have been the last holder of a key for a moment (see `Registration.verify`).
                    let settled = eventually {
                        ReliabilityFigures.collect()
                        return byKey.isEmpty && byValue.isEmpty && members.isEmpty && valueLives.live == 0
                    }
                    anomalies.check(
                        settled,
                        "Collector: \(byKey.count + byValue.count + members.count) entries or "
                            + "\(valueLives.live) values outlived their objects")
                    anomalies.check(
                        byKey.storageCount == 0 && byValue.storageCount == 0 && members.storageCount == 0,
                        "Collector: storage left after a collection")
                })
            Collector.stopPeriodicCollection()
            #expect(!Collector.isCollectingPeriodically)
            anomalies.expectNone("Collector")
            ReliabilityFigures.collect()
            LeakCounters.current.expectEqual(to: baseline, "Collector")
            print(
                "stress Collector: periodic collection started or stopped \(periodicToggles.load(ordering: .relaxed)) times"
            )
        }
    }
}
