import Testing

@testable import Weakref

extension WeakrefSuite {
    /// A shard of the collected-tier registry, and the sweep in slices that bounds the pause of an
    /// automatic collection.
    @Suite struct ReferentRegistryShardTests {
        typealias Shard = _ReferentRegistry.Shard

        /// A shard holding a record for each of `objects`, and the records in order.
        private func shard(recording objects: [PlainEmployee]) -> (Shard, [_ReferentRecord]) {
            let shard = Shard()
            let records = objects.map { object in
                shard.lock.withLock(keepingAlive: object) { _ in
                    let record = _ReferentRecord(collectedObject: object, shard: shard)
                    shard.insert(record, at: _AddressKey(object))
                    shard._checkInvariants()
                    return record
                }
            }
            return (shard, records)
        }

        /// Advances the shard's automatic sweep by one slice; returns the observer chains it found.
        @discardableResult
        private func slice(_ shard: Shard) -> [_Observer] {
            shard.lock.withLock { garbage in
                var deaths: [_Observer] = []
                shard.sweepSliceIfDue(into: &garbage, deaths: &deaths)
                shard._checkInvariants()
                return deaths
            }
        }

        private func remove(_ record: _ReferentRecord, from shard: Shard) {
            shard.lock.withLock { garbage in
                shard.remove(record, into: &garbage)
                shard._checkInvariants()
            }
        }

        private func sweepAll(_ shard: Shard) {
            shard.lock.withLock { garbage in
                var deaths: [_Observer] = []
                shard.sweepAll(into: &garbage, deaths: &deaths)
                shard._checkInvariants()
            }
        }

        @Test func aSweepStartsAtTheThresholdAndExaminesOneSlicePerCall() {
            let objects = (0..<100).map { PlainEmployee.make("\($0)") }
            let (shard, _) = shard(recording: objects)
            var slices = 0
            repeat {
                let before = shard.sweepCursor ?? 0
                slice(shard)
                slices += 1
                if let after = shard.sweepCursor { #expect(after - before == Shard.sliceSize) }
            } while shard.sweepCursor != nil
            #expect(slices == (100 + Shard.sliceSize - 1) / Shard.sliceSize)
            #expect(shard.records.count == 100)
            // The next sweep waits until the shard has doubled.
            slice(shard)
            #expect(shard.sweepCursor == nil)
            sweepAll(shard)
            withExtendedLifetime(objects) {}
        }

        @Test func aSweepRemovesEveryDeadRecordAndKeepsEveryLiveOne() {
            var objects: [PlainEmployee?] = (0..<100).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects.map { $0! })
            for index in stride(from: 0, to: 100, by: 3) { objects[index] = nil }
            while true {
                slice(shard)
                if shard.sweepCursor == nil { break }
            }
            for (index, record) in records.enumerated() {
                #expect(record.isDead == (index % 3 == 0))
            }
            #expect(shard.records.count == objects.compactMap { $0 }.count)
            #expect(shard.records.allSatisfy { $0.object != nil })
            sweepAll(shard)
            withExtendedLifetime(objects) {}
        }

        @Test func removalsDuringASweepNeitherHideNorRepeatRecords() {
            var objects: [PlainEmployee?] = (0..<200).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects.map { $0! })
            for index in stride(from: 1, to: 200, by: 2) { objects[index] = nil }
            var removed = Set<Int>()
            var round = 0
            while true {
                slice(shard)
                guard let cursor = shard.sweepCursor else { break }
                // A live record behind the cursor, and one ahead of it, leave (their last observer was
                // cancelled): the records that fill their places must still be examined exactly once.
                for record in [
                    shard.records[cursor / 2], shard.records[min(cursor + 3, shard.records.count - 1)],
                ]
                where record.object != nil {
                    removed.insert(records.firstIndex { $0 === record }!)
                    remove(record, from: shard)
                }
                round += 1
            }
            #expect(round > 0)
            for (index, record) in records.enumerated() where !removed.contains(index) {
                #expect(record.isDead == (index % 2 == 1), "record \(index)")
            }
            let survivors = Set(shard.records.map { ObjectIdentifier($0) })
            for (index, record) in records.enumerated() {
                let shouldSurvive = index % 2 == 0 && !removed.contains(index)
                #expect(survivors.contains(ObjectIdentifier(record)) == shouldSurvive, "record \(index)")
            }
            sweepAll(shard)
            withExtendedLifetime(objects) {}
        }

        @Test func aFullSweepKeepsTheLiveRecordsInOrder() {
            var objects: [PlainEmployee?] = (0..<50).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects.map { $0! })
            for index in [0, 7, 8, 9, 49] { objects[index] = nil }
            sweepAll(shard)
            let expected = records.enumerated().filter { objects[$0.offset] != nil }.map {
                ObjectIdentifier($0.element)
            }
            #expect(shard.records.map { ObjectIdentifier($0) } == expected)
            #expect(shard.sweepCursor == nil)
            for (index, record) in records.enumerated() {
                #expect(record.isDead == (objects[index] == nil))
            }
            objects.removeAll()
            sweepAll(shard)
            #expect(shard.records.isEmpty)
        }
    }
}
