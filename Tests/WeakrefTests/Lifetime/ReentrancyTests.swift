import Testing

@testable import Weakref

/// The kinds of registration whose user code runs at a death.
enum ObserverKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case reference, proxy, method, finalizer
    var testDescription: String { rawValue }
}

extension WeakrefSuite {
    /// DESIGN §5.4, H1: a callback may call any API of the library, including on the object and the
    /// reference that triggered it, with no deadlock and no trap.
    @Suite struct ReentrancyTests {
        @Test(arguments: Tier.allCases, ObserverKind.allCases)
        func aCallbackMayCallEveryAPI(tier: Tier, kind: ObserverKind) {
            checkEveryAPI(tier.subject, kind: kind)
        }

        private func checkEveryAPI<T: Subject>(_: T.Type, kind: ObserverKind) {
            let log = Recorder()
            let keeper = Keeper()
            let otherBox = Locked<T?>(T.make("Other"))
            // A reference to `other` that the callback drops, and an object whose last strong reference
            // the callback releases (a nested death).
            let doomedReference = Locked<WeakReference<T>?>(
                WeakReference(otherBox.current!) { _ in log.record("doomed") })
            let cascade = Locked<T?>(T.make("Cascade"))
            let cascadeReference = WeakReference(cascade.current!) { _ in log.record("cascade") }
            let triggering = Locked<AnyObject?>(nil)

            let exercise: @Sendable (AnyObject?) -> Void = { received in
                log.record("callback")
                let other = otherBox.current!
                if kind != .finalizer {
                    #expect(identical(received, triggering.current))
                }
                // The reference that triggered the callback.
                if let reference = received as? WeakReference<T> {
                    #expect(reference() == nil)
                    #expect(!reference.isAlive)
                    #expect(reference == reference)
                    _ = reference.hashValue
                    #expect(wholeMatch(reference.description, "<weakref at 0x[0-9a-f]+; dead>"))
                }
                if let proxy = received as? WeakProxy<T> {
                    #expect(throws: ReferenceError.self) { try proxy.name }
                    #expect(wholeMatch(proxy.description, "<weakproxy at 0x[0-9a-f]+; dead>"))
                }
                if let finalizer = triggering.current as? Finalizer<T>, kind == .finalizer {
                    #expect(!finalizer.isAlive)
                    #expect(!finalizer())
                    #expect(finalizer.detach() == nil)
                    #expect(finalizer.peek() == nil)
                    #expect(!finalizer.runsAtExit)
                    #expect(wholeMatch(finalizer.description, "<finalize object at 0x[0-9a-f]+; dead>"))
                }
                // Introspection of another object.
                let count = weakReferenceCount(of: other)
                #expect(weakReferences(to: other).count == count)
                // New references of every kind to another object.
                let reference = WeakReference(other) { _ in log.record("late reference") }
                let proxy = WeakProxy(other) { _ in log.record("late proxy") }
                let method = WeakMethod(other, T.greet)
                Finalizer(other) { log.record("late finalizer") }
                #expect(weakReferenceCount(of: other) == count + 3)
                #expect((try? proxy.name) == "Other")
                #expect(method()?("Ada", 1) == "Hello Ada from Other")
                keeper.keep(reference)
                keeper.keep(proxy)
                keeper.keep(method)
                // Drop another reference: its deinit unregisters it.
                doomedReference.exchange(nil)
                #expect(weakReferenceCount(of: other) == count + 2)
                // Release the last strong reference to another observed object, then collect from
                // inside the callback (the nested collection finds the collected-tier death).
                cascade.exchange(nil)
                Collector.collect()
                // Drop the library's own object that triggered this callback.
                triggering.exchange(nil)
            }

            var victim: T? = T.make("Victim")
            switch kind {
            case .reference:
                triggering.exchange(WeakReference(victim!) { exercise($0) })
            case .proxy:
                triggering.exchange(WeakProxy(victim!) { exercise($0) })
            case .method:
                triggering.exchange(WeakMethod(victim!, T.prettyPrint) { exercise($0) })
            case .finalizer:
                triggering.exchange(Finalizer(victim!) { exercise(nil) })
            }
            victim = nil
            T.tier.expectDelivery { log.count(of: "callback") == 1 }
            // The nested death was delivered after the callback returned, in the same delivery.
            #expect(log.all == ["callback", "cascade"])
            #expect(triggering.current == nil)
            // Everything created in the callback works: `other`'s death reaches it, newest first.
            // (`doomed` never fires: its reference was deallocated first.)
            otherBox.exchange(nil)
            T.tier.expectDelivery { log.count(of: "late reference") == 1 }
            #expect(
                log.all == ["callback", "cascade", "late finalizer", "late proxy", "late reference"])
            withExtendedLifetime((cascadeReference, keeper)) {}
        }

