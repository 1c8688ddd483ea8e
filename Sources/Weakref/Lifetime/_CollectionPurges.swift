/// A weak collection that ``Collector/collect()`` asks to purge its dead entries.
protocol _Purgeable: AnyObject, Sendable {
    /// Removes entries whose referents died; returns how many it removed.
    func purgeDeadEntries() -> Int
}

/// The live weak collections, held weakly, so that a collection purges all of them.
final class _CollectionPurges: @unchecked Sendable {  // @unchecked: `handles` is guarded by `lock`.
    static let shared = _CollectionPurges()

    private final class Handle: @unchecked Sendable {  // @unchecked: a weak field, written once at init.
        weak var collection: (any _Purgeable)?
        init(_ collection: any _Purgeable) { self.collection = collection }
    }

    private let lock = _Lock()
    // Guarded by `lock`.
    private var handles: [Handle] = []
    private var compactionThreshold = _CollectionPurges.minimumCompactionThreshold
    /// Handles of dropped collections are swept out when the list has doubled since the last sweep,
    /// but not before it holds this many: sweeping a short list costs more than the handles.
    private static let minimumCompactionThreshold = 64

    /// Adds `collection` to the set a collection purges.
    func register(_ collection: any _Purgeable) {
        let handle = Handle(collection)
        lock.withLock(keepingAlive: handle) { garbage in
            handles.append(handle)
            guard handles.count >= compactionThreshold else { return }
            // Dropped collections leave empty handles behind; sweep them out, amortized O(1). Loading a
            // handle yields a strong reference, and a dropped handle is released: both go into the bag,
            // so that no collection's deinit can run here.
            var kept: [Handle] = []
            kept.reserveCapacity(handles.count)
            for handle in handles {
                let live = handle.collection
                if live != nil { kept.append(handle) }
                garbage.keep(live)
            }
            garbage.retire(handles)
            handles = kept
            compactionThreshold = max(_CollectionPurges.minimumCompactionThreshold, handles.count * 2)
        }
    }

    /// Purges every live collection. Returns the number of entries removed.
    @discardableResult
    func purgeAll() -> Int {
        let snapshot = lock.withLock { _ in handles }
        var removed = 0
        for handle in snapshot {
            if let collection = handle.collection {
                removed += collection.purgeDeadEntries()
            }
        }
        return removed
    }
}
