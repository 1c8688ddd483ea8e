import Synchronization

extension _ReferentRegistry {
    /// One lock's share of the collected-tier records, and the sweep that finds their deaths.
    ///
    /// Records are kept dense, in `records`, so that a sweep walks an array, and found by address
    /// through `index`, which maps an address to a position (a ``_SlotIndex``: it stores positions
    /// and compares the record's own key). Each record knows its position
    /// (``_ReferentRecord/registryPosition``), so a removal is a swap with the last record, O(1).
    ///
    /// A sweep removes the records of dead objects, delivering their observers, and the records that no
    /// longer have observers (their objects live on, unobserved): an automatic sweep only those that had
    /// none linked since the previous sweep either, so that an object observed over and over keeps its
    /// record; an explicit collection all of them.
    ///
    /// A shard sweeps itself automatically in slices: once its record count reaches `sweepThreshold`
    /// (twice the live records after the last sweep, so O(1) amortized per registration), every
    /// registration into the shard first examines the next ``sliceSize`` records. No registration
    /// therefore pauses for more than a slice, however many records the process holds; an explicit
    /// collection sweeps the whole shard at once (``sweepAll(into:deaths:)``).
    ///
    /// Every method expects `lock` to be held. Removed records and objects loaded to check that they
    /// live go into the critical section's bag; the observers of dead records leave through `deaths`,
    /// to be delivered after unlocking.
    final class Shard: @unchecked Sendable {  // @unchecked: all state is guarded by `lock`.
        let lock = _Lock()

        // Guarded by `lock`.
        /// The records, dense; each record's `registryPosition` is its position here.
        @exclusivity(unchecked)
        private(set) var records: ContiguousArray<_ReferentRecord> = []
        /// Address to position in `records`. A record leaves both together.
        @exclusivity(unchecked)
        private var index = _SlotIndex()
        /// The record count at which the next automatic sweep starts.
        @exclusivity(unchecked)
        private var sweepThreshold = Shard.minimumSweepThreshold
        /// The position the sweep in progress examines next, `nil` when none is in progress. Records
        /// before it have been examined by this sweep; removals keep that part contiguous.
        @exclusivity(unchecked)
        private(set) var sweepCursor: Int?

        /// The number of records, published after every change so that ``_ReferentRegistry/collect()``
        /// can pass over an empty shard without taking its lock (most shards are empty in a process that
        /// records few objects, and a callback may collect once per death), and so that
        /// ``_ReferentRegistry/recordCount`` needs no counter of its own.
        let publishedCount = Atomic<Int>(0)

        /// Records examined per registration while a sweep is in progress: enough that a sweep ends
        /// while the shard grows by less than a sixth (each registration adds one record and examines
        /// this many), few enough that a slice costs about a microsecond.
        static let sliceSize = 8
        /// Below this many records per shard an automatic sweep would cost more than it could find.
        /// Across the shards it comes to the 1,024 records the registry tolerates before sweeping.
        static var minimumSweepThreshold: Int { 1024 / _ReferentRegistry.shardCount }

        deinit {
            index.deallocate()
        }

        /// The index's hash of the address `key` (a few instructions: ``_AddressKey``).
        @inline(__always)
        static func hash(_ key: _AddressKey) -> Int {
            key._rawHashValue(seed: 0)
        }

        /// The index's hash of the address of the record at `position`.
        @inline(__always)
        private func hash(ofRecordAt position: Int) -> Int {
            Self.hash(_AddressKey(records[position].registryKey!))
        }

        /// The live record stored for `key`, if any; a record of a dead object at the same address is
        /// left for the caller to replace.
        func record(at key: _AddressKey) -> _ReferentRecord? {
            let position = index.slot(forHash: Self.hash(key)) { position in
                _AddressKey(records[position].registryKey!) == key
            }
            return position.map { records[$0] }
        }

        /// Stores `record`, which is not stored yet, under `key`.
        func insert(_ record: _ReferentRecord, at key: _AddressKey) {
            record.registryPosition = records.count
            index.insert(records.count, forHash: Self.hash(key))
            records.append(record)
            publishedCount.store(records.count, ordering: .releasing)
        }

        /// Removes the record at `position`, keeping the examined part of a sweep in progress contiguous:
        /// a hole there is filled from the part's end, and the hole that leaves from the last record.
        private func remove<Discarded>(at position: Int, into garbage: inout _Garbage<Discarded>) {
            index.remove(position, forHash: hash(ofRecordAt: position))
            var hole = position
            if let cursor = sweepCursor, hole < cursor {
                move(from: cursor - 1, to: hole)
                hole = cursor - 1
                sweepCursor = hole
            }
            move(from: records.count - 1, to: hole)
            garbage.keep(records.removeLast())
            publishedCount.store(records.count, ordering: .releasing)
        }

