import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The field addresses of a table entry, computed from the fields' layouts (so that unoptimized
    /// builds need no key path), against the compiler's own layout; and the entry's registration.
    @Suite struct WeakTableEntryTests {
        private func expectOffsetsMatchTheLayout<Key: Hashable, Payload>(
            _: Key.Type, _: Payload.Type, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            typealias Entry = _WeakTableEntry<Key, CollectionTestObject, Payload>
            #expect(MemoryLayout<Entry>.offset(of: \.cell) == 0, sourceLocation: sourceLocation)
            #expect(
                MemoryLayout<Entry>.offset(of: \.lookupKey) == Entry.lookupKeyOffset,
                sourceLocation: sourceLocation)
            // A field of no size has no bytes to address: optimized builds report offset 0 for it.
            if MemoryLayout<Payload>.size > 0 {
                #expect(
                    MemoryLayout<Entry>.offset(of: \.payload) == Entry.payloadOffset,
                    sourceLocation: sourceLocation)
            }
            #expect(
                MemoryLayout<Entry>.offset(of: \.registration) == Entry.registrationOffset,
                sourceLocation: sourceLocation)
        }

        @Test func theComputedFieldOffsetsAreTheCompilersLayout() {
            expectOffsetsMatchTheLayout(_AddressKey.self, Void.self)
            expectOffsetsMatchTheLayout(_AddressKey.self, Int.self)
            expectOffsetsMatchTheLayout(Int.self, Void.self)
            expectOffsetsMatchTheLayout(String.self, [Int].self)
            expectOffsetsMatchTheLayout(UInt8.self, UInt8.self)
            expectOffsetsMatchTheLayout(UInt8.self, (UInt16, UInt8).self)
            expectOffsetsMatchTheLayout(Bool.self, SIMD4<Float>.self)
            expectOffsetsMatchTheLayout(Int16.self, String?.self)
            expectOffsetsMatchTheLayout(String.self, (Int, UInt8, Bool).self)
        }

        /// The registration is one word, as the optional observer it replaced was: the enum keeps its
        /// tag in the spare bits of its two class references.
        @Test func aRegistrationIsOneWord() {
            #expect(MemoryLayout<_EntryRegistration<Int, Void>>.size == MemoryLayout<AnyObject>.size)
            #expect(MemoryLayout<_EntryRegistration<String, [Int]>>.size == MemoryLayout<AnyObject>.size)
        }

        @Test func aRegistrationTellsItsTierAndIdentity() {
            let object = Employee.make()
            let identity = ObjectIdentifier(object)
            let inline = _EntryRegistration<Int, Void>.inline(identity)
            #expect(inline.inlineIdentity == identity)
            #expect(inline.promptIdentity == identity)
            #expect(!inline.isCollected)
            let collected = _EntryRegistration<Int, Void>.collected
            #expect(collected.isCollected)
            #expect(collected.promptIdentity == nil)
            #expect(collected.inlineIdentity == nil)
            let link = _WeakTableLink<Int, Void>()
            let observer = _WeakTableObserver(identity: identity, slot: 3, link: link)
            let registered = _EntryRegistration<Int, Void>.observer(observer)
            #expect(registered.promptIdentity == identity)
            #expect(registered.inlineIdentity == nil)
            #expect(registered.holds(observer))
            #expect(!inline.holds(observer))
            withExtendedLifetime(object) {}
        }
    }
}
