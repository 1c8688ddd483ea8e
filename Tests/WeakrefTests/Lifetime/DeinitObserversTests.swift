import Foundation
import Synchronization
import Testing

@testable import Weakref

/// A prompt-tier class with a traced deinit body, and a subclass, to check when observers fire.
class Traced: DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
    let trace: Recorder
    init(trace: Recorder) { self.trace = trace }
    deinit { trace.record("Traced.deinit") }
}

final class TracedSubclass: Traced, @unchecked Sendable {
    deinit { trace.record("TracedSubclass.deinit") }
}

/// A prompt-tier class that never registers anything.
final class Unobserved: DeinitObservable {
    let deinitObservers = DeinitObservers()
    let payload = [1, 2, 3]
}

/// The misuse DESIGN §2 requires to fail loudly: a computed `deinitObservers` hands out a new
/// temporary on every access, so the object's death could never be observed.
final class ComputedConformance: DeinitObservable {
    var deinitObservers: DeinitObservers { DeinitObservers() }
}

extension WeakrefSuite {
    @Suite struct DeinitObserversTests {
        @Test func occupiesTwoWords() {
            // The registration word, and the owner's address for an inline registrant.
            #expect(MemoryLayout<DeinitObservers>.size == 16)
            #expect(MemoryLayout<DeinitObservers>.stride == 16)
        }

        @Test func aClassThatNeverRegistersWorks() {
            var object: Unobserved? = Unobserved()
            let native = NativeWeak(object)
            #expect(!isInUse(object!))
            // Introspection reads; it does not create storage.
            #expect(weakReferenceCount(of: object!) == 0)
            #expect(weakReferences(to: object!).isEmpty)
            #expect(!isInUse(object!))
            #expect(object!.payload == [1, 2, 3])
            object = nil
            #expect(native.object == nil)
        }

        @Test func theFirstObserverIsHeldInlineAndASecondMovesItIntoARecord() throws {
            let object = Employee.make()
            #expect(!isInUse(object))
            let first = WeakReference(object)
            // One observer: inline, no record.
            #expect(isInUse(object))
            #expect(object.deinitObservers.existingRecord == nil)
            #expect(identities(weakReferences(to: object)) == [ObjectIdentifier(first)])
            // A second one makes the record, with both in it, newest first; later ones reuse it.
            let second = WeakProxy(object)
            let record = try #require(existingRecord(of: object))
            #expect(record.observerCount == 2)
            #expect(
                identities(weakReferences(to: object)) == [ObjectIdentifier(second), ObjectIdentifier(first)])
            Finalizer(object) {}
            #expect(identical(object.deinitObservers.existingRecord, record))
            #expect(record.observerCount == 3)
            withExtendedLifetime((first, second)) {}
        }

        @Test func aCancelledInlineObserverFreesTheSlotForTheNextOne() {
            var object: Employee? = Employee.make()
            let fired = Counter()
            var first: WeakReference<Employee>? = WeakReference(object!) { _ in fired.increment() }
            first = nil
            #expect(weakReferenceCount(of: object!) == 0)
            // The next registration takes the slot: still no record.
            let second = WeakReference(object!) { _ in fired.increment() }
            #expect(object!.deinitObservers.existingRecord == nil)
            #expect(identities(weakReferences(to: object!)) == [ObjectIdentifier(second)])
            object = nil
            #expect(fired.value == 1)
            withExtendedLifetime((first, second)) {}
        }

        @Test func aCancelledInlineObserverDropsItsCallbackAtOnce() {
            let object = Employee.make()
            var captured: PlainEmployee? = PlainEmployee.make("captured")
            let native = NativeWeak(captured)
            var reference: WeakReference<Employee>? = WeakReference(object) { [captured] _ in _ = captured }
            captured = nil
            #expect(native.object != nil, "the callback holds it")
            reference = nil
            // The object still holds the cancelled observer in its slot, but not the callback.
            #expect(isInUse(object))
            #expect(native.object == nil)
            withExtendedLifetime((object, reference, captured)) {}
        }

