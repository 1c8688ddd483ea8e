import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakReference`: Python's `weakref.ref` (catalog 1.B–1.D).
    @Suite struct WeakReferenceTests {
        // MARK: Dereferencing (B8, B9, B23)

        @Test(arguments: Tier.allCases)
        func dereferencesToTheSameObjectWhileAlive(tier: Tier) {
            checkDereference(tier.subject)
        }

        private func checkDereference<T: Subject>(_: T.Type) {
            let object = T.make()
            let reference = WeakReference(object)
            #expect(identical(reference(), object))
            #expect(identical(reference(), reference()))
            #expect(reference.isAlive)
            #expect(reference()?.name == "William")
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func readsNilAtOnceAfterTheLastStrongReferenceGoes(tier: Tier) {
            checkDeadDereference(tier.subject)
        }

        private func checkDeadDereference<T: Subject>(_: T.Type) {
            let called = Counter()
            var object: T? = T.make()
            let reference = WeakReference(object!) { _ in called.increment() }
            let plain = WeakReference(object!)
            object = nil
            // Both tiers read dead at once; only the callback waits for a collection.
            #expect(reference() == nil)
            #expect(!reference.isAlive)
            #expect(plain() == nil)
            #expect(!plain.isAlive)
            T.tier.expectDelivery { called.value == 1 }
        }

        @Test(arguments: Tier.allCases)
        func theDereferencedObjectIsAStrongReference(tier: Tier) {
            checkStrongResult(tier.subject)
        }

        private func checkStrongResult<T: Subject>(_: T.Type) {
            let called = Counter()
            var object: T? = T.make()
            let reference = WeakReference(object!) { _ in called.increment() }
            var strong = reference()
            object = nil
            T.tier.settle()
            #expect(reference.isAlive)
            #expect(called.value == 0)
            #expect(identical(reference(), strong))
            strong = nil
            #expect(!reference.isAlive)
            T.tier.expectDelivery { called.value == 1 }
        }

        // MARK: Callbacks (B24–B28, §5.6)

        @Test(arguments: Tier.allCases)
        func theCallbackReceivesTheDeadReferenceExactlyOnce(tier: Tier) {
            checkCallbackArgument(tier.subject)
        }

        private func checkCallbackArgument<T: Subject>(_: T.Type) {
            let received = Keeper()
            let readNil = Locked<[Bool]>([])
            var object: T? = T.make()
            let reference = WeakReference(object!) { dead in
                received.keep(dead)
                readNil.append(dead() == nil && !dead.isAlive)
            }
            object = nil
            T.tier.expectDelivery { received.all.count == 1 }
            Collector.collect()
            #expect(received.all.count == 1)
            #expect(identical(received.all.first, reference))
            #expect(readNil.current == [true])
        }

        @Test(arguments: Tier.allCases)
        func callbacksRunMostRecentlyRegisteredFirst(tier: Tier) {
            checkCallbackOrder(tier.subject)
        }

        private func checkCallbackOrder<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            // Registered 1, 3, 2 (Python's tutorial): they run Second, Third, First.
            let first = WeakReference(object!) { _ in log.record("First Callback Executed.") }
            let third = WeakReference(object!) { _ in log.record("Third Callback Executed.") }
            let second = WeakReference(object!) { _ in log.record("Second Callback Executed.") }
            object = nil
            T.tier.expectDelivery { log.all.count == 3 }
            T.tier.settle()
            #expect(
                log.all == [
                    "Second Callback Executed.", "Third Callback Executed.", "First Callback Executed.",
                ])
            #expect(!first.isAlive && !second.isAlive && !third.isAlive)
        }

        @Test(arguments: Tier.allCases)
        func everyReferenceIsClearedBeforeAnyCallbackRuns(tier: Tier) {
            checkClearedBeforeCallbacks(tier.subject)
        }

        private func checkClearedBeforeCallbacks<T: Subject>(_: T.Type) {
            let all = Locked<[WeakReference<T>]>([])
            let seenAlive = Recorder()
            let calls = Counter()
            var object: T? = T.make()
            let callback: @Sendable (WeakReference<T>) -> Void = { _ in
                calls.increment()
                for (index, reference) in all.current.enumerated() where reference() != nil {
                    seenAlive.record("reference \(index)")
                }
            }
            all.append(WeakReference(object!, onDeallocation: callback))
            all.append(WeakReference(object!))
            all.append(WeakReference(object!, onDeallocation: callback))
            all.append(WeakReference(object!, onDeallocation: callback))
            object = nil
            T.tier.expectDelivery { calls.value == 3 }
            #expect(seenAlive.all.isEmpty)
        }

        @Test(arguments: Tier.allCases)
        func aReferenceDeallocatedBeforeItsReferentNeverCallsBack(tier: Tier) {
            checkReferenceDiesFirst(tier.subject)
        }

        private func checkReferenceDiesFirst<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            var doomed: WeakReference<T>? = WeakReference(object!) { _ in log.record("doomed") }
            let survivor = WeakReference(object!) { _ in log.record("survivor") }
            let native = NativeWeak(doomed)
            #expect(doomed!.isAlive)
            doomed = nil
            // Observing the deallocation also keeps an optimized build from delaying it (SWIFT-FACTS).
            #expect(native.object == nil, "the reference is deallocated before its referent")
            #expect(weakReferenceCount(of: object!) == 1)
            object = nil
            T.tier.expectDelivery { log.all == ["survivor"] }
            T.tier.settle()
            #expect(log.all == ["survivor"])
            withExtendedLifetime(survivor) {}
        }

        @Test(arguments: Tier.allCases)
        func referencesCreatedInsideTheReferentsDeinitAreBornDead(tier: Tier) {
            checkBornDead(tier.subject)
        }

        private func checkBornDead<T: Subject>(_: T.Type) {
            let log = Recorder()
            let made = Keeper()
            var object: T? = T.make()
            object!.onDeinit = { dying in
                let reference = WeakReference(dying) { _ in log.record("reference") }
                let proxy = WeakProxy(dying) { _ in log.record("proxy") }
                let method = WeakMethod(dying, T.prettyPrint) { _ in log.record("method") }
                let finalizer = Finalizer(dying) { log.record("finalizer") }
                log.record(reference.isAlive ? "reference alive" : "reference dead")
                log.record(proxy.isAlive ? "proxy alive" : "proxy dead")
                log.record(method.isAlive ? "method alive" : "method dead")
                log.record(finalizer.isAlive ? "finalizer alive" : "finalizer dead")
                log.record(reference() == nil ? "reads nil" : "reads the object")
                made.keep(reference)
                made.keep(proxy)
                made.keep(method)
                made.keep(finalizer)
            }
            let baseline = _FinalizerRegistry.shared.liveCount
            object = nil
            T.tier.settle()
            Collector.collect()
            #expect(
                log.all == ["reference dead", "proxy dead", "method dead", "finalizer dead", "reads nil"])
            #expect(made.all.count == 4)
            #expect(_FinalizerRegistry.shared.liveCount == baseline)
        }

        // MARK: Equality and hashing (B36–B44)

        @Test(arguments: Tier.allCases)
        func liveReferencesToTheSameObjectAreEqualAndHashEqual(tier: Tier) {
            checkLiveEquality(tier.subject)
        }

        private func checkLiveEquality<T: Subject>(_: T.Type) {
            let object = T.make()
            let other = T.make("Other")
            let plain = WeakReference(object)
            let withCallback = WeakReference(object) { _ in }
            // Distinct objects: references are never shared (documented deviation from CPython).
            #expect(!identical(plain, withCallback))
            // Callbacks do not affect equality or hash (B40).
            #expect(plain == withCallback)
            #expect(plain.hashValue == withCallback.hashValue)
            #expect(plain != WeakReference(other))
            #expect(Set([plain, withCallback]).count == 1)
            withExtendedLifetime((object, other)) {}
        }

        @Test(arguments: Tier.allCases)
        func deadReferencesAreEqualOnlyToThemselves(tier: Tier) {
            checkDeadEquality(tier.subject)
        }

        private func checkDeadEquality<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let alive = T.make("Alive")
            let first = WeakReference(object!)
            let second = WeakReference(object!) { _ in }
            let toAlive = WeakReference(alive)
            #expect(first == second)
            object = nil
            #expect(first != second)
            #expect(first == first)
            #expect(second == second)
            #expect(first != toAlive)
            #expect(toAlive != first)
            #expect(Set([first, second]).count == 2)
            T.tier.settle()
            withExtendedLifetime(alive) {}
        }

        @Test(arguments: Tier.allCases)
        func theHashStaysStableAfterDeath(tier: Tier) {
            checkStableHash(tier.subject)
        }

        private func checkStableHash<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let reference = WeakReference(object!)
            let unhashedUntilDeath = WeakReference(object!)
            let hash = reference.hashValue
            var set: Set = [reference]
            object = nil
            T.tier.settle()
            #expect(reference.hashValue == hash)
            // Hashing a reference first hashed after its referent died still works (unlike CPython's
            // `TypeError: weak object has gone away`), and matches.
            #expect(unhashedUntilDeath.hashValue == hash)
            #expect(set.contains(reference))
            #expect(!set.contains(unhashedUntilDeath))
            set.insert(unhashedUntilDeath)
            #expect(set.count == 2)
        }

        @Test func referencesAreNotOrdered() {
            #expect(!(WeakReference<Employee>.self is any Comparable.Type))
            #expect(!(WeakReference<PlainEmployee>.self is any Comparable.Type))
        }

        // MARK: Descriptions (B45, B47, B49)

        @Test(arguments: Tier.allCases)
        func describesItselfLikePython(tier: Tier) {
            checkDescription(tier.subject)
        }

        private func checkDescription<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let reference = WeakReference(object!) { _ in }
            let alive = reference.description
            #expect(wholeMatch(alive, "<weakref at 0x[0-9a-f]+; to '\(T.typeName)' at 0x[0-9a-f]+>"))
            #expect(
                alive
                    == "<weakref at \(hexAddress(of: reference)); to '\(T.typeName)' at \(hexAddress(of: object!))>"
            )
            #expect(reference.debugDescription == alive)
            #expect(String(describing: reference) == alive)
            object = nil
            let dead = reference.description
            #expect(wholeMatch(dead, "<weakref at 0x[0-9a-f]+; dead>"))
            #expect(dead == "<weakref at \(hexAddress(of: reference)); dead>")
            #expect(reference.debugDescription == dead)
            T.tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func objectPropertyReadsLikeCallingTheReference(tier: Tier) {
            checkObjectProperty(tier.subject)
        }

        private func checkObjectProperty<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let reference = WeakReference(object!)
            #expect(reference.object?.name == "William")
            #expect(identical(reference.object, reference()))
            object = nil
            #expect(reference.object == nil)
            T.tier.settle()
        }
    }
}
