import Testing

@testable import Weakref

/// The library's own process-wide bookkeeping, read through `@testable import`: collected-tier records
/// in the referent registry and finalizers still registered. Once every object and reference of a test
/// is gone and a collection ran, both are back where they started.
struct LeakCounters: Equatable, CustomStringConvertible {
    var registryRecords: Int
    var liveFinalizers: Int

    static var current: LeakCounters {
        LeakCounters(
            registryRecords: _ReferentRegistry.shared.recordCount,
            liveFinalizers: _FinalizerRegistry.shared.liveCount)
    }

    /// The counters after a collection: the baseline a test compares with at its end. A collected-tier
    /// record with no registrations left stays in the registry until a sweep (for the object's next
    /// registration), so the counters only say "nothing leaked" right after a collection.
    static var afterCollection: LeakCounters {
        _ = ReliabilityFigures.collect()
        return current
    }

    var description: String { "\(registryRecords) registry records, \(liveFinalizers) live finalizers" }

    /// Expects the current counters to equal `self` (taken before the test made anything).
    func expectEqual(
        to baseline: LeakCounters, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        ReliabilityFigures.add(ReliabilityFigures.leakChecks, 1)
        #expect(self == baseline, "\(what): \(self) left, \(baseline) before", sourceLocation: sourceLocation)
    }
}

/// What a weak collection's entry array holds besides its live entries.
struct StorageCensus: Equatable, CustomStringConvertible {
    /// Stored entries whose object is dead (collected-tier entries not purged yet).
    var deadEntries: Int
    /// Removed entries' slots not compacted away yet.
    var tombstones: Int
    /// The slots in use, tombstones included.
    var slots: Int

    var description: String { "\(slots) slots: \(deadEntries) dead entries, \(tombstones) tombstones" }

    /// DESIGN §5.0: removal is O(1) amortized because the array is compacted once tombstones outnumber
    /// the live entries (beyond a small constant slack, `_WeakTableState.compactionSlack`).
    func tombstonesAreBounded(live: Int) -> Bool {
        tombstones <= max(_WeakTableState<Int, AnyObject, Void>.compactionSlack, live)
    }
}

extension _WeakTable {
    /// The census of the entry storage, taken in one critical section (objects loaded to test liveness go
    /// into its bag, like every load under the table's lock).
    var census: StorageCensus {
        withState { state, garbage in
            var dead = 0
            var stored = 0
            let slots = state.storage.slotCount
            for slot in 0..<slots where state.storage.isOccupied(slot) {
                stored += 1
                let loaded = state.storage.object(at: slot)
                if loaded == nil { dead += 1 }
                garbage.keep(loaded)
            }
            return StorageCensus(deadEntries: dead, tombstones: slots - stored, slots: slots)
        }
    }
}

extension WeakSet {
    /// The size of the entry array, tombstones included.
    var storageCount: Int { _table.storageCount }
    var census: StorageCensus { _table.census }
}

extension WeakKeyDictionary {
    /// The size of the entry array, tombstones included.
    var storageCount: Int { _table.storageCount }
    var census: StorageCensus { _table.census }
}

extension WeakValueDictionary {
    /// The size of the entry array, tombstones included.
    var storageCount: Int { _table.storageCount }
    var census: StorageCensus { _table.census }
}
