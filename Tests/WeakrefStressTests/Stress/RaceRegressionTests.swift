import Synchronization
import Testing
import Weakref

extension ReliabilitySuite {
    /// Regression tests for races the stress tests found, each provoked on purpose.
    @Suite struct RaceRegressionTests {
        /// A collected-tier record leaves the registry when its last observer is cancelled. A thread that
        /// had just looked the record up (to register a new observer) then linked into a record that no
        /// collection would ever visit: the new callback never ran, and `weakReferences(to:)` missed the
        /// new reference (found by `ReferenceStressTests.weakMethod`: 2 lost callbacks in 6,400 objects).
        @Test func registeringRacesTheLastCancellation() {
            let count = 10 * StressConfiguration.rounds
            let anomalies = Anomalies()
            var objects: [StressObject] = (0..<count).map { _ in StressTier.collected.make() }
            let targets = objects.map { NativeWeak($0) }
            let probes = (0..<count).map { _ in CallbackProbe("racing registration", anomalies: anomalies) }
            let kept = Locked<[WeakReference<StressObject>]>([])
            let barrier = StressBarrier(parties: 2)
            runConcurrently(threads: 2) { thread in
                var random = StressRandom(seed: UInt64(thread))
                for index in 0..<count {
                    let object = targets[index].object!
                    barrier.wait()
                    if thread == 0 {
                        // Each reference is the record's only observer: dropping it retires the record.
                        for _ in 0..<8 { _ = WeakReference(object) }
                    } else {
                        for _ in 0..<random.next(8) { _ = WeakReference(object) }
                        let probe = probes[index]
                        let reference = WeakReference(object) { dead in
                            probe.callbackRan(received: dead, referentIsAlive: dead() != nil)
                        }
                        probe.expect(reference)
                        kept.append(reference)
                    }
                }
            }
            let references = kept.current
            let orphaned = objects.filter { weakReferenceCount(of: $0) != 1 }.count
            #expect(
                orphaned == 0, "\(orphaned) of \(count) references are missing from their object's record")
            objects = []
            ReliabilityFigures.collect()
            let lost = probes.filter { $0.timesFired != 1 }.count
            #expect(lost == 0, "\(lost) of \(count) callbacks did not run exactly once")
            withExtendedLifetime(references) {}
            anomalies.expectNone("registering races the last cancellation")
        }

        /// `WeakKeyDictionary.values` loads each key to skip dead entries but returns only the values.
        /// When another thread dropped the last strong reference to a key meanwhile, the load was the
        /// last reference, and releasing it under the table's lock ran the key's deinit there. If that
        /// death reaches the same table (here the key owns a prompt-tier object that is another key, whose
        /// entry removes itself at once), the thread deadlocks on its own lock (found by
        /// `CollectionStressTests.weakKeyDictionary`).
        @Test func valuesWhileKeysDieOnOtherThreads() {
            let dictionary = WeakKeyDictionary<StressObject, Int>()
            let anchors = (0..<256).map { _ in StressTier.prompt.make() }
            for anchor in anchors { dictionary[anchor] = 0 }
            raceSnapshots(
                store: { object in
                    dictionary[object] = object.id
                    if let owned = object.owned as? StressObject { dictionary[owned] = owned.id }
                },
                snapshot: { dictionary.values.count })
            withExtendedLifetime(anchors) {}
        }

        /// The same for `WeakValueDictionary.keys`, which loads each value and returns only the keys.
        @Test func keysWhileValuesDieOnOtherThreads() {
            let dictionary = WeakValueDictionary<Int, StressObject>()
            let anchors = (0..<256).map { _ in StressTier.prompt.make() }
            for anchor in anchors { dictionary[anchor.id] = anchor }
            raceSnapshots(
                store: { object in
                    dictionary[object.id] = object
                    if let owned = object.owned as? StressObject { dictionary[owned.id] = owned }
                },
                snapshot: { dictionary.keys.count })
            withExtendedLifetime(anchors) {}
        }

