/// A weak collection that ``Collector/collect()`` asks to purge its dead entries.
protocol _Purgeable: AnyObject, Sendable {
    /// Removes entries whose referents died; returns how many it removed.
    func purgeDeadEntries() -> Int
}

/// The live weak collections, held weakly, so that a collection purges all of them.
final class _CollectionPurges: @unchecked Sendable {
    static let shared = _CollectionPurges()

    private final class Handle: @unchecked Sendable {
        weak var collection: (any _Purgeable)?
        init(_ collection: any _Purgeable) { self.collection = collection }
    }

    private let lock = _Lock()
    // Guarded by `lock`.
    private var handles: [Handle] = []
    private var compactionThreshold = 64

    /// Adds `collection` to the set a collection purges.
    func register(_ collection: any _Purgeable) {
        let handle = Handle(collection)
        // Loading a handle yields a strong reference; if it were the last one, releasing it under the
        // lock would run that collection's deinit here. Keep loaded collections until after unlock.
        var keepAlive: [any _Purgeable] = []
        lock.withLock {
            handles.append(handle)
            guard handles.count >= compactionThreshold else { return }
            // Dropped collections leave empty handles behind; sweep them out, amortized O(1).
            handles.removeAll { handle in
                guard let live = handle.collection else { return true }
                keepAlive.append(live)
                return false
            }
            compactionThreshold = max(64, handles.count * 2)
        }
        _ = keepAlive
    }

    /// Purges every live collection. Returns the number of entries removed.
    @discardableResult
    func purgeAll() -> Int {
        let snapshot = lock.withLock { handles }
        var removed = 0
        for handle in snapshot {
            if let collection = handle.collection {
                removed += collection.purgeDeadEntries()
            }
        }
        return removed
    }
}
