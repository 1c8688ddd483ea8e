import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The field addresses of a table entry, computed from the fields' layouts (so that unoptimized
    /// builds need no key path), against the compiler's own layout.
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
                MemoryLayout<Entry>.offset(of: \.observer) == Entry.observerOffset,
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
    }
}
