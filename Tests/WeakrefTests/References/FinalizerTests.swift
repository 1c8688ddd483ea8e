import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `Finalizer`: Python's `weakref.finalize` (catalog 1.I).
    @Suite struct FinalizerTests {
        private var liveCount: Int { _FinalizerRegistry.shared.liveCount }

        @Test(arguments: Tier.allCases)
        func aCallRunsTheActionOnceAndReportsIt(tier: Tier) throws {
            try checkExplicitCall(tier.subject)
        }

        /// B102–B104.
        private func checkExplicitCall<T: Subject>(_: T.Type) throws {
            let log = Recorder()
            var object: T? = T.make()
            let finalizer = Finalizer(object!) { log.record("ran") }
            #expect(finalizer.isAlive)
            do {
                let (peeked, _) = try #require(finalizer.peek())
                #expect(identical(peeked, object))
            }
            #expect(finalizer.isAlive, "peek changes nothing")
            #expect(finalizer())
            #expect(log.all == ["ran"])
            #expect(!finalizer())
            #expect(log.all == ["ran"])
            #expect(!finalizer.isAlive)
            #expect(finalizer.peek() == nil)
            #expect(finalizer.detach() == nil)
            let native = NativeWeak(object)
            object = nil
            #expect(native.object == nil)
            T.tier.settle()
            #expect(log.all == ["ran"])
        }

        @Test(arguments: Tier.allCases)
        func detachReturnsTheObjectAndActionAndTheActionNeverRuns(tier: Tier) throws {
            try checkDetach(tier.subject)
        }

        /// B105.
        private func checkDetach<T: Subject>(_: T.Type) throws {
            let log = Recorder()
            var object: T? = T.make()
            let finalizer = Finalizer(object!) { log.record("ran") }
            do {
                let pair = try #require(finalizer.detach())
                #expect(identical(pair.object, object))
                #expect(!finalizer.isAlive)
                #expect(finalizer.detach() == nil)
                #expect(finalizer.peek() == nil)
                #expect(!finalizer())
                // The returned action is the original closure.
                pair.action()
                #expect(log.all == ["ran"])
            }
            let native = NativeWeak(object)
            object = nil
            #expect(native.object == nil)
            T.tier.settle()
            Collector.collect()
            #expect(log.all == ["ran"])
        }

        @Test(arguments: Tier.allCases)
        func runsWhenTheObjectDies(tier: Tier) {
            checkAutomaticRun(tier.subject)
        }

        /// B107.
        private func checkAutomaticRun<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            let finalizer = Finalizer(object!) { log.record("ran") }
            object = nil
            T.tier.expectDelivery { log.all == ["ran"] }
            #expect(!finalizer.isAlive)
            #expect(!finalizer())
            Collector.collect()
            #expect(log.all == ["ran"])
        }

        @Test(arguments: Tier.allCases)
        func aDroppedFinalizerKeepsItselfAlive(tier: Tier) {
            checkSelfRetention(tier.subject)
        }

        /// B108.
        private func checkSelfRetention<T: Subject>(_: T.Type) {
            let baseline = liveCount
            let log = Recorder()
            var object: T? = T.make()
            Finalizer(object!) { log.record("ran") }
            #expect(liveCount == baseline + 1)
            object = nil
            T.tier.expectDelivery { log.all == ["ran"] }
            #expect(liveCount == baseline)
        }

        @Test(arguments: Tier.allCases)
        func severalFinalizersRunNewestFirst(tier: Tier) {
            checkOrder(tier.subject)
        }

        /// B109, the scenario of CPython's test_order: f1 and f4 are dropped at once, f5 detached and f3
        /// called before the object dies.
        private func checkOrder<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            Finalizer(object!) { log.record("f1") }
            let f2 = Finalizer(object!) { log.record("f2") }
            let f3 = Finalizer(object!) { log.record("f3") }
            Finalizer(object!) { log.record("f4") }
            let f5 = Finalizer(object!) { log.record("f5") }
            #expect(f2.isAlive)
            #expect(f3.isAlive)
            #expect(f5.isAlive)
            #expect(f5.detach() != nil)
            #expect(!f5.isAlive)
            #expect(!f5())
            log.record("A")
            #expect(f3())
            #expect(!f3.isAlive)
            log.record("B")
            #expect(!f3())
            log.record("C")
            object = nil
            T.tier.expectDelivery { log.all.contains("f1") }
            #expect(!f2.isAlive)
            log.record("D")
            #expect(!f2())
            #expect(log.all == ["A", "f3", "B", "C", "f4", "f2", "f1", "D"])
        }

        @Test(arguments: Tier.allCases, ["death", "call", "detach"])
        func theActionIsReleasedOnceTheFinalizerIsDone(tier: Tier, ending: String) {
            checkRelease(tier.subject, ending: ending)
        }

        /// B110: the registry drops the entry and the closure (with its captures).
        private func checkRelease<T: Subject>(_: T.Type, ending: String) {
            let baseline = liveCount
            var object: T? = T.make()
            var token: Token? = Token()
            let captured = NativeWeak(token)
            let finalizer = Finalizer(object!) { [token] in withExtendedLifetime(token) {} }
            token = nil
            #expect(captured.object != nil, "the live finalizer holds its action")
            #expect(liveCount == baseline + 1)
            switch ending {
            case "death":
                object = nil
                T.tier.settle()
            case "call":
                #expect(finalizer())
            default:
                #expect(finalizer.detach() != nil)
            }
            #expect(captured.object == nil)
            #expect(liveCount == baseline)
            #expect(!finalizer.isAlive)
            object = nil
            T.tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func runsAtExitDefaultsToTrueAndReadsFalseOnceDead(tier: Tier) {
            checkRunsAtExit(tier.subject)
        }

        /// B115.
        private func checkRunsAtExit<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let finalizer = Finalizer(object!) {}
            #expect(finalizer.runsAtExit)
            finalizer.runsAtExit = false
            #expect(!finalizer.runsAtExit)
            finalizer.runsAtExit = true
            #expect(finalizer.runsAtExit)
            let called = Finalizer(object!) {}
            #expect(called())
            #expect(!called.runsAtExit)
            called.runsAtExit = true
            #expect(!called.runsAtExit, "setting it on a dead finalizer is ignored")
            let detached = Finalizer(object!) {}
            detached.runsAtExit = false
            #expect(detached.detach() != nil)
            detached.runsAtExit = true
            #expect(!detached.runsAtExit)
            object = nil
            T.tier.settle()
            #expect(!finalizer.runsAtExit)
            finalizer.runsAtExit = true
            #expect(!finalizer.runsAtExit)
        }

        @Test(arguments: Tier.allCases)
        func describesItselfLikePython(tier: Tier) {
            checkDescription(tier.subject)
        }

        /// B122.
        private func checkDescription<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let finalizer = Finalizer(object!) {}
            let alive = finalizer.description
            #expect(wholeMatch(alive, "<finalize object at 0x[0-9a-f]+; for '\(T.typeName)' at 0x[0-9a-f]+>"))
            #expect(
                alive
                    == "<finalize object at \(hexAddress(of: finalizer)); for '\(T.typeName)' at \(hexAddress(of: object!))>"
            )
            let called = Finalizer(object!) {}
            called()
            #expect(called.description == "<finalize object at \(hexAddress(of: called)); dead>")
            object = nil
            T.tier.settle()
            #expect(wholeMatch(finalizer.description, "<finalize object at 0x[0-9a-f]+; dead>"))
        }

        @Test(arguments: Tier.allCases)
        func finalizersAreNotWeakReferences(tier: Tier) {
            checkNotCounted(tier.subject)
        }

        private func checkNotCounted<T: Subject>(_: T.Type) {
            let object = T.make()
            let finalizer = Finalizer(object) {}
            #expect(weakReferenceCount(of: object) == 0)
            #expect(weakReferences(to: object).isEmpty)
            finalizer.detach()
            withExtendedLifetime(object) {}
        }

        // MARK: At exit (B116, B117, B120, H15)

        /// In a child process: the same scenario as the tour's chapter, exiting with `exit(0)`, plus a C
        /// `atexit` handler registered before the first finalizer, which therefore runs after the
        /// finalizers were drained. From then on no finalizer runs: not a new one, not an opted-out one
        /// called explicitly, not one whose object dies during exit.
        @Test func afterExitProcessingNoFinalizerRunsAgain() async {
            let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
                atexit {
                    let late = Finalizer(exitTestWitness) { print("late action ran") }
                    print("late call: \(late())")
                    print("late alive: \(late.isAlive)")
                    print("opted-out call: \(exitTestOptedOut.current?() ?? true)")
                    exitTestLateDeath.exchange(nil)
                    print("late death delivered")
                }
                Finalizer(exitTestWitness) { print("f1") }
                exitTestOptedOut.exchange(Finalizer(exitTestWitness) { print("f2") })
                exitTestOptedOut.current?.runsAtExit = false
                Finalizer(exitTestWitness) {
                    print("f3")
                    Finalizer(exitTestWitness) { print("g1") }
                }
                Finalizer(exitTestWitness) { print("f4") }
                let employee = Employee.make()
                let dying = Finalizer(employee) { print("late death action ran") }
                dying.runsAtExit = false
                exitTestLateDeath.exchange(employee)
                exit(0)
            }
            guard let result else { return }
            let lines = String(decoding: result.standardOutputContent, as: UTF8.self)
                .split(separator: "\n").map(String.init)
            #expect(
                lines == [
                    "f4", "f3", "g1", "f1", "late call: false", "late alive: false", "opted-out call: false",
                    "late death delivered",
                ])
        }

        /// The tour's `finalizer-at-exit` chapter creates f1…f4 on an object that outlives `main`, opts
        /// f2 out, and has f3 create g1 while exit processing runs. At normal exit the survivors run
        /// newest first, g1 (the newest by then) right after f3, and f2 never.
        @Test func aliveFinalizersRunAtExitNewestFirst() throws {
            let run = try runTour(["finalizer-at-exit"])
            #expect(run.terminationStatus == 0, "stderr: \(run.standardError)")
            #expect(run.terminationReason == .exit)
            #expect(run.lines == ["f4", "f3", "g1", "f1"])
            #expect(!run.lines.contains("f2"))
        }
    }
}

/// Objects of the exit test below; globals, because a C `atexit` handler cannot capture.
let exitTestWitness = Token()
let exitTestOptedOut = Locked<Finalizer<Token>?>(nil)
let exitTestLateDeath = Locked<Employee?>(nil)
