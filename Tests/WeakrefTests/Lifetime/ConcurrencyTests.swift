import Foundation
import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// DESIGN §5.5–§5.6, H9: registrations, releases and collections race on other threads; every
    /// callback runs exactly once or never, never twice.
    @Suite struct ConcurrencyTests {
        static let rounds = 2_000

        /// Runs the racing bodies, plus (for the collected tier) a thread that collects until they finish,
        /// then delivers whatever is left.
        private func race<T: Subject>(_: T.Type, _ bodies: [@Sendable () -> Void]) {
            let finished = Counter()
            var threads: [@Sendable () -> Void] = bodies.map { body in
                {
                    body()
                    finished.increment()
                }
            }
            if T.tier == .collected {
                let racers = bodies.count
                threads.append {
                    while finished.value < racers {
                        Collector.collect()
                    }
                }
            }
            runOnThreads(threads)
            T.tier.settle()
        }

        /// Thread A forms a reference with a callback (through a native weak load, so the object stays
        /// alive until the reference exists or is never formed) while thread B drops the last strong
        /// reference. A reference that was formed gets its callback exactly once.
        @Test(arguments: Tier.allCases)
        func creatingAReferenceRacesTheFinalRelease(tier: Tier) {
            checkCreationRace(tier.subject)
        }

        private func checkCreationRace<T: Subject>(_: T.Type) {
            let rounds = Self.rounds
            let strong = Locked<[T?]>((0..<rounds).map { T.make("racer \($0 % 10)", age: $0) })
            let handles = strong.current.map { NativeWeak($0) }
            let formed = Locked<[WeakReference<T>?]>(Array(repeating: nil, count: rounds))
            let calls = Tally(rounds: rounds)
            let received = Locked<[ObjectIdentifier?]>(Array(repeating: nil, count: rounds))
            let aliveInsideCallback = Counter()
            let aliveAtCreation = Tally(rounds: rounds)
            let barrier = Rendezvous(parties: 2)
            race(
                T.self,
                [
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            guard let object = handles[round].object else { continue }
                            // Pinned: the strong reference from the weak load lasts until the
                            // reference has been formed and read.
                            withExtendedLifetime(object) {
                                let reference = WeakReference(object) { dead in
                                    calls.increment(round)
                                    received.withLock { $0[round] = ObjectIdentifier(dead) }
                                    if dead() != nil { aliveInsideCallback.increment() }
                                }
                                if reference.isAlive { aliveAtCreation.increment(round) }
                                formed.withLock { $0[round] = reference }
                            }
                        }
                    },
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            strong.take(at: round)
                        }
                    },
                ])
            let references = formed.current
            let counts = calls.all
            let receivedIdentities = received.current
            let alive = aliveAtCreation.all
            #expect(aliveInsideCallback.value == 0)
            for round in 0..<rounds {
                if let reference = references[round] {
                    #expect(alive[round] == 1, "round \(round): formed from a strong reference, so alive")
                    #expect(
                        counts[round] == 1, "round \(round): a reference alive at creation calls back once")
                    #expect(receivedIdentities[round] == ObjectIdentifier(reference))
                    #expect(!reference.isAlive)
                } else {
                    #expect(counts[round] == 0, "round \(round): no reference, no callback")
                }
            }
            withExtendedLifetime(handles) {}
        }

        /// Thread A drops a reference while thread B drops its referent: the callback runs at most once.
        @Test(arguments: Tier.allCases)
        func droppingAReferenceRacesItsReferentsDeath(tier: Tier) {
            checkDropRace(tier.subject)
        }

        private func checkDropRace<T: Subject>(_: T.Type) {
            let rounds = Self.rounds
            let calls = Tally(rounds: rounds)
            let strong = Locked<[T?]>((0..<rounds).map { T.make("racer \($0 % 10)", age: $0) })
            let references = Locked<[WeakReference<T>?]>(
                strong.current.enumerated().map { round, object in
                    WeakReference(object!) { _ in calls.increment(round) }
                })
            let barrier = Rendezvous(parties: 2)
            race(
                T.self,
                [
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            references.take(at: round)
                        }
                    },
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            strong.take(at: round)
                        }
                    },
                ])
            #expect(calls.all.allSatisfy { $0 <= 1 })
        }

        /// Two threads register on the same fresh object at once (its storage or registry record is
        /// created by whichever wins): no registration is lost.
        @Test(arguments: Tier.allCases)
        func concurrentFirstRegistrationsAreNotLost(tier: Tier) {
            checkConcurrentRegistrations(tier.subject)
        }

        private func checkConcurrentRegistrations<T: Subject>(_: T.Type) {
            let rounds = Self.rounds
            let strong = Locked<[T?]>((0..<rounds).map { T.make("fresh \($0 % 10)", age: $0) })
            let callsA = Tally(rounds: rounds)
            let callsB = Tally(rounds: rounds)
            let keeper = Keeper()
            let barrier = Rendezvous(parties: 2)
            let register: @Sendable (Int, Tally) -> Void = { round, tally in
                let object = strong.current[round]!
                keeper.keep(WeakReference(object) { _ in tally.increment(round) })
            }
            race(
                T.self,
                [
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            register(round, callsA)
                        }
                    },
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            register(round, callsB)
                        }
                    },
                ])
            strong.exchange([])
            T.tier.settle()
            #expect(callsA.all.allSatisfy { $0 == 1 })
            #expect(callsB.all.allSatisfy { $0 == 1 })
            withExtendedLifetime(keeper) {}
        }

        /// Concurrent collections deliver each death once, and count it once.
        @Test func concurrentCollectionsDeliverEachDeathOnce() {
            Collector.collect()
            let objects = 1_000
            let calls = Tally(rounds: objects)
            var strong: [PlainEmployee] = (0..<objects).map { PlainEmployee.make("\($0 % 10)", age: $0) }
            let references = strong.enumerated().map { index, object in
                WeakReference(object) { _ in calls.increment(index) }
            }
            strong.removeAll()
            let processed = Locked(0)
            let barrier = Rendezvous(parties: 2)
            let collect: @Sendable () -> Void = {
                barrier.meet(round: 0)
                var total = 0
                for _ in 0..<10 { total += Collector.collect() }
                processed.withLock { $0 += total }
            }
            runOnThreads([collect, collect])
            #expect(processed.current == objects)
            #expect(calls.all.allSatisfy { $0 == 1 })
            withExtendedLifetime(references) {}
        }

        /// Thread A calls a finalizer while thread B drops its object: the action runs exactly once.
        @Test(arguments: Tier.allCases)
        func callingAFinalizerRacesItsObjectsDeath(tier: Tier) {
            checkFinalizerCallRace(tier.subject)
        }

        private func checkFinalizerCallRace<T: Subject>(_: T.Type) {
            let rounds = Self.rounds
            let baseline = _FinalizerRegistry.shared.liveCount
            let runs = Tally(rounds: rounds)
            let strong = Locked<[T?]>((0..<rounds).map { T.make("racer \($0 % 10)", age: $0) })
            let finalizers = strong.current.enumerated().map { round, object in
                Finalizer(object!) { runs.increment(round) }
            }
            let calledTrue = Tally(rounds: rounds)
            let barrier = Rendezvous(parties: 2)
            race(
                T.self,
                [
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            if finalizers[round]() { calledTrue.increment(round) }
                        }
                    },
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            strong.take(at: round)
                        }
                    },
                ])
            #expect(runs.all.allSatisfy { $0 == 1 })
            #expect(calledTrue.all.allSatisfy { $0 <= 1 })
            #expect(finalizers.allSatisfy { !$0.isAlive })
            #expect(_FinalizerRegistry.shared.liveCount == baseline)
        }

        /// Thread A detaches a finalizer while thread B drops its object: the action runs exactly when
        /// the detach did not succeed.
        @Test(arguments: Tier.allCases)
        func detachingAFinalizerRacesItsObjectsDeath(tier: Tier) {
            checkFinalizerDetachRace(tier.subject)
        }

        private func checkFinalizerDetachRace<T: Subject>(_: T.Type) {
            let rounds = Self.rounds
            let baseline = _FinalizerRegistry.shared.liveCount
            let runs = Tally(rounds: rounds)
            let strong = Locked<[T?]>((0..<rounds).map { T.make("racer \($0 % 10)", age: $0) })
            let finalizers = strong.current.enumerated().map { round, object in
                Finalizer(object!) { runs.increment(round) }
            }
            let detached = Tally(rounds: rounds)
            let barrier = Rendezvous(parties: 2)
            race(
                T.self,
                [
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            if finalizers[round].detach() != nil { detached.increment(round) }
                        }
                    },
                    {
                        for round in 0..<rounds {
                            barrier.meet(round: round)
                            strong.take(at: round)
                        }
                    },
                ])
            let detachedCounts = detached.all
            let runCounts = runs.all
            for round in 0..<rounds {
                #expect(runCounts[round] == 1 - detachedCounts[round], "round \(round)")
            }
            #expect(_FinalizerRegistry.shared.liveCount == baseline)
        }
    }
}
