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

/// The §5.7 check for a weak table whose dead entries own the next object of a chain: on a thread
/// with a 512 KiB stack, makes a `table`, links 100,000 `ChainLink`s into it with `link(table, current,
/// next)` (the entry of `current` must own `next`), checks the entries with `isRegisteredAsExpected`,
/// drops the first link and returns whether both that check passed and `isEmptied` holds. Released
/// in each dying object's own deinit, the chain would nest one death in the next and overflow the
/// stack; the delivery loop releases it one link at a time.
func chainCascadesOnASmallStack<Table: AnyObject>(
    _ makeTable: @escaping @Sendable () -> Table,
    link: @escaping @Sendable (Table, _ current: ChainLink, _ next: ChainLink) -> Void,
    isRegisteredAsExpected: @escaping @Sendable (Table) -> Bool,
    isEmptied: @escaping @Sendable (Table) -> Bool
) -> Bool {
    onThread(stackSize: 512 << 10) {
        let table = makeTable()
        var root: ChainLink? = ChainLink()
        var current = root!
        for _ in 1..<100_000 {
            let next = ChainLink()
            link(table, current, next)
            current = next
        }
        let registered = isRegisteredAsExpected(table)
        withExtendedLifetime(current) {}
        root = nil
        return registered && isEmptied(table)
    }
}
