import Testing

@testable import Weakref

/// A prompt-tier class whose subclasses inherit the conformance.
private class ObservableBase: DeinitObservable {
    let deinitObservers = DeinitObservers()
}

private final class ObservableSubclass: ObservableBase {}

/// A collected-tier class and its subclass.
private class PlainBase {}

private final class PlainSubclass: PlainBase {}

/// Generic classes: every specialization is a class of its own, with a slot of its own in the cache.
private final class ObservableBox<Tag>: DeinitObservable {
    let deinitObservers = DeinitObservers()
}

private final class PlainBox<Tag> {}

/// A distinct type per nesting depth, made at run time.
private struct Nest<Inner> {}

extension WeakrefSuite {
    /// `_TierCache` answers "which tier?" by the object's dynamic class; whatever it caches, and
    /// whether or not a class finds a free slot, every object must land in its own tier.
    @Suite struct TierCacheTests {
        @Test func subclassesAreInTheTierOfTheirConformance() {
            #expect(_Referents.isPrompt(ObservableBase()))
            #expect(_Referents.isPrompt(ObservableSubclass()))
            #expect(!_Referents.isPrompt(PlainBase()))
            #expect(!_Referents.isPrompt(PlainSubclass()))
            // Asked again, now from the cache.
            #expect(_Referents.isPrompt(ObservableSubclass()))
            #expect(!_Referents.isPrompt(PlainSubclass()))
        }

        @Test func aReferenceTypedAsTheBaseClassStillUsesTheDynamicTier() {
            let fired = Recorder()
            var object: ObservableBase? = ObservableSubclass()
            let reference = WeakReference<ObservableBase>(object!) { _ in fired.record("prompt") }
            let any = WeakReference<AnyObject>(object!) { _ in fired.record("any") }
            object = nil
            // Prompt tier: delivered at the deinit, without a collection.
            #expect(fired.all == ["any", "prompt"])
            withExtendedLifetime((reference, any)) {}
        }

        /// More classes than the cache has slots, so that some find theirs taken and fall back.
        @Test func moreClassesThanSlotsAllLandInTheirTier() {
            Collector.collect()
            let count = _TierCache.slotCount + 64
            var objects: [AnyObject]? = Self.makeObjects(count: count)
            let fired = Recorder()
            var references: [WeakReference<AnyObject>] = []
            for (index, object) in objects!.enumerated() {
                #expect(_Referents.isPrompt(object) == index.isMultiple(of: 2))
                references.append(WeakReference(object) { _ in fired.record("\(index)") })
                Finalizer(object) { fired.record("finalizer \(index)") }
                #expect(weakReferenceCount(of: object) == 1)
            }
            objects = nil
            // The prompt-tier half is delivered at the deinits (in the array's order, newest
            // registration first), the collected-tier half only by a collection.
            let prompt = stride(from: 0, to: count, by: 2).flatMap { ["finalizer \($0)", "\($0)"] }
            #expect(fired.all == prompt)
            #expect(Collector.collect() == count / 2)
            let collected = stride(from: 1, to: count, by: 2).flatMap { ["finalizer \($0)", "\($0)"] }
            #expect(fired.all.count == prompt.count + collected.count)
            #expect(Set(fired.all.dropFirst(prompt.count)) == Set(collected))
            #expect(references.allSatisfy { !$0.isAlive })
        }

        /// One object of a distinct class per index: `ObservableBox<Nest<…>>` at even indices,
        /// `PlainBox<Nest<…>>` at odd ones.
        private static func makeObjects(count: Int) -> [AnyObject] {
            var objects: [AnyObject] = []
            func nest<T>(_: T.Type, _ index: Int) {
                guard index < count else { return }
                objects.append(index.isMultiple(of: 2) ? ObservableBox<T>() : PlainBox<T>())
                nest(Nest<T>.self, index + 1)
            }
            nest(Int.self, 0)
            return objects
        }
    }
}
