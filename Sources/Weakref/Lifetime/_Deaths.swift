#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Delivers deaths: phase one at once for every observer, phase two (user code) through a per-thread
/// queue so that cascades run iteratively.
///
/// A callback that releases the last reference to another observed object causes a nested death on the
/// same thread. Its bookkeeping still happens immediately (so a collection never shows the dead
/// object), but its callbacks are queued and run by the outermost delivery loop once the current
/// callback returns, the way CPython's trashcan flattens deep deallocation chains. The library's own
/// stack use therefore does not grow with the length of a chain.
@usableFromInline
enum _Deaths {
    /// Handles the detached observer chain of a referent that died (newest observer first).
    ///
    /// The chain is taken by value and each observer is released as soon as it has been delivered,
    /// inside the delivery loop: a released observer may own the next object of a chain (a weak
    /// dictionary's entry owns its value), and that death must find the loop running, not returned.
    static func handle(_ chain: consuming _Observer?) {
        guard let head = consume chain else { return }
        // Phase one. `head` owns the whole chain through `_next`, so the walk needs no retains.
        var node = Unmanaged.passUnretained(head)
        while true {
            let next = node._withUnsafeGuaranteedRef { current -> Unmanaged<_Observer>? in
                current.referentDidDie()
                return current._next.map { Unmanaged.passUnretained($0) }
            }
            guard let next else { break }
            node = next
        }
        let state = _DeliveryState.current
        if state.isDelivering {
            state.pending.append(head)
            return
        }
        state.isDelivering = true
        deliver(consume head)
        finishDelivering(state)
    }

    /// The rest of the outermost delivery loop, once its first death was delivered: the deferred work,
    /// then the chains of the deaths that delivery caused, each followed by the work it deferred.
    @inline(__always)  // Called, it cost every death about 19 instructions.
    private static func finishDelivering(_ state: _DeliveryState) {
        if !state.deferred.isEmpty { state.runDeferred() }
        if !state.pending.isEmpty {
            while state.nextPending < state.pending.count {
                // Take the chain out of the queue, so that delivering releases it.
                let next = state.pending[state.nextPending].take()
                state.nextPending += 1
                if let next { deliver(next) }
                if !state.deferred.isEmpty { state.runDeferred() }
            }
            state.pending.removeAll(
                keepingCapacity: state.pending.capacity <= _DeliveryState.retainedQueueCapacity)
            state.nextPending = 0
        }
        state.isDelivering = false
    }

    /// Runs `delivery` in phase two of the death whose phase one is running on this thread: after every
    /// observer's bookkeeping, with the callbacks. For work that phase one finds but that may run user
    /// code (a weak collection's death subscribers).
    ///
    /// - Precondition: called from an observer's ``_Observer/referentDidDie()``.
    @usableFromInline
    static func deliverInPhaseTwo(_ delivery: consuming @escaping () -> Void) {
        _DeliveryState.current.deferred.append(consume delivery)
    }

    /// Runs `work` for a death that did not go through ``handle(_:)`` (an inline registrant's,
    /// ``_InlineRegistrant``): a delivery to death subscribers, or the release of the dead entry's key
    /// and value, which may own the next object of a chain. If this thread is delivering a death (a
    /// cascade reached this one), it is queued behind; otherwise it runs as the outermost delivery
    /// loop, so that the deaths it causes are queued and delivered iteratively, not nested.
    @usableFromInline
    static func deliverAfterInlineDeath(_ work: consuming @escaping () -> Void) {
        let state = _DeliveryState.current
        // Moved in: the loop's release of it is the last.
        state.deferred.append(consume work)
        if state.isDelivering { return }
        state.isDelivering = true
        finishDelivering(state)
    }

    private static func deliver(_ chain: consuming _Observer) {
        var node: _Observer? = chain
        while let current = node.take() {
            // Move the link out rather than copy it: the chain's only reference passes to `node`.
            node = current._next.take()
            current.deliver()
        }
    }
}

/// Per-thread delivery state, reached through a pthread key (only its own thread touches it).
final class _DeliveryState {
    /// The largest pending-queue capacity a thread keeps between cascades: enough for the usual burst
    /// without reallocating, while a thread that once delivered a huge cascade gives the memory back.
    static let retainedQueueCapacity = 64

    @exclusivity(unchecked)
    var isDelivering = false
    @exclusivity(unchecked)
    var pending: [_Observer?] = []
    @exclusivity(unchecked)
    var nextPending = 0
    /// Deliveries found in phase one, for phase two (``_Deaths/deliverInPhaseTwo(_:)``).
    @exclusivity(unchecked)
    var deferred: [() -> Void] = []

    /// Runs the deferred deliveries, including those that they cause in turn, in order.
    ///
    /// Each is taken out of the queue before it runs, so that it is released here, inside the loop:
    /// what it captured (a dead entry's value) may own the next object of a chain, whose death then
    /// queues behind it instead of running in the middle of emptying the queue.
    func runDeferred() {
        var index = 0
        while index < deferred.count {
            let delivery = deferred[index]
            deferred[index] = {}
            index += 1
            delivery()
        }
        deferred.removeAll(keepingCapacity: deferred.capacity <= _DeliveryState.retainedQueueCapacity)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let result = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
                Unmanaged<_DeliveryState>.fromOpaque(pointer).release()
            #else
                if let pointer { Unmanaged<_DeliveryState>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(result == 0, "pthread_key_create failed with error \(result)")
        return key
    }()

    static var current: _DeliveryState {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<_DeliveryState>.fromOpaque(pointer).takeUnretainedValue()
        }
        let state = _DeliveryState()
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        return state
    }
}