        /// Swaps the records at `source` and `destination` and fixes the position of the one now at
        /// `destination`, in it and in the index. The other one has already left the index: it is about
        /// to move again or leave.
        private func move(from source: Int, to destination: Int) {
            guard source != destination else { return }
            records.swapAt(source, destination)
            records[destination].registryPosition = destination
            index.move(source, to: destination, forHash: hash(ofRecordAt: destination))
        }

        /// Marks the dead record at `position` dead, queues its observers and removes it.
        private func removeDead<Discarded>(
            at position: Int, into garbage: inout _Garbage<Discarded>, deaths: inout [_Observer]
        ) {
            if let chain = records[position].dieLocked() { deaths.append(chain) }
            remove(at: position, into: &garbage)
        }

        /// Replaces the record of a dead object found at a reused address; its observers are queued.
        func replaceDead<Discarded>(
            _ stale: _ReferentRecord, into garbage: inout _Garbage<Discarded>, deaths: inout [_Observer]
        ) {
            removeDead(at: stale.registryPosition, into: &garbage, deaths: &deaths)
        }

        /// The automatic part of a registration: starts a sweep when the shard has grown to its
        /// threshold, and advances the sweep in progress by one slice.
        func sweepSliceIfDue<Discarded>(
            into garbage: inout _Garbage<Discarded>, deaths: inout [_Observer]
        ) {
            if sweepCursor == nil {
                guard records.count >= sweepThreshold else { return }
                sweepCursor = 0
            }
            var examined = 0
            while examined < Shard.sliceSize, let cursor = sweepCursor, cursor < records.count {
                examined += 1
                if garbage.isLive(records[cursor].object, at: records[cursor].registryKey!) {
                    if records[cursor].retireIfUnobservedLocked(evenIfRecentlyUsed: false) {
                        // Nothing observes it any more: it leaves, and the last record, which fills the
                        // hole, is examined next.
                        remove(at: cursor, into: &garbage)
                    } else {
                        sweepCursor = cursor + 1
                    }
                } else {
                    // The last record fills the hole, and is examined next.
                    removeDead(at: cursor, into: &garbage, deaths: &deaths)
                }
            }
            if let cursor = sweepCursor, cursor >= records.count { finishSweep() }
        }

        /// Sweeps every record at once (an explicit collection), keeping the order of the live ones.
        func sweepAll<Discarded>(into garbage: inout _Garbage<Discarded>, deaths: inout [_Observer]) {
            garbage.reserveReferences(records.count)
            var kept = 0
            for position in records.indices {
                if let object = records[position].object {
                    if records[position].retireIfUnobservedLocked(evenIfRecentlyUsed: true) {
                        // Nothing observes it any more: it leaves with the dead ones.
                        index.remove(position, forHash: hash(ofRecordAt: position))
                    } else {
                        move(from: position, to: kept)
                        kept += 1
                    }
                    // Last, and consumed: the loaded reference moves into the bag with no copy.
                    garbage.keepInBulk(consume object)
                } else {
                    let record = records[position]
                    index.remove(position, forHash: hash(ofRecordAt: position))
                    if let chain = record.dieLocked() { deaths.append(chain) }
                }
            }
            while records.count > kept { garbage.keep(records.removeLast()) }
            publishedCount.store(records.count, ordering: .releasing)
            finishSweep()
        }

        private func finishSweep() {
            sweepCursor = nil
            sweepThreshold = max(Shard.minimumSweepThreshold, records.count * 2)
        }

        /// Traps if the records, their positions, the index and the sweep disagree. Called with the lock
        /// held after every mutation in debug builds; the full walk only sometimes for a large shard
        /// (``_InvariantWalks``), so that bulk tests stay linear.
        func _checkInvariants() {
            #if DEBUG
                precondition(index.count == records.count, "the registry index and records disagree")
                precondition(
                    index.count * 4 <= index.bucketCount * 3,
                    "the registry index is more than three quarters full")
                if let cursor = sweepCursor {
                    precondition(cursor <= records.count, "the sweep cursor is past the records")
                }
                guard _InvariantWalks.walksWhole(size: records.count) else { return }
                for (position, record) in records.enumerated() {
                    precondition(record.registryPosition == position, "a record's position is wrong")
                    precondition(!record.isDead, "a dead record is still stored")
                    precondition(!record.isRetired, "a retired record is still stored")
                    precondition(
                        self.record(at: _AddressKey(record.registryKey!)) === record,
                        "a stored record is not indexed under its address")
                }
            #endif
        }
    }
}
