import Testing

@testable import Weakref

extension WeakrefSuite {
    /// A shard of the collected-tier registry, and the sweep in slices that bounds the pause of an
    /// automatic collection.
    @Suite struct ReferentRegistryShardTests {
        typealias Shard = _ReferentRegistry.Shard

        /// A shard holding a record for each of `objects`, each with one observer linked (a sweep retires
        /// records without observers), and the records in order.
        private func shard(recording objects: [PlainEmployee]) -> (Shard, [_ReferentRecord]) {
            let shard = Shard()
            return (shard, record(objects, in: shard))
        }

        /// Adds a record for each of `objects` to `shard`, each with one observer linked.
        private func record(_ objects: [PlainEmployee], in shard: Shard) -> [_ReferentRecord] {
            objects.map { object in
                let record = shard.lock.withLock(keepingAlive: object) { _ in
                    let record = _ReferentRecord(collectedObject: object, shard: shard)
                    shard.insert(record, at: _AddressKey(object))
                    shard._checkInvariants()
                    return record
                }
                #expect(record.link(_Observer()) == .linked)
                return record
            }
        }

        private func unlinkAll(_ record: _ReferentRecord) {
            for observer in record.snapshot() { #expect(record.unlink(observer)) }
        }

        /// Runs `operation` on `shard` as the registry does: under the shard's lock, with the invariants
        /// checked after it; returns the observer chains of the records it found dead.
        @discardableResult
        private func locked(
            _ shard: Shard, _ operation: (inout _Garbage<Never>, inout [_Observer]) -> Void
        ) -> [_Observer] {
            shard.lock.withLock { garbage in
                var deaths: [_Observer] = []
                operation(&garbage, &deaths)
                shard._checkInvariants()
                return deaths
            }
        }

        /// Advances the shard's automatic sweep by one slice.
        private func slice(_ shard: Shard) {
            locked(shard) { shard.sweepSliceIfDue(into: &$0, deaths: &$1) }
        }

        /// Advances the shard's automatic sweep slice by slice until it is over.
        private func sweepToTheEnd(_ shard: Shard) {
            repeat { slice(shard) } while shard.sweepCursor != nil
        }

        /// What a registration does when it finds `record`, whose object died, at a reused address.
        private func replaceDead(_ record: _ReferentRecord, in shard: Shard) {
            locked(shard) { shard.replaceDead(record, into: &$0, deaths: &$1) }
        }

        private func sweepAll(_ shard: Shard) {
            locked(shard) { shard.sweepAll(into: &$0, deaths: &$1) }
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
            sweepToTheEnd(shard)
            for (index, record) in records.enumerated() {
                #expect(record.isDead == (index % 3 == 0))
            }
            #expect(shard.records.count == objects.compactMap { $0 }.count)
            #expect(shard.records.allSatisfy { $0.object != nil })
            sweepAll(shard)
            withExtendedLifetime(objects) {}
        }

        @Test func removalsDuringASweepNeitherHideNorSkipRecords() {
            var objects: [PlainEmployee?] = (0..<200).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects.map { $0! })
            for index in stride(from: 1, to: 200, by: 2) { objects[index] = nil }
            var replaced = Set<Int>()
            while true {
                slice(shard)
                guard let cursor = shard.sweepCursor else { break }
                // A record behind the cursor and one ahead of it die and are replaced, as when a new
                // object reuses their addresses: the records that fill their places must still be
                // examined.
                let behind = shard.records[cursor / 2]
                let ahead = shard.records[min(cursor + 3, shard.records.count - 1)]
                for record in [behind, ahead] where record.object != nil {
                    let index = records.firstIndex { $0 === record }!
                    replaced.insert(index)
                    objects[index] = nil
                    replaceDead(record, in: shard)
                }
            }
            #expect(!replaced.isEmpty)
            let survivors = Set(shard.records.map { ObjectIdentifier($0) })
            for (index, record) in records.enumerated() {
                let lives = objects[index] != nil
                #expect(record.isDead == !lives, "record \(index)")
                #expect(survivors.contains(ObjectIdentifier(record)) == lives, "record \(index)")
            }
            sweepAll(shard)
            withExtendedLifetime(objects) {}
        }

        @Test func anAutomaticSweepRetiresTheRecordsUnusedSinceThePreviousOne() {
            let objects = (0..<40).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects)
            // Every fourth object is no longer observed; it lives on.
            for (index, record) in records.enumerated() where index % 4 == 0 { unlinkAll(record) }
            // They were used since the previous sweep (there was none): a second chance.
            sweepToTheEnd(shard)
            #expect(shard.records.count == 40)
            #expect(records.allSatisfy { !$0.isRetired })
            // One of them is observed again, and let go again, before the next sweep: it stays.
            #expect(records[4].link(_Observer()) == .linked)
            unlinkAll(records[4])
            // The next sweep starts once the shard has doubled.
            let more = (0..<40).map { PlainEmployee.make("more \($0)") }
            let added = record(more, in: shard)
            sweepToTheEnd(shard)
            let survivors = Set(shard.records.map { ObjectIdentifier($0) })
            for (index, record) in records.enumerated() {
                let retired = index % 4 == 0 && index != 4
                #expect(record.isRetired == retired, "record \(index)")
                #expect(!record.isDead)
                #expect(survivors.contains(ObjectIdentifier(record)) == !retired, "record \(index)")
            }
            #expect(shard.records.count == 80 - 9)
            // A retired record refuses new observers: the registrant looks the object up again.
            #expect(records[0].link(_Observer()) == .retired)
            sweepAll(shard)
            withExtendedLifetime((objects, more, added)) {}
        }

        @Test func anExplicitCollectionRetiresEveryUnobservedRecord() {
            let objects = (0..<10).map { PlainEmployee.make("\($0)") }
            let (shard, records) = shard(recording: objects)
            for record in records[..<5] { unlinkAll(record) }
            sweepAll(shard)
            #expect(
                records.map(\.isRetired) == Array(repeating: true, count: 5)
                    + Array(repeating: false, count: 5))
            #expect(shard.records.map { ObjectIdentifier($0) } == records[5...].map { ObjectIdentifier($0) })
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
