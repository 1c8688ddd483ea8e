@testable import Weakref

/// Whether `object`'s storage ever held a registration (the `#expect` macro cannot capture the
/// noncopyable storage itself).
func isInUse(_ object: some DeinitObservable) -> Bool { object.deinitObservers.isInUse }

/// `object`'s record, if a second registration made one.
func existingRecord(of object: some DeinitObservable) -> _ReferentRecord? {
    object.deinitObservers.existingRecord
}

/// A prompt-tier object that owns the next one of a chain.
final class ChainLink: DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
    var next: ChainLink?
}

/// Whether every stored entry of `table` is registered inline (``_EntryRegistration/inline(_:)``).
func entriesAreRegisteredInline<Key, Object, Payload>(_ table: _WeakTable<Key, Object, Payload>) -> Bool {
    table.withState { state, _ in
        for slot in 0..<state.storage.slotCount where state.storage.isOccupied(slot) {
            guard state.storage[slot].pointee.registration.inlineIdentity != nil else { return false }
        }
        return true
    }
}
