import Synchronization

/// The collected tier: records of objects that cannot announce their own death.
///
/// Records are keyed by `ObjectIdentifier` in one of several shards (one lock each, so registrations on
/// different objects rarely contend) and hold their object weakly. An address is reused as soon as an
/// object is freed, so a key hit is trusted only when the record's weak reference still yields the very
/// object asked about; a hit on a dead record means that record's object died unnoticed, and it is
/// delivered on the spot.
///
/// Deaths are found by ``collect()``: explicitly (``Collector/collect()``), automatically when the
/// number of records doubles since the last collection (O(1) amortized per registration), or
/// periodically (``Collector/startPeriodicCollection(every:)``).
@usableFromInline
final class _ReferentRegistry: @unchecked Sendable {  // @unchecked: shards are lock-guarded, counters atomic.
    @usableFromInline
    static let shared = _ReferentRegistry()

    final class Shard: @unchecked Sendable {  // @unchecked: `records` is guarded by `lock`.
        let lock = _Lock()
        // Guarded by `lock`.
        @exclusivity(unchecked)
        var records: [ObjectIdentifier: _ReferentRecord] = [:]

        /// Removes `record` if it is still the one stored under `key`. Caller holds `lock`; the removed
        /// reference goes into its bag.
        func removeLocked<Discarded>(
            _ record: _ReferentRecord, key: ObjectIdentifier, into garbage: inout _Garbage<Discarded>
        ) {
            guard let position = records.index(forKey: key), records.values[position] === record else {
                return
            }
            garbage.keep(records.remove(at: position).value)
            _ReferentRegistry.shared.recordCount.subtract(1, ordering: .relaxed)
        }
    }

    /// A few shards per core: registrations of different objects rarely share a lock, and a collection
    /// still visits few locks.
    private static let shardCount = 16
    private let shards: [Shard] = (0..<_ReferentRegistry.shardCount).map { _ in Shard() }

    /// Records currently stored, across shards.
    let recordCount = Atomic<Int>(0)
    /// The record count at which the next automatic collection runs.
    private let automaticThreshold = Atomic<Int>(_ReferentRegistry.minimumThreshold)
    private let isCollecting = Atomic<Bool>(false)
    /// Below this many records, an automatic collection would cost more than it could find.
    private static let minimumThreshold = 1024

    private func shard(for key: ObjectIdentifier) -> Shard {
        var hasher = Hasher()
        hasher.combine(key)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(_ReferentRegistry.shardCount))]
    }

    /// The record for the live `object`, created if needed.
    @usableFromInline
    func record(for object: AnyObject) -> _ReferentRecord {
        let key = ObjectIdentifier(object)
        let shard = shard(for: key)
        let (record, stale, created) = shard.lock.withLock(keepingAlive: object) {
            garbage -> (_ReferentRecord, _Observer?, Bool) in
            var stale: _Observer?
            if let existing = shard.records[key] {
                if garbage.isLive(existing.object, at: key) { return (existing, nil, false) }
                // Same address, different (dead) object: its death was never collected. Its chain
                // leaves with the result, to be delivered after unlocking.
                stale = existing.dieLocked()
                recordCount.subtract(1, ordering: .relaxed)
            }
            let record = _ReferentRecord(collectedObject: object, shard: shard)
            garbage.keep(shard.records.updateValue(record, forKey: key))
            recordCount.add(1, ordering: .relaxed)
            return (record, stale, true)
        }
        if stale != nil { _Deaths.handle(consume stale) }
        if created { collectIfDue() }
        return record
    }

    /// The record for the live `object`, if it has one.
    func existingRecord(for object: AnyObject) -> _ReferentRecord? {
        let key = ObjectIdentifier(object)
        let shard = shard(for: key)
        return shard.lock.withLock(keepingAlive: object) { garbage in
            guard let existing = shard.records[key], garbage.isLive(existing.object, at: key) else {
                return nil
            }
            return existing
        }
    }

    /// Delivers every recorded object that died; returns how many there were.
    func collect() -> Int {
        var chains: [_Observer] = []
        for shard in shards {
            // Objects loaded while checking, and removed records, go into the bag: if another thread
            // dropped its reference meanwhile, releasing a loaded object would run a deinit.
            let deadCount = shard.lock.withLock { garbage in
                garbage.reserveReferences(shard.records.count)
                var deadKeys: [ObjectIdentifier] = []
                for (key, record) in shard.records {
                    if let object = record.object {
                        garbage.keepInBulk(object)
                    } else {
                        deadKeys.append(key)
                        if let chain = record.dieLocked() { chains.append(chain) }
                    }
                }
                for key in deadKeys { garbage.keep(shard.records.removeValue(forKey: key)) }
                return deadKeys.count
            }
            recordCount.subtract(deadCount, ordering: .relaxed)
        }
        let live = recordCount.load(ordering: .relaxed)
        automaticThreshold.store(
            max(_ReferentRegistry.minimumThreshold, live * 2), ordering: .relaxed)
        let deaths = chains.count
        // Hand each chain over, so that its observers are released as they are delivered.
        chains.reverse()
        while let chain = chains.popLast() { _Deaths.handle(consume chain) }
        return deaths
    }

    /// Runs an automatic collection when the record count has doubled since the last one.
    private func collectIfDue() {
        guard recordCount.load(ordering: .relaxed) >= automaticThreshold.load(ordering: .relaxed)
        else { return }
        guard isCollecting.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return }
        _ = collect()
        isCollecting.store(false, ordering: .releasing)
    }
}
