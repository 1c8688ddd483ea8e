/// Tasks whose lifetime ends with an object's: the `[weak self]` task leak, closed by the library.
extension Task {
    /// Cancels this task when `owner` is deallocated.
    ///
    /// ```swift
    /// let refresh = Task { await model.refreshForever() }
    /// refresh.cancel(whenDeallocated: screen)   // works for objects you do not own, too
    /// ```
    ///
    /// The registration holds `owner` weakly and leaves when the task finishes, so a long-lived owner
    /// does not accumulate the registrations of short tasks (a small watcher task awaits this task for
    /// that). Cancellation is cooperative: the task ends when its body next checks for cancellation
    /// (an `AsyncStream` loop, `Task.sleep`, `Task.checkCancellation()`).
    ///
    /// When the cancellation happens depends on the owner's tier (<doc:TwoTiers>): at its deinit for a
    /// ``DeinitObservable`` owner; for any other object at the next collection. An owner already
    /// deinitializing cancels the task at once.
    ///
    /// - Complexity: O(1) amortized.
    public func cancel(whenDeallocated owner: some AnyObject) {
        let signal = _DeathSignal.attached(to: owner)
        signal.add({ died in if died { self.cancel() } }, token: 0)
        Task<Void, Never>.detached {
            _ = await self.result
            signal.cancel()
        }
    }
}

extension Task where Failure == Never {
    /// Runs `operation` in a new task that is cancelled when `owner` is deallocated and that reaches
    /// `owner` only weakly.
    ///
    /// The classic leak, a loop that outlives its owner because nothing cancels it:
    ///
    /// ```swift
    /// Task { [weak self] in
    ///     for await event in events { self?.handle(event) }   // runs forever after self is gone
    /// }
    /// ```
    ///
    /// The same loop bound to its owner ends when the owner goes:
    ///
    /// ```swift
    /// Task(boundTo: self) { owner in
    ///     for await event in events { owner()?.handle(event) }
    /// }
    /// ```
    ///
    /// `owner` is a ``WeakReference``: load it where you need the object, and do not keep the loaded
    /// reference across a suspension longer than you mean to keep the object alive. `Owner` must be
    /// `Sendable` (an actor, a `@MainActor` class, an immutable class), since the body reaches it from
    /// another task; for any other owner, start the task yourself and use
    /// ``_Concurrency/Task/cancel(whenDeallocated:)``. The registration
    /// leaves when the task finishes. Cancellation happens at the owner's deinit for a
    /// ``DeinitObservable`` owner, at the next collection for any other object (<doc:TwoTiers>); an
    /// owner already deinitializing makes a task that starts cancelled.
    ///
    /// - Parameters:
    ///   - priority: The priority of the task, as for `Task.init(priority:operation:)`.
    ///   - owner: The object whose deallocation cancels the task.
    ///   - operation: The task's body; it receives a weak reference to `owner`.
    /// - Complexity: O(1) amortized, plus creating the task.
    @discardableResult
    public init<Owner: AnyObject & Sendable>(
        priority: TaskPriority? = nil,
        boundTo owner: Owner,
        operation: sending @escaping (WeakReference<Owner>) async -> Success
    ) {
        let binding = _TaskBinding(owner)
        self.init(priority: priority) { [reference = binding.reference] in
            defer { binding.taskFinished() }
            binding.cancelIfBornDead()
            return await operation(reference)
        }
        binding.start(cancelling: self)
    }
}

extension Task where Failure == any Error {
    /// Runs the throwing `operation` in a new task that is cancelled when `owner` is deallocated and
    /// that reaches `owner` only weakly.
    ///
    /// ```swift
    /// let poll = Task(boundTo: self) { owner in
    ///     while true {
    ///         try await Task.sleep(for: .seconds(1))
    ///         owner()?.poll()
    ///     }
    /// }
    /// ```
    ///
    /// The non-throwing form, `init(priority:boundTo:operation:)` where `Failure` is `Never`, explains
    /// the semantics: the task is cancelled at the owner's deinit (``DeinitObservable``) or the next
    /// collection (any other object), and the registration leaves when the task finishes.
    ///
    /// - Parameters:
    ///   - priority: The priority of the task, as for `Task.init(priority:operation:)`.
    ///   - owner: The object whose deallocation cancels the task.
    ///   - operation: The task's body; it receives a weak reference to `owner`.
    /// - Complexity: O(1) amortized, plus creating the task.
    @discardableResult
    public init<Owner: AnyObject & Sendable>(
        priority: TaskPriority? = nil,
        boundTo owner: Owner,
        operation: sending @escaping (WeakReference<Owner>) async throws -> Success
    ) {
        let binding = _TaskBinding(owner)
        self.init(priority: priority) { [reference = binding.reference] in
            defer { binding.taskFinished() }
            binding.cancelIfBornDead()
            return try await operation(reference)
        }
        binding.start(cancelling: self)
    }
}

/// The registration of a task started bound to an owner: a death signal on the owner, and the weak
/// reference the task's body receives.
///
/// The signal is attached before the task starts, so the task's own `defer` can unregister it without
/// racing the attachment; the task handle, which exists only once the task was created, is added after.
final class _TaskBinding<Owner: AnyObject & Sendable>: Sendable {
    let signal: _DeathSignal
    let reference: WeakReference<Owner>

    /// Whether the owner was already deinitializing when the task was made.
    let isBornDead: Bool

    init(_ owner: Owner) {
        signal = .attached(to: owner)
        reference = WeakReference(owner)
        isBornDead = signal.referentIsGone
    }

    /// Cancels the current task if its owner was gone before it started: the body then starts
    /// cancelled, which cancelling through the handle, once the task exists, cannot promise.
    func cancelIfBornDead() {
        if isBornDead { withUnsafeCurrentTask { $0?.cancel() } }
    }

    /// Cancels `task` at the owner's death, or now if the owner is already gone.
    func start<Success, Failure>(cancelling task: Task<Success, Failure>) {
        signal.add({ died in if died { task.cancel() } }, token: 0)
    }

    /// Unregisters the signal: the finished task needs no cancelling.
    func taskFinished() {
        signal.cancel()
    }
}
