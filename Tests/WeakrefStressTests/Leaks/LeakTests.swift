import Testing

@testable import Weakref

extension ReliabilitySuite {
    /// Issue 5, item 4, in process: every registration the library makes — registry records, observers,
    /// callback and action closures, finalizers, collection entries, their values and tombstones — goes
    /// away once its object and its references do, in whichever order they go. Checked with the
    /// library's own counters (`@testable`), tokens that callbacks and values capture, and native weak
    /// references to the objects (the library never keeps a referent alive).
    @Suite struct LeakTests {
        /// The library's observers still linked into `object`'s record (prompt tier: the record lives in
        /// the object; collected tier: in the registry).
        private func observerCount(_ object: AnyObject) -> Int {
            _Referents.observers(of: object).count
        }

        /// Registers one of everything on `object`; every closure and value captures a token.
        private func registerEverything(
            on object: StressObject, tokens: LifeCounter, collections: LeakCollections
        ) -> [AnyObject] {
            let reference = WeakReference(object) { _ in withExtendedLifetime(CaptureToken(tokens)) {} }
            let token = CaptureToken(tokens)
            let referenceWithToken = WeakReference(object) { _ in withExtendedLifetime(token) {} }
            let proxyToken = CaptureToken(tokens)
            let proxy = WeakProxy(object) { _ in withExtendedLifetime(proxyToken) {} }
            let methodToken = CaptureToken(tokens)
            let method = WeakMethod(object, StressObject.offset) { _ in withExtendedLifetime(methodToken) {} }
            let finalizerToken = CaptureToken(tokens)
            let finalizer = Finalizer(object) { withExtendedLifetime(finalizerToken) {} }
            let detachedToken = CaptureToken(tokens)
            _ = Finalizer(object) { withExtendedLifetime(detachedToken) {} }.detach()
            let calledToken = CaptureToken(tokens)
            let called = Finalizer(object) { withExtendedLifetime(calledToken) {} }
            called()
            collections.set.insert(object)
            collections.keyed[object] = CaptureToken(tokens)
            collections.valued[object.id] = object
            _ = collections.keyed.keyReferences()
            _ = collections.valued.valueReferences()
            return [reference, referenceWithToken, proxy, method, finalizer, called]
        }

        @Test(arguments: StressTier.allCases)
        func referencesDroppedFirstLeaveNothing(tier: StressTier) {
            let baseline = LeakCounters.afterCollection
            let tokens = LifeCounter()
            let collections = LeakCollections()
            var objects = (0..<64).map { _ in tier.make() }
            var references = objects.flatMap {
                registerEverything(on: $0, tokens: tokens, collections: collections)
            }
            // Drop every reference and entry while the objects live: the observers leave the records
            // (a collected-tier record stays in the registry until a sweep), and the closures go with them.
            references = []
            collections.set.removeAll()
            collections.keyed.removeAll()
            for object in objects { collections.valued.removeValue(forKey: object.id) }
            #expect(objects.allSatisfy { observerCount($0) == 1 }, "only the pending finalizer stays linked")
            #expect(tokens.live == objects.count, "only the pending finalizers' actions stay alive")
            #expect(collections.storageCounts == [0, 0, 0], "emptied collections keep no slots")
            // The finalizers keep themselves registered until their objects die.
            let natives = objects.map { NativeWeak($0) }
            objects = []
            ReliabilityFigures.collect()
            #expect(natives.allSatisfy { $0.isDead }, "the library kept an object alive")
            #expect(tokens.live == 0, "\(tokens.live) closures or values outlived their registrations")
            LeakCounters.current.expectEqual(to: baseline, "references dropped first (\(tier))")
            withExtendedLifetime(references) {}
        }

        @Test(arguments: StressTier.allCases)
        func objectsDyingFirstLeaveNothing(tier: StressTier) {
            let baseline = LeakCounters.afterCollection
            let tokens = LifeCounter()
            let collections = LeakCollections()
            var objects = (0..<64).map { _ in tier.make() }
            let references = objects.flatMap {
                registerEverything(on: $0, tokens: tokens, collections: collections)
            }
            let natives = objects.map { NativeWeak($0) }
            objects = []
            ReliabilityFigures.collect()
            #expect(natives.allSatisfy { $0.isDead }, "the library kept an object alive")
            // Delivered callbacks and actions are released at once, although their references live on;
            // the dead entries were purged and their values released.
            #expect(tokens.live == 0, "\(tokens.live) closures or values outlived their deliveries")
            #expect(collections.storageCounts == [0, 0, 0], "dead entries left slots behind")
            LeakCounters.current.expectEqual(to: baseline, "objects died first (\(tier))")
            withExtendedLifetime(references) {}
        }

        @Test(arguments: StressTier.allCases)
        func droppedCollectionsUnlinkTheirEntries(tier: StressTier) {
            let baseline = LeakCounters.afterCollection
            let tokens = LifeCounter()
            let objects = (0..<64).map { _ in tier.make() }
            do {
                let collections = LeakCollections()
                for object in objects {
                    collections.set.insert(object)
                    collections.keyed[object] = CaptureToken(tokens)
                    collections.valued[object.id] = object
                }
                #expect(tokens.live == objects.count)
                // Dropped here, at the end of the scope, even by an optimizer that ends lifetimes early.
                withExtendedLifetime(collections) {}
            }
            // The collections are gone: their values are released and no entry stays linked to a
            // living object.
            #expect(tokens.live == 0, "values outlived their dropped collection")
            #expect(
                objects.allSatisfy { observerCount($0) == 0 }, "entries of a dropped collection stay linked")
            ReliabilityFigures.collect()
            LeakCounters.current.expectEqual(to: baseline, "dropped collections (\(tier))")
        }

        /// A chain of objects, each owning the next and each with a callback and a finalizer: dropping the
        /// head kills the whole chain, and nothing of it stays registered.
        @Test(arguments: StressTier.allCases)
        func aCascadeLeavesNothing(tier: StressTier) {
            let baseline = LeakCounters.afterCollection
            let tokens = LifeCounter()
            let fired = LifeCounter()
            var head: StressObject?
            var references: [WeakReference<StressObject>] = []
            for _ in 0..<1_000 {
                let object = tier.make(owning: head)
                let token = CaptureToken(tokens)
                references.append(
                    WeakReference(object) { _ in
                        withExtendedLifetime(token) {}
                        fired.destroyed()
                    })
                let actionToken = CaptureToken(tokens)
                Finalizer(object) { withExtendedLifetime(actionToken) {} }
                head = object
            }
            head = nil
            ReliabilityFigures.collect()
            #expect(references.allSatisfy { !$0.isAlive }, "the chain did not die")
            #expect(fired.live == -1_000, "\(-fired.live) of 1,000 callbacks ran")
            #expect(tokens.live == 0, "\(tokens.live) closures outlived the cascade")
            LeakCounters.current.expectEqual(to: baseline, "cascade (\(tier))")
        }
    }
}

/// One collection of each kind, typed with the tier-mixing base class.
final class LeakCollections {
    let set = WeakSet<StressObject>()
    let keyed = WeakKeyDictionary<StressObject, CaptureToken>()
    let valued = WeakValueDictionary<Int, StressObject>()

    var storageCounts: [Int] { [set.storageCount, keyed.storageCount, valued.storageCount] }
}
