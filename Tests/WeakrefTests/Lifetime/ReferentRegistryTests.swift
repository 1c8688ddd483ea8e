import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The collected tier's registry: one record per object with registrations, held weakly.
    @Suite struct ReferentRegistryTests {
        private var recordCount: Int { _ReferentRegistry.shared.recordCount }

        @Test func oneRecordPerObjectWhileItHasRegistrations() {
            Collector.collect()
            let baseline = recordCount
            let object = PlainEmployee.make()
            #expect(_Referents.existingRecord(for: object) == nil)
            var first: WeakReference<PlainEmployee>? = WeakReference(object)
            #expect(recordCount == baseline + 1)
            let record = _Referents.existingRecord(for: object)
            #expect(record != nil)
            var second: WeakProxy<PlainEmployee>? = WeakProxy(object) { _ in }
            let finalizer = Finalizer(object) {}
            #expect(recordCount == baseline + 1)
            #expect(identical(_Referents.existingRecord(for: object), record))
            // Without registrations the record stays (for the object's next one) until a sweep.
            first = nil
            second = nil
            #expect(finalizer.detach() != nil)
            #expect(recordCount == baseline + 1)
            #expect(identical(_Referents.existingRecord(for: object), record))
            #expect(record?.observerCount == 0)
            Collector.collect()
            #expect(recordCount == baseline)
            #expect(_Referents.existingRecord(for: object) == nil)
            #expect(record?.isRetired == true)
            // A later registration starts a new record.
            let third = WeakReference(object)
            #expect(recordCount == baseline + 1)
            #expect(!identical(_Referents.existingRecord(for: object), record))
            withExtendedLifetime((first, second, third)) {}
        }

        @Test func aCollectionRemovesTheRecordsOfDeadObjects() {
            Collector.collect()
            let baseline = recordCount
            var objects: [PlainEmployee] = (0..<10).map { PlainEmployee.make("\($0)") }
            let references = objects.map { WeakReference($0) { _ in } }
            #expect(recordCount == baseline + 10)
            objects.removeAll()
            #expect(recordCount == baseline + 10)
            #expect(Collector.collect() == 10)
            #expect(recordCount == baseline)
            withExtendedLifetime(references) {}
        }

        @Test func recordsHoldTheirObjectsWeakly() {
            var object: PlainEmployee? = PlainEmployee.make()
            let native = NativeWeak(object)
            let reference = WeakReference(object!) { _ in }
            let finalizer = Finalizer(object!) {}
            object = nil
            #expect(native.object == nil)
            Collector.collect()
            withExtendedLifetime((reference, finalizer)) {}
        }
    }
}