        /// Weak sets and weak-keyed dictionaries of a `DeinitObservable` type register one shared
        /// registrant inline on their objects instead of an observer per entry, and remove an entry by
        /// looking its object's address up when the object dies. Here thread 0 pops entries of objects
        /// that other threads are dropping (so a removal meets a death in progress), while the others
        /// store objects in both tables, remove and store some again, and give some a second observer
        /// (which moves the inline registration into a record, racing the pops). Every object dies in
        /// the end: both tables must be empty, with no slot left, and every callback must run once.
        @Test func inlineRegistrationsRaceRemovalsDeathsAndSecondObservers() {
            let set = WeakSet<PromptObject>()
            let dictionary = WeakKeyDictionary<PromptObject, Int>()
            // Each object under two keys of its own: the death removes both; a removal of one keeps the
            // registration for the other (the object index).
            let byKey = WeakValueDictionary<Int, PromptObject>()
            // A round takes a few microseconds: enough of them for the pops to meet many deaths.
            let rounds = 25 * StressConfiguration.rounds
            let workers = max(2, StressConfiguration.threads - 1)
            let finished = Atomic<Int>(0)
            let callbacks = Atomic<Int>(0)
            let references = Atomic<Int>(0)
            runConcurrently(threads: workers + 1) { thread in
                if thread == 0 {
                    while finished.load(ordering: .acquiring) < workers {
                        _ = set.popFirst()
                        _ = dictionary.popLast()
                        _ = byKey.popFirst()
                    }
                    return
                }
                var random = StressRandom(seed: UInt64(thread))
                var kept: [WeakReference<PromptObject>] = []
                for round in 0..<rounds {
                    var object: PromptObject? = PromptObject(thread: thread, owning: nil)
                    set.insert(object!)
                    dictionary[object!] = round
                    let key = (thread << 40) | (round << 1)
                    byKey[key] = object!
                    byKey[key | 1] = object!
                    if random.oneIn(3) {
                        byKey[key | random.next(2)] = nil
                        byKey[key] = object!
                    }
                    if random.oneIn(3) {
                        set.remove(object!)
                        set.insert(object!)
                    }
                    if random.oneIn(3) {
                        dictionary[object!] = nil
                        dictionary[object!] = -round
                    }
                    if random.oneIn(4) {
                        references.add(1, ordering: .relaxed)
                        kept.append(WeakReference(object!) { _ in callbacks.add(1, ordering: .relaxed) })
                    }
                    object = nil
                }
                finished.add(1, ordering: .releasing)
                withExtendedLifetime(kept) {}
            }
            #expect(set.isEmpty && set.storageCount == 0, "WeakSet<PromptObject> kept entries")
            #expect(
                dictionary.isEmpty && dictionary.storageCount == 0,
                "WeakKeyDictionary<PromptObject, Int> kept entries")
            #expect(
                byKey.isEmpty && byKey.storageCount == 0,
                "WeakValueDictionary<Int, PromptObject> kept entries")
            #expect(callbacks.load(ordering: .relaxed) == references.load(ordering: .relaxed))
        }

        /// Thread 0 takes snapshots without pause while the other threads store collected-tier objects
        /// (each owning a stored prompt-tier object) and drop them after a random pause, so that some
        /// drops land between a snapshot's load and its release. A collected-tier death does not touch
        /// the table, so the dropping threads never wait for a snapshot to end.
        private func raceSnapshots(
            store: @escaping @Sendable (StressObject) -> Void, snapshot: @escaping @Sendable () -> Int
        ) {
            let rounds = 3 * StressConfiguration.rounds
            let droppers = max(2, StressConfiguration.threads - 1)
            let finished = Atomic<Int>(0)
            let snapshots = Atomic<Int>(0)
            runConcurrently(threads: droppers + 1) { thread in
                if thread == 0 {
                    while finished.load(ordering: .acquiring) < droppers {
                        _ = snapshot()
                        snapshots.add(1, ordering: .relaxed)
                    }
                    return
                }
                // Start once snapshots are being taken: on two busy cores the droppers could otherwise
                // finish before thread 0 runs at all, and race nothing.
                while snapshots.load(ordering: .relaxed) == 0 {}
                var random = StressRandom(seed: UInt64(thread))
                let spin = Atomic<Int>(0)
                for _ in 0..<rounds {
                    var object: StressObject? = StressTier.collected.make(owning: StressTier.prompt.make())
                    store(object!)
                    // A pause about as long as a snapshot, so that the drop lands anywhere in one. Atomic
                    // steps, which no optimizer removes (a plain counting loop vanished at -Osize).
                    for _ in 0..<random.next(2_000) { spin.add(1, ordering: .relaxed) }
                    object = nil
                }
                finished.add(1, ordering: .releasing)
            }
            // What fails here is a trap (checked locks: a lock re-entered by a release under it) or a
            // hang (the re-entrancy CI steps' timeout); the droppers start only after the first snapshot,
            // so the two sides always overlap.
        }
    }
}