        @Test(arguments: Tier.allCases)
        func referencesCreatedInACallbackFireWhenTheirObjectDies(tier: Tier) {
            checkLateRegistrations(tier.subject)
        }

        private func checkLateRegistrations<T: Subject>(_: T.Type) {
            let log = Recorder()
            let keeper = Keeper()
            let other = Locked<T?>(T.make("Other"))
            var victim: T? = T.make("Victim")
            let reference = WeakReference(victim!) { _ in
                guard let target = other.current else { return }
                keeper.keep(WeakReference(target) { _ in log.record("late reference") })
                keeper.keep(WeakProxy(target) { _ in log.record("late proxy") })
                keeper.keep(WeakMethod(target, T.greet) { _ in log.record("late method") })
                Finalizer(target) { log.record("late finalizer") }
                log.record("callback")
            }
            victim = nil
            T.tier.expectDelivery { log.all == ["callback"] }
            other.exchange(nil)
            T.tier.expectDelivery { log.all.count == 5 }
            #expect(log.all == ["callback", "late finalizer", "late method", "late proxy", "late reference"])
            withExtendedLifetime(reference) {}
        }

        @Test(arguments: Tier.allCases)
        func aCallbackMayRunTheSameObjectsFinalizerEarly(tier: Tier) {
            checkFinalizerFromCallback(tier.subject)
        }

        private func checkFinalizerFromCallback<T: Subject>(_: T.Type) {
            let log = Recorder()
            var victim: T? = T.make()
            let finalizer = Finalizer(victim!) { log.record("finalizer") }
            // Newer than the finalizer, so its callback runs first and calls the finalizer itself.
            let reference = WeakReference(victim!) { _ in
                log.record(finalizer() ? "called: ran" : "called: did not run")
                log.record(finalizer.isAlive ? "alive" : "dead")
            }
            victim = nil
            T.tier.expectDelivery { log.count(of: "finalizer") == 1 }
            T.tier.settle()
            #expect(log.all == ["finalizer", "called: ran", "dead"])
            withExtendedLifetime(reference) {}
        }

        @Test(arguments: Tier.allCases)
        func aFinalizerActionMayCallItsOwnFinalizer(tier: Tier) {
            checkFinalizerCallingItself(tier.subject)
        }

        private func checkFinalizerCallingItself<T: Subject>(_: T.Type) {
            let log = Recorder()
            let box = Locked<Finalizer<T>?>(nil)
            var victim: T? = T.make()
            box.exchange(
                Finalizer(victim!) {
                    let finalizer = box.current
                    log.record(finalizer?.isAlive == false ? "dead inside" : "alive inside")
                    log.record(finalizer?() == false ? "no second run" : "second run")
                    box.exchange(nil)
                })
            victim = nil
            T.tier.expectDelivery { !log.all.isEmpty }
            #expect(log.all == ["dead inside", "no second run"])
        }

        @Test(arguments: Tier.allCases)
        func aCallbackMayDropAnotherPendingReferenceOfTheSameObject(tier: Tier) {
            checkDroppingPendingReference(tier.subject)
        }

        private func checkDroppingPendingReference<T: Subject>(_: T.Type) {
            let log = Recorder()
            var victim: T? = T.make()
            let older = Locked<WeakReference<T>?>(WeakReference(victim!) { _ in log.record("older") })
            let newer = WeakReference(victim!) { _ in
                log.record("newer")
                older.exchange(nil)
            }
            victim = nil
            T.tier.expectDelivery { log.count(of: "newer") == 1 }
            T.tier.settle()
            // The older reference was deallocated during the delivery, before its turn. The contract
            // only pins a reference deallocated before the referent's death (never calls back);
            // CPython would still call this one. Either way: at most once, no deadlock, no trap.
            #expect(log.count(of: "newer") == 1)
            #expect(log.count(of: "older") <= 1)
            #expect(log.all.first == "newer")
            withExtendedLifetime(newer) {}
        }
    }
}