        @Test func anInlineObserverCancelledWhileItMovesIntoARecordIsNotDelivered() {
            // Many rounds, so that the cancellation lands before, during and after the move.
            for _ in 0..<2_000 {
                var object: Employee? = Employee.make()
                let fired = Counter()
                var first: WeakReference<Employee>? = WeakReference(object!) { _ in fired.increment() }
                // The other thread borrows the object; this one keeps it alive until that one is done.
                let borrowed = Unmanaged.passUnretained(object!)
                let registered = Thread { _ = WeakProxy(borrowed.takeUnretainedValue()) }
                registered.start()
                first = nil
                while !registered.isFinished { sched_yield() }
                object = nil
                #expect(fired.value == 0)
                withExtendedLifetime(first) {}
            }
        }

        @Test func promptTierNeverTouchesTheRegistry() {
            let before = _ReferentRegistry.shared.recordCount
            var object: Employee? = Employee.make()
            let reference = WeakReference(object!) { _ in }
            let proxy = WeakProxy(object!)
            Finalizer(object!) {}
            #expect(_ReferentRegistry.shared.recordCount == before)
            object = nil
            #expect(_ReferentRegistry.shared.recordCount == before)
            withExtendedLifetime((reference, proxy)) {}
        }

        @Test func firesAfterTheDeinitBodiesAndAfterNativeWeakReferencesReadNil() {
            let trace = Recorder()
            var object: TracedSubclass? = TracedSubclass(trace: trace)
            let native = NativeWeak(object)
            let reference = WeakReference(object!) { dead in
                trace.record(
                    native.object == nil ? "callback: native weak is nil" : "callback: native weak alive")
                trace.record(dead() == nil ? "callback: reference is nil" : "callback: reference alive")
            }
            Finalizer(object!) { trace.record("finalizer") }
            object = nil
            #expect(
                trace.all == [
                    "TracedSubclass.deinit", "Traced.deinit", "finalizer", "callback: native weak is nil",
                    "callback: reference is nil",
                ])
            withExtendedLifetime(reference) {}
        }

        @Test func firesSynchronouslyOnTheReleasingThread() throws {
            let holder = Locked<Employee?>(Employee.make())
            let releasingThread = Locked<pthread_t?>(nil)
            let callbackThread = Locked<pthread_t?>(nil)
            let returnedAfterCallback = Locked<Bool?>(nil)
            let reference = WeakReference(holder.current!) { _ in
                callbackThread.exchange(pthread_self())
            }
            runOnThreads([
                {
                    releasingThread.exchange(pthread_self())
                    holder.exchange(nil)
                    // The callback ran before the release returned.
                    returnedAfterCallback.exchange(callbackThread.current != nil)
                }
            ])
            let released = try #require(releasingThread.current)
            let called = try #require(callbackThread.current)
            #expect(pthread_equal(released, called) != 0)
            #expect(returnedAfterCallback.current == true)
            withExtendedLifetime(reference) {}
        }

        @Test func subclassesOfAnObservableClassAreObserved() {
            let trace = Recorder()
            var object: Traced? = TracedSubclass(trace: trace)
            let reference = WeakReference(object!) { _ in trace.record("callback") }
            object = nil
            #expect(trace.count(of: "callback") == 1)
            #expect(trace.all.last == "callback")
            withExtendedLifetime(reference) {}
        }

        @Test func computedConformanceFailsLoudlyOnReference() async {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let object = ComputedConformance()
                let reference = WeakReference(object) { _ in }
                withExtendedLifetime((object, reference)) {}
            }
            if let result {
                let message = String(decoding: result.standardErrorContent, as: UTF8.self)
                #expect(message.contains("ComputedConformance.deinitObservers must be a stored property"))
            }
        }

        @Test func computedConformanceFailsLoudlyOnFinalizer() async {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let object = ComputedConformance()
                Finalizer(object) {}
                withExtendedLifetime(object) {}
            }
            if let result {
                let message = String(decoding: result.standardErrorContent, as: UTF8.self)
                #expect(message.contains("ComputedConformance.deinitObservers must be a stored property"))
            }
        }
    }
}
