/// An observer that remembers whether its referent died and runs the actions waiting for that, once:
/// the machinery behind ``Deallocation`` and the tasks cancelled at a death.
///
/// Actions are keyed by a token so that a waiter that gives up (a cancelled task) can withdraw its own
/// action in O(1), leaving nothing behind. Every action runs after the signal's lock is released:
/// resuming a continuation or cancelling a task may run cancellation handlers, which may use this
/// library.
final class _DeathSignal: _Observer,
    // @unchecked: the mutable fields are guarded by `lock`; `_record` is written before publication.
    @unchecked Sendable
{
    /// What runs at the death (`true`) or when its waiter withdraws it (`false`).
    typealias Action = @Sendable (_ referentDied: Bool) -> Void

    private let lock = _Lock()
    // Guarded by `lock`.
    @exclusivity(unchecked)
    private var hasFired = false
    @exclusivity(unchecked)
    private var nextToken: UInt64 = 0
    @exclusivity(unchecked)
    private var actions: [UInt64: Action] = [:]
    /// Tokens withdrawn before their action was added (a task cancelled before it started waiting).
    @exclusivity(unchecked)
    private var withdrawnEarly: Set<UInt64> = []

    /// A signal attached to `object`. Born fired if `object` is already deinitializing (DESIGN §5.6: a
    /// registration made then would never be delivered).
    ///
    /// - Precondition: the caller holds `object` strongly.
    static func attached(to object: some AnyObject) -> _DeathSignal {
        let signal = _DeathSignal()
        if _isDeinitializing(ObjectIdentifier(object)) || !signal.attach(to: object) {
            signal.lock.withLock { _ in signal.hasFired = true }
        }
        return signal
    }

    /// Whether the referent is known to be gone: the death was delivered, or a collected-tier referent
    /// is already unreachable although no collection has delivered its death yet.
    var referentIsGone: Bool {
        if lock.withLock(body: { _ in hasFired }) { return true }
        // A collected-tier record holds its referent weakly (`registryKey` marks the tier).
        guard let record = _record, record.registryKey != nil else { return false }
        return record.object == nil
    }

    /// A fresh token for ``add(_:token:)`` and ``withdraw(_:)``.
    func makeToken() -> UInt64 {
        lock.withLock { _ in
            nextToken &+= 1
            return nextToken
        }
    }

    /// Adds `action` under `token`. If the referent already died, or the token was withdrawn, the
    /// action runs now (after unlocking) with the matching argument.
    func add(_ action: @escaping Action, token: UInt64) {
        let runNow: Bool? = lock.withLock { _ in
            if hasFired { return true }
            if withdrawnEarly.remove(token) != nil { return false }
            actions[token] = action
            return nil
        }
        if let runNow { action(runNow) }
    }

    /// Withdraws the action under `token`, which then runs with `false` (after unlocking), unless the
    /// death already took it. A token withdrawn before its action is added is remembered, so that
    /// ``add(_:token:)`` runs the action at once.
    func withdraw(_ token: UInt64) {
        let withdrawn: Action? = lock.withLock { _ in
            if let action = actions.removeValue(forKey: token) { return action }
            if !hasFired { withdrawnEarly.insert(token) }
            return nil
        }
        withdrawn?(false)
    }

    /// The actions waiting (for tests: a withdrawn waiter must leave nothing behind).
    var waitingCount: Int { lock.withLock { _ in actions.count + withdrawnEarly.count } }

    /// The referent keeps this signal until its next registration or its death: the actions still
    /// waiting (which will never run now) go at once, after unlocking, as they would have with the
    /// signal itself.
    override func didCancelInline() {
        withExtendedLifetime(takeActions(markingFired: false)) {}
    }

    override func deliver() {
        for action in takeActions(markingFired: true).values { action(true) }
    }

    /// Takes every waiting action out (they leave with the result, to run or be released after
    /// unlocking) and forgets the early withdrawals.
    private func takeActions(markingFired: Bool) -> [UInt64: Action] {
        lock.withLock { garbage in
            if markingFired { hasFired = true }
            var taken: [UInt64: Action] = [:]
            swap(&taken, &actions)
            garbage.retire(withdrawnEarly)
            withdrawnEarly = []
            return taken
        }
    }
}
