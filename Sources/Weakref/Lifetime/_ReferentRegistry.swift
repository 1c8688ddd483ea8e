import Synchronization

/// The collected tier: records of objects that cannot announce their own death.
///
/// Records are kept in one of many shards (``Shard``; one lock each, so registrations on different
/// objects rarely contend), found by address, and hold their object weakly. An address is reused as
/// soon as an object is freed, so a hit is trusted only when the record's weak reference still yields
/// the very object asked about; a hit on a dead record means that record's object died unnoticed, and
/// it is delivered on the spot.
///
/// Deaths are found by sweeps: of every shard at an explicit ``collect()`` (``Collector/collect()``,
/// also run by ``Collector/startPeriodicCollection(every:)``), and automatically, a shard at a time and
/// a slice at a time, as registrations grow (see ``Shard``): O(1) amortized per registration, and no
/// registration pauses for more than a slice.
@usableFromInline
final class _ReferentRegistry: @unchecked Sendable {  // @unchecked: shards are lock-guarded, counters atomic.
    @usableFromInline
    static let shared = _ReferentRegistry()

    /// Enough shards that one shard stays small at 10⁶ records (growing its index then rehashes a few
    /// thousand entries, well under a millisecond), and that registrations of different objects rarely
    /// share a lock.
    static let shardCount = 256
    private let shards: [Shard] = (0..<_ReferentRegistry.shardCount).map { _ in Shard() }

    /// Records currently stored, across shards (exact when no registration runs concurrently). Summed
    /// on demand, for tests and diagnostics, so that registrations update no process-wide counter.
    var recordCount: Int {
        shards.reduce(0) { $0 + $1.publishedCount.load(ordering: .relaxed) }
    }

    private func shard(for key: _AddressKey) -> Shard {
        // The top bits of a multiplicative hash: independent of the bits the shard's index uses.
        let mixed = UInt64(key.address) &* 0x9e37_79b9_7f4a_7c15
        return shards[Int(truncatingIfNeeded: mixed &>> 56)]
    }

    /// The record for the live `object`, created if needed.
    @usableFromInline
    func record(for object: AnyObject) -> _ReferentRecord {
        let key = _AddressKey(object)
        let shard = shard(for: key)
        let (record, deaths) = shard.lock.withLock(keepingAlive: object) {
            garbage -> (_ReferentRecord, [_Observer]) in
            defer { shard._checkInvariants() }
            var deaths: [_Observer] = []
            if let existing = shard.record(at: key) {
                if garbage.isLive(existing.object, at: ObjectIdentifier(object)) { return (existing, deaths) }
                // Same address, different (dead) object: its death was never collected. Its observers
                // leave with the result, to be delivered after unlocking.
                shard.replaceDead(existing, into: &garbage, deaths: &deaths)
            }
            shard.sweepSliceIfDue(into: &garbage, deaths: &deaths)
            let record = _ReferentRecord(collectedObject: object, shard: shard)
            shard.insert(record, at: key)
            return (record, deaths)
        }
        deliver(deaths)
        return record
    }

    /// The record for the live `object`, if it has one.
    func existingRecord(for object: AnyObject) -> _ReferentRecord? {
        let key = _AddressKey(object)
        let shard = shard(for: key)
        return shard.lock.withLock(keepingAlive: object) { garbage in
            guard let existing = shard.record(at: key),
                garbage.isLive(existing.object, at: ObjectIdentifier(object))
            else { return nil }
            return existing
        }
    }

    /// Delivers every recorded object that died; returns how many there were.
    func collect() -> Int {
        var deaths: [_Observer] = []
        // A record stored before this call began is published by then: an empty shard is skipped.
        for shard in shards where shard.publishedCount.load(ordering: .acquiring) > 0 {
            // Objects loaded while checking, and removed records, go into the bag: if another thread
            // dropped its reference meanwhile, releasing a loaded object would run a deinit.
            shard.lock.withLock { garbage in
                shard.sweepAll(into: &garbage, deaths: &deaths)
                shard._checkInvariants()
            }
        }
        let count = deaths.count
        deliver(deaths)
        return count
    }

    /// Delivers the observers of dead records, in the order their records were found. Each chain is
    /// handed over, so that its observers are released as they are delivered.
    private func deliver(_ deaths: consuming [_Observer]) {
        guard !deaths.isEmpty else { return }
        deaths.reverse()
        while let chain = deaths.popLast() { _Deaths.handle(consume chain) }
    }
}
