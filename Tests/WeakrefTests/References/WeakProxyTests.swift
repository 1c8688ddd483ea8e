import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakProxy`: Python's `weakref.proxy` (catalog 1.F).
    @Suite struct WeakProxyTests {
        @Test(arguments: Tier.allCases)
        func readsMembersOfTheLiveReferent(tier: Tier) throws {
            try checkReads(tier.subject)
        }

        private func checkReads<T: Subject>(_: T.Type) throws {
            let object = T.make()
            let proxy = WeakProxy(object)
            #expect(try proxy.name == "William")
            #expect(try proxy.age == 30)
            // Changes to the object show through the proxy (B58).
            object.name = "Ada"
            #expect(try proxy.name == "Ada")
            #expect(proxy.isAlive)
            #expect(identical(try proxy.target(), object))
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func writesAndCallsMethodsThroughTheProxy(tier: Tier) throws {
            try checkWrites(tier.subject)
        }

        private func checkWrites<T: Subject>(_: T.Type) throws {
            let object = T.make()
            let proxy = WeakProxy(object)
            try proxy.set(\.age, to: 31)
            #expect(object.age == 31)
            try proxy.target().birthday()
            #expect(object.age == 32)
            try proxy.target().name = "Grace"
            #expect(object.name == "Grace")
            #expect(try proxy.target().greet("Ada", 2) == "Hello Ada, Hello Ada from Grace")
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func throwsReferenceErrorOnceTheReferentIsGone(tier: Tier) {
            checkDeadProxy(tier.subject)
        }

        private func checkDeadProxy<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let proxy = WeakProxy(object!)
            object = nil
            // Both tiers: dead at once.
            #expect(!proxy.isAlive)
            #expect(throws: ReferenceError.self) { try proxy.name }
            #expect(throws: ReferenceError.self) { try proxy.age }
            #expect(throws: ReferenceError.self) { try proxy.target() }
            #expect(throws: ReferenceError.self) { try proxy.set(\.age, to: 1) }
            do {
                _ = try proxy.name
                Issue.record("a dead proxy must throw")
            } catch {
                // Typed throws: `error` is a ReferenceError.
                #expect(error == ReferenceError())
                #expect(String(describing: error) == "weakly-referenced object no longer exists")
                #expect(error.description == "weakly-referenced object no longer exists")
            }
            T.tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func callbacksReceiveTheProxyExactlyOnce(tier: Tier) {
            checkProxyCallbacks(tier.subject)
        }

        private func checkProxyCallbacks<T: Subject>(_: T.Type) {
            let received = Keeper()
            let threw = Counter()
            var object: T? = T.make()
            let callback: @Sendable (WeakProxy<T>) -> Void = { dead in
                received.keep(dead)
                if (try? dead.name) == nil { threw.increment() }
            }
            let first = WeakProxy(object!, onDeallocation: callback)
            let second = WeakProxy(object!, onDeallocation: callback)
            object = nil
            T.tier.expectDelivery { received.all.count == 2 }
            Collector.collect()
            #expect(received.all.count == 2)
            #expect(identical(received.all.first, second))
            #expect(identical(received.all.last, first))
            #expect(threw.value == 2)
        }

        @Test(arguments: Tier.allCases)
        func callbacksOfEveryKindRunMostRecentFirst(tier: Tier) {
            checkMixedOrder(tier.subject)
        }

        /// B26: references, proxies, methods and finalizers share one order.
        private func checkMixedOrder<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            let r1 = WeakReference(object!) { _ in log.record("r1") }
            let r2 = WeakReference(object!) { _ in log.record("r2") }
            let p1 = WeakProxy(object!) { _ in log.record("p1") }
            let r3 = WeakReference(object!) { _ in log.record("r3") }
            Finalizer(object!) { log.record("f1") }
            let m1 = WeakMethod(object!, T.prettyPrint) { _ in log.record("m1") }
            let p2 = WeakProxy(object!) { _ in log.record("p2") }
            object = nil
            T.tier.expectDelivery { log.all.count == 7 }
            #expect(log.all == ["p2", "m1", "f1", "r3", "p1", "r2", "r1"])
            withExtendedLifetime((r1, r2, p1, r3, m1, p2)) {}
        }

        @Test(arguments: Tier.allCases)
        func aProxyDeallocatedBeforeItsReferentNeverCallsBack(tier: Tier) {
            checkProxyDiesFirst(tier.subject)
        }

        private func checkProxyDiesFirst<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            var doomed: WeakProxy<T>? = WeakProxy(object!) { _ in log.record("doomed") }
            let survivor = WeakProxy(object!) { _ in log.record("survivor") }
            let native = NativeWeak(doomed)
            #expect(doomed!.isAlive)
            doomed = nil
            // Observing the deallocation also keeps an optimized build from delaying it (SWIFT-FACTS).
            #expect(native.object == nil, "the proxy is deallocated before its referent")
            #expect(weakReferenceCount(of: object!) == 1)
            object = nil
            T.tier.expectDelivery { log.all == ["survivor"] }
            withExtendedLifetime(survivor) {}
        }

        @Test(arguments: Tier.allCases)
        func describesItselfLikePython(tier: Tier) {
            checkDescription(tier.subject)
        }

        private func checkDescription<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let proxy = WeakProxy(object!)
            let alive = proxy.description
            #expect(wholeMatch(alive, "<weakproxy at 0x[0-9a-f]+; to '\(T.typeName)' at 0x[0-9a-f]+>"))
            #expect(
                alive
                    == "<weakproxy at \(hexAddress(of: proxy)); to '\(T.typeName)' at \(hexAddress(of: object!))>"
            )
            #expect(proxy.debugDescription == alive)
            object = nil
            let dead = proxy.description
            #expect(wholeMatch(dead, "<weakproxy at 0x[0-9a-f]+; dead>"))
            #expect(dead == "<weakproxy at \(hexAddress(of: proxy)); dead>")
            #expect(proxy.debugDescription == dead)
            T.tier.settle()
        }

        @Test func proxiesAreNotHashable() {
            #expect(!(WeakProxy<Employee>.self is any Hashable.Type))
            #expect(!(WeakProxy<PlainEmployee>.self is any Hashable.Type))
        }

        @Test(arguments: Tier.allCases)
        func proxiesAreNeverShared(tier: Tier) {
            checkNotShared(tier.subject)
        }

        /// CPython shares the callback-less proxy (B61); Swift initializers cannot, and every proxy is
        /// counted.
        private func checkNotShared<T: Subject>(_: T.Type) {
            let object = T.make()
            let first = WeakProxy(object)
            let second = WeakProxy(object)
            #expect(!identical(first, second))
            #expect(weakReferenceCount(of: object) == 2)
            withExtendedLifetime((object, first, second)) {}
        }
    }
}
