/// Subscriptions to the deaths of a table's objects: the machinery behind
/// ``WeakKeyDictionary/valuesOfDeallocatedKeys(bufferingPolicy:)`` and
/// ``WeakValueDictionary/keysOfDeallocatedValues(bufferingPolicy:)``.
///
/// Every place where an entry leaves because its object died (a prompt-tier deinit, a purge, or an
/// operation that meets a dead entry) reports it. With no subscriber that is one load of `nil`; with
/// subscribers, the entry's key and payload are copied into a delivery made outside every lock: by the
/// critical section's bag after unlocking (``_WeakTableState/reportDeath(of:into:)``), or, for a
/// prompt-tier death, in its phase two (``_WeakTable/removeDeadEntry(of:)``). No subscriber's code runs
/// under the table's lock, and a subscriber may call any API of the collection.
extension _WeakTable {
    /// Adds `receiver`; it hears of every death reported from now on.
    ///
    /// - Complexity: O(*s*), where *s* is the number of subscribers (the list is copied on write, so
    ///   that deliveries read it without the lock).
    func subscribeToDeaths(_ receiver: _DeathReceiver<LookupKey, Payload>) {
        withState(keepingAlive: receiver) { state, garbage in
            let old = state.deathSubscribers
            state.deathSubscribers = _DeathSubscribers((old?.receivers ?? []) + [receiver])
            garbage.keep(old)
        }
    }

    /// Removes `receiver`, if subscribed; the last one leaving restores the free no-subscriber path.
    ///
    /// - Complexity: O(*s*).
    func unsubscribeFromDeaths(_ receiver: _DeathReceiver<LookupKey, Payload>) {
        withState(keepingAlive: receiver) { state, garbage in
            guard let old = state.deathSubscribers else { return }
            let kept = old.receivers.filter { $0 !== receiver }
            guard kept.count != old.receivers.count else { return }
            state.deathSubscribers = kept.isEmpty ? nil : _DeathSubscribers(kept)
            // The old list, which holds `receiver`, is released after unlocking.
            garbage.keep(old)
        }
    }
}

extension _WeakTableState {
    /// Tells the subscribers, after unlocking, that `entry` left because its object died.
    @inlinable
    @inline(__always)
    func reportDeath(of entry: Removed, into garbage: inout Garbage) {
        guard let deathSubscribers else { return }
        deathSubscribers.report(entry.lookupKey, entry.payload, into: &garbage)
    }
}

/// One subscriber to a table's deaths: what to do with a dead entry's key and payload, and how to end
/// the subscription when the table goes away (its `deinit`, run when the last list holding it goes).
@usableFromInline
final class _DeathReceiver<LookupKey, Payload>: Sendable {
    let receive: @Sendable (LookupKey, Payload) -> Void
    let finish: @Sendable () -> Void

    init(
        receive: @escaping @Sendable (LookupKey, Payload) -> Void,
        finish: @escaping @Sendable () -> Void
    ) {
        self.receive = receive
        self.finish = finish
    }

    deinit { finish() }
}

/// An immutable list of subscribers, replaced as a whole under the table's lock, so that a delivery
/// made after unlocking reads the list it captured without any lock.
@usableFromInline
final class _DeathSubscribers<LookupKey, Payload>: Sendable {
    let receivers: [_DeathReceiver<LookupKey, Payload>]

    init(_ receivers: [_DeathReceiver<LookupKey, Payload>]) {
        self.receivers = receivers
    }

    /// Puts into `garbage` the delivery of one death to every receiver, made after unlocking.
    @usableFromInline
    @inline(never)
    func report<Discarded>(_ key: LookupKey, _ payload: Payload, into garbage: inout _Garbage<Discarded>) {
        garbage.deliverAfterUnlocking(delivery(key, payload))
    }

    /// The delivery of one death to every receiver, for the caller to make outside every lock.
    @usableFromInline
    @inline(never)
    func delivery(_ key: LookupKey, _ payload: Payload) -> () -> Void {
        { [receivers] in
            for receiver in receivers { receiver.receive(key, payload) }
        }
    }
}

extension _WeakTable {
    /// A new subscription to this table's deaths, as an `AsyncStream` of `event(key, payload)`.
    ///
    /// The subscription starts now and ends when the stream terminates: its consumer is cancelled, or
    /// the stream and its iterators are dropped (`onTermination`), or the table goes away (the
    /// receiver's `deinit` finishes the stream, so that a `for await` loop ends).
    ///
    /// - Complexity: O(*s*), where *s* is the number of subscribers.
    func deaths<Event: Sendable>(
        bufferingPolicy: AsyncStream<Event>.Continuation.BufferingPolicy,
        _ event: @escaping @Sendable (LookupKey, Payload) -> Event
    ) -> AsyncStream<Event> where LookupKey: SendableMetatype, Payload: SendableMetatype {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: bufferingPolicy)
        let receiver = _DeathReceiver<LookupKey, Payload>(
            receive: { key, payload in continuation.yield(event(key, payload)) },
            finish: { continuation.finish() })
        subscribeToDeaths(receiver)
        // Weak captures: the continuation holds this closure, the receiver holds the continuation, and a
        // receiver finishing from its own `deinit` (the table went) has nothing left to unsubscribe.
        continuation.onTermination = { [weak self, weak receiver] _ in
            guard let self, let receiver else { return }
            self.unsubscribeFromDeaths(receiver)
        }
        return stream
    }

    /// The number of subscribers (for tests: a terminated subscription must leave nothing behind).
    var deathSubscriberCount: Int {
        withState { state, _ in state.deathSubscribers?.receivers.count ?? 0 }
    }
}
