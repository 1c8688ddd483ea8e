/// The background task behind ``Collector/startPeriodicCollection(every:)``.
final class _PeriodicCollection: @unchecked Sendable {  // @unchecked: `task` is guarded by `lock`.
    static let shared = _PeriodicCollection()

    private let lock = _Lock()
    // Guarded by `lock`.
    private var task: Task<Void, Never>?

    var isRunning: Bool { lock.withLock { _ in task != nil } }

    func start(every interval: Duration) {
        let period = interval > .zero ? interval : .milliseconds(1)
        let newTask = Task.detached(priority: .background) {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: period)
                } catch {
                    return
                }
                Collector.collect()
            }
        }
        // The replaced task leaves with the result: cancelled and released after unlocking.
        let previous = lock.withLock(keepingAlive: newTask) { _ in _exchange(&task, newTask) }
        previous?.cancel()
    }

    func stop() {
        let previous = lock.withLock { _ in task.take() }
        previous?.cancel()
    }
}
