import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `weakReferenceCount(of:)` and `weakReferences(to:)`: Python's `getweakrefcount` and
    /// `getweakrefs` (catalog 1.G).
    @Suite struct IntrospectionTests {
        @Test(arguments: Tier.allCases)
        func aNeverReferencedObjectHasNoReferences(tier: Tier) {
            checkNoReferences(tier.subject)
        }

        /// B82; reading creates no storage and no registry record.
        private func checkNoReferences<T: Subject>(_: T.Type) {
            let records = _ReferentRegistry.shared.recordCount
            let object = T.make()
            #expect(weakReferenceCount(of: object) == 0)
            #expect(weakReferences(to: object).isEmpty)
            #expect(_Referents.existingRecord(for: object) == nil)
            #expect(_ReferentRegistry.shared.recordCount == records)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func everyReferenceObjectCountsOnce(tier: Tier) {
            checkCounting(tier.subject)
        }

        /// B80, with the documented deviation: callback-less references are not shared, so each one
        /// counts. Finalizers are not reference objects and do not count.
        private func checkCounting<T: Subject>(_: T.Type) {
            let object = T.make()
            let r1 = WeakReference(object)
            let r2 = WeakReference(object)
            #expect(weakReferenceCount(of: object) == 2)
            let p1 = WeakProxy(object)
            let p2 = WeakProxy(object) { _ in }
            #expect(weakReferenceCount(of: object) == 4)
            let m1 = WeakMethod(object, T.prettyPrint)
            #expect(weakReferenceCount(of: object) == 5)
            let finalizer = Finalizer(object) {}
            #expect(weakReferenceCount(of: object) == 5)
            #expect(weakReferences(to: object).count == 5)
            finalizer.detach()
            withExtendedLifetime((object, r1, r2, p1, p2, m1)) {}
        }

        @Test(arguments: Tier.allCases)
        func listsReferencesNewestFirst(tier: Tier) {
            checkListOrder(tier.subject)
        }

        /// B83–B84, adapted: no canonical reference, so the list is simply newest first.
        private func checkListOrder<T: Subject>(_: T.Type) {
            let object = T.make()
            let r1 = WeakReference(object) { _ in }
            let r2 = WeakReference(object)
            let p1 = WeakProxy(object)
            let r3 = WeakReference(object) { _ in }
            let p2 = WeakProxy(object) { _ in }
            let m1 = WeakMethod(object, T.greet)
            let listed = weakReferences(to: object)
            let expected: [AnyObject] = [m1, p2, r3, p1, r2, r1]
            #expect(identities(listed) == expected.map { ObjectIdentifier($0) })
            #expect(listed.allSatisfy { $0.isAlive && identical($0.referent, object) })
            #expect(listed.map(\.description) == expected.map { String(describing: $0) })
            withExtendedLifetime((object, r1, r2, p1, r3, p2, m1)) {}
        }

        @Test(arguments: Tier.allCases)
        func theCountDropsAsReferencesAreDeallocated(tier: Tier) {
            checkDrops(tier.subject)
        }

        /// B81, B83; the collected tier's record leaves the registry at the first collection after the
        /// last reference went.
        private func checkDrops<T: Subject>(_: T.Type) {
            Collector.collect()
            let records = _ReferentRegistry.shared.recordCount
            let object = T.make()
            var first: WeakReference<T>? = WeakReference(object) { _ in }
            var proxy: WeakProxy<T>? = WeakProxy(object)
            var method: WeakMethod? = WeakMethod(object, T.prettyPrint)
            #expect(weakReferenceCount(of: object) == 3)
            proxy = nil
            #expect(weakReferenceCount(of: object) == 2)
            let remaining = [ObjectIdentifier(method!), ObjectIdentifier(first!)]
            #expect(identities(weakReferences(to: object)) == remaining)
            method = nil
            #expect(identities(weakReferences(to: object)) == [ObjectIdentifier(first!)])
            first = nil
            #expect(weakReferenceCount(of: object) == 0)
            #expect(weakReferences(to: object).isEmpty)
            Collector.collect()
            #expect(_ReferentRegistry.shared.recordCount == records)
            withExtendedLifetime((object, proxy, method)) {}
        }

        @Test(arguments: Tier.allCases)
        func theListedReferencesKeepNothingAlive(tier: Tier) {
            checkListIsWeak(tier.subject)
        }

        private func checkListIsWeak<T: Subject>(_: T.Type) {
            let called = Counter()
            var object: T? = T.make()
            let reference = WeakReference(object!) { _ in called.increment() }
            let listed = weakReferences(to: object!)
            #expect(listed.count == 1)
            object = nil
            #expect(listed.allSatisfy { !$0.isAlive && $0.referent == nil })
            T.tier.expectDelivery { called.value == 1 }
            withExtendedLifetime(reference) {}
        }
    }
}
