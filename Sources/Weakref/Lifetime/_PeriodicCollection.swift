/// The background task behind ``Collector/startPeriodicCollection(every:)``.
final class _PeriodicCollection: @unchecked Sendable {
    static let shared = _PeriodicCollection()

    private let lock = _Lock()
    // Guarded by `lock`.
    private var task: Task<Void, Never>?

    var isRunning: Bool { lock.withLock { task != nil } }

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
        let previous = lock.withLock { () -> Task<Void, Never>? in
            let previous = task
            task = newTask
            return previous
        }
        previous?.cancel()
    }

    func stop() {
        let previous = lock.withLock { () -> Task<Void, Never>? in
            let previous = task
            task = nil
            return previous
        }
        previous?.cancel()
    }
}
