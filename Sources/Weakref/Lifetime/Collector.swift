/// Finds the deaths of collected-tier objects: the analogue of Python's `gc.collect()`.
///
/// Objects whose class does not conform to ``DeinitObservable`` cannot announce their own death. The
/// library records them weakly and notices they are gone when a collection runs. A collection
/// delivers every callback, finalizer and proxy notification of the objects that died since the last
/// one, and purges their entries from every live weak collection.
///
/// Collections happen three ways:
/// - explicitly, with ``collect()``;
/// - automatically, on the thread that registers something: once the recorded objects have doubled
///   since they were last swept, each registration also checks a few of them (a bounded slice, so no
///   registration pauses for more than about a microsecond however many objects are recorded, and the
///   cost is O(1) amortized per registration);
/// - periodically, on a background task, between ``startPeriodicCollection(every:)`` and
///   ``stopPeriodicCollection()``.
///
/// ```swift
/// final class Plain {}
/// var object: Plain? = Plain()
/// let reference = WeakReference(object!) { _ in print("gone") }
/// object = nil          // reference() is nil already; the callback has not run yet
/// Collector.collect()   // prints "gone", returns 1
/// ```
public enum Collector {
    /// Delivers the deaths of every collected-tier object that died since the last collection and
    /// purges dead entries from every live weak collection.
    ///
    /// Callbacks run on the calling thread, most recently registered first per object, after the
    /// library's locks are released; they may call any API of the library, including `collect()`.
    /// Deaths found by a `collect()` that runs inside a callback are delivered when that callback
    /// returns, not before `collect()` returns: nested deliveries are queued so that long chains of
    /// deaths never deepen the stack.
    ///
    /// ```swift
    /// let processed = Collector.collect()
    /// ```
    ///
    /// - Returns: The number of deaths processed: one for each dead object whose callbacks, finalizers
    ///   or proxies were notified, plus one for each dead entry purged from a weak collection.
    /// - Complexity: O(*n*) in the number of recorded collected-tier objects plus the entries of the
    ///   live weak collections.
    @discardableResult
    public static func collect() -> Int {
        let deaths = _ReferentRegistry.shared.collect()
        return deaths + _CollectionPurges.shared.purgeAll()
    }

    /// Starts collecting every `interval` on a background task, replacing a periodic collection that is
    /// already running. Callbacks then run on that task's thread.
    ///
    /// ```swift
    /// Collector.startPeriodicCollection(every: .seconds(5))
    /// ```
    ///
    /// - Parameter interval: The time between the end of one collection and the start of the next.
    ///   Non-positive intervals are treated as one millisecond.
    /// - Complexity: O(1); each collection costs what ``collect()`` costs.
    public static func startPeriodicCollection(every interval: Duration) {
        _PeriodicCollection.shared.start(every: interval)
    }

    /// Stops the periodic collection started by ``startPeriodicCollection(every:)``, if any. A
    /// collection already in progress finishes.
    ///
    /// ```swift
    /// Collector.stopPeriodicCollection()
    /// ```
    ///
    /// - Complexity: O(1).
    public static func stopPeriodicCollection() {
        _PeriodicCollection.shared.stop()
    }

    /// Whether a periodic collection is running.
    ///
    /// ```swift
    /// if !Collector.isCollectingPeriodically { Collector.startPeriodicCollection(every: .seconds(1)) }
    /// ```
    ///
    /// - Complexity: O(1).
    public static var isCollectingPeriodically: Bool {
        _PeriodicCollection.shared.isRunning
    }
}
