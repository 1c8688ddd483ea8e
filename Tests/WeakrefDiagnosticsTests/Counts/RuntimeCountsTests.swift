import Testing
import Weakref
import WeakrefDiagnostics

@Suite("retainCount(of:) and nativeWeakReferenceCount(of:)")
struct RuntimeCountsTests {
    @Test func strongCountsGrowByOnePerOwner() {
        let object = Plain()
        let holder = Cell<[Plain]>()
        // Absolute values depend on the build's temporaries; the same code shape measures the same ones.
        let before = retainCount(of: object)
        #expect(before >= 1)
        holder.value = [object, object]
        #expect(retainCount(of: object) - before == 2)
        holder.value = nil
        #expect(retainCount(of: object) == before)
        withExtendedLifetime(object) {}
    }

    @Test func weakCountsCountNativeWeakReferences() {
        let object = Plain()
        #expect(nativeWeakReferenceCount(of: object) == 0)
        var boxes = [WeakBox(object), WeakBox(object)]
        #expect(nativeWeakReferenceCount(of: object) == 2)
        boxes.removeAll()
        withExtendedLifetime(boxes) {}
        #expect(nativeWeakReferenceCount(of: object) == 0)
    }

    @Test func aWeakReferenceHoldsANativeWeakReference() {
        let object = Plain()
        let reference = WeakReference(object)
        #expect(nativeWeakReferenceCount(of: object) >= 1)
        #expect(weakReferenceCount(of: object) == 1)
        withExtendedLifetime(reference) {}
    }
}
