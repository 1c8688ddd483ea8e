import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// DESIGN §3: an address is reused as soon as an object is freed, and `ObjectIdentifier` equality
    /// is never proof of identity. A new object at a dead object's address must not be mistaken for it
    /// by any API.
    @Suite struct AddressReuseTests {
        @Test(arguments: Tier.allCases)
        func aNewObjectAtADeadObjectsAddressIsNeverMistakenForIt(tier: Tier) throws {
            try checkAddressReuse(tier.subject)
        }

        /// What a dead object left behind: its registrations, and what their callbacks recorded.
        private struct Predecessor<T: Subject> {
            let log: Recorder
            let received: Keeper
            let reference: WeakReference<T>
            let proxy: WeakProxy<T>
            let method: WeakMethod<T, String, Never>
            let finalizer: Finalizer<T>
            let record: _ReferentRecord
            let hash: Int
        }

        /// Registers every kind of reference on a new object, then drops it.
        private func predecessor<T: Subject>(
            _: T.Type
        ) throws -> (context: Predecessor<T>, address: ObjectIdentifier) {
            let log = Recorder()
            let received = Keeper()
            var old: T? = T.make("Predecessor")
            let address = ObjectIdentifier(old!)
            let reference = WeakReference(old!) { dead in
                log.record("old reference")
                received.keep(dead)
            }
            let proxy = WeakProxy(old!) { dead in
                log.record("old proxy")
                received.keep(dead)
            }
            let method = WeakMethod(old!, T.prettyPrint) { _ in log.record("old method") }
            let finalizer = Finalizer(old!) { log.record("old finalizer") }
            let record = try #require(_Referents.existingRecord(for: old!))
            let context = Predecessor(
                log: log, received: received, reference: reference, proxy: proxy, method: method,
                finalizer: finalizer, record: record, hash: reference.hashValue)
            old = nil
            return (context, address)
        }

        private func checkAddressReuse<T: Subject>(_: T.Type) throws {
            var found = try reuseAddress(
                setUp: { try predecessor(T.self) },
                make: { T.make("Successor", age: 1) })
            let old = try #require(found?.context, noAddressReuseMessage)
            // Only `successor` may keep the new object alive: the test drops it at the end.
            var successor: T? = found?.successor
            found = nil
            let log = old.log
            let received = old.received
            let oldReference = old.reference
            let oldProxy = old.proxy
            let oldMethod = old.method
            let oldFinalizer = old.finalizer
            let oldRecord = old.record
            let oldHash = old.hash

            // Nothing of the dead object is attributed to the new one.
            #expect(weakReferenceCount(of: successor!) == 0)
            #expect(weakReferences(to: successor!).isEmpty)
            #expect(oldReference() == nil)
            #expect(!oldReference.isAlive)
            #expect(!oldProxy.isAlive)
            #expect(throws: ReferenceError.self) { try oldProxy.target() }
            #expect(oldMethod() == nil)
            #expect(oldFinalizer.peek() == nil)
            #expect(oldFinalizer.detach() == nil)
            #expect(wholeMatch(oldReference.description, "<weakref at 0x[0-9a-f]+; dead>"))

            let newReference = WeakReference(successor!) { _ in log.record("new reference") }
            let newFinalizer = Finalizer(successor!) { log.record("new finalizer") }

            // The dead object's callbacks ran exactly once, newest first, each receiving its own
            // reference, for the prompt tier at its deinit; for the collected tier at the latest when
            // its address was registered again (the registry noticed the stale record).
            let oldEvents = ["old finalizer", "old method", "old proxy", "old reference"]
            #expect(log.all == oldEvents)
            #expect(received.all.count == 2)
            #expect(identical(received.all.first, oldProxy))
            #expect(identical(received.all.last, oldReference))

            // Equality and hashing: the dead reference is equal only to itself.
            #expect(oldReference != newReference)
            #expect(oldReference == oldReference)
            #expect(oldReference.hashValue == oldHash)
            #expect(!Set([oldReference]).contains(newReference))
            #expect(Set([oldReference, newReference]).count == 2)
            #expect(newReference == WeakReference(successor!))

            // Introspection sees only the new object's references.
            #expect(weakReferenceCount(of: successor!) == 1)
            #expect(identities(weakReferences(to: successor!)) == [ObjectIdentifier(newReference)])

            // The record is not shared. (A prompt-tier object observed once holds its observer inline,
            // with no record; the temporary reference compared above made this one a record.)
            let newRecord = try #require(_Referents.existingRecord(for: successor!))
            #expect(!identical(newRecord, oldRecord))
            #expect(oldRecord.isDead)
            #expect(!newRecord.isDead)

            // The new object's death fires only the new registrations.
            successor = nil
            T.tier.expectDelivery { log.count(of: "new reference") == 1 }
            #expect(log.all == oldEvents + ["new finalizer", "new reference"])
            withExtendedLifetime((newReference, newFinalizer, oldMethod)) {}
        }
    }
}
