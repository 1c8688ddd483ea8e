/// `count` and `isEmpty` of all three collections: exact at every moment, including while a stored
/// object's `deinit` body runs (DESIGN §5.1, §5.3).
extension _WeakTable {
    /// The number of live entries.
    ///
    /// Dead collected-tier entries are purged first. A prompt-tier entry stays stored until its object's
    /// ``DeinitObservers`` fires, after the object's `deinit` body; during that body every read already
    /// treats the object as gone, so the count leaves out entries whose objects are deinitializing.
    ///
    /// - Complexity: O(*n*): a purge when collected-tier entries are stored (a weak load each), and a
    ///   check of each prompt-tier entry (a load of its object's reference counts, no weak load).
    @inlinable
    func liveCount() -> Int {
        withState { state, garbage in
            if state.collectedCount > 0 { state.purge(into: &garbage) }
            return state.storedCount - state.deinitializingPromptCount()
        }
    }

    /// Whether no live entry is stored; agrees with ``liveCount()`` at every moment.
    ///
    /// - Complexity: O(1) when the oldest stored entry is alive; O(*n*) at worst.
    @inlinable
    func hasNoLiveEntry() -> Bool {
        withState { state, garbage in
            for slot in state.firstCandidate..<state.storage.slotCount where state.storage.isOccupied(slot) {
                if state.isLive(slot, keepingLoadsIn: &garbage) { return false }
            }
            return true
        }
    }
}

extension _WeakTableState {
    /// The stored prompt-tier entries whose objects are deinitializing. Call with the lock held: only
    /// then is every prompt-tier entry's object still in memory (``_isDeinitializing(_:)``).
    ///
    /// - Complexity: O(*n*) in the stored prompt-tier entries.
    @inlinable
    func deinitializingPromptCount() -> Int {
        guard storedCount > collectedCount else { return 0 }
        var deinitializing = 0
        for slot in firstCandidate..<storage.slotCount where storage.isOccupied(slot) {
            guard let identity = storage[slot].pointee.registration.promptIdentity else { continue }
            if _isDeinitializing(identity) { deinitializing += 1 }
        }
        return deinitializing
    }
}
