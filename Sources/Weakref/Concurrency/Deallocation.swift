/// The deallocation of an object, to await: `try await Deallocation(of: object).wait()` returns once
/// the object is gone.
///
/// A `Deallocation` holds its object weakly, never keeps it alive, and is `Sendable` whatever the
/// object's type, since it never hands the object back. Any number of tasks may wait on one value
/// (or on several values for one object).
///
/// ```swift
/// let closed = Deallocation(of: connection)
/// Task {
///     try await closed.wait()
///     print("the connection is gone")
/// }
/// connection = nil   // a DeinitObservable connection: the task resumes now
/// ```
///
/// When the wait ends depends on the object's tier (<doc:TwoTiers>): at its deinit for a
/// ``DeinitObservable`` object; for any other object at the next collection
/// (``Collector/collect()``, the automatic one, or ``Collector/startPeriodicCollection(every:)``,
/// which makes it timely). A wait that starts after the object is gone returns at once, in both tiers.
/// A `Deallocation` made while its object is deinitializing (in its `deinit`) is complete from birth.
public struct Deallocation: Sendable {
    /// Unregisters the signal when the last copy of this value goes, so that a long-lived object does
    /// not accumulate the registrations of `Deallocation`s nobody waits on any more. A waiting task
    /// holds a copy for as long as it waits.
    final class _Registration: Sendable {
        let signal: _DeathSignal
        init(_ signal: _DeathSignal) { self.signal = signal }
        deinit { signal.cancel() }
    }

    let _registration: _Registration

    /// Starts observing `object`'s deallocation.
    ///
    /// ```swift
    /// let gone = Deallocation(of: session)
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    public init(of object: some AnyObject) {
        _registration = _Registration(.attached(to: object))
    }

    /// Whether the object is gone: its deallocation was delivered, or (collected tier) it is already
    /// unreachable although no collection has delivered it yet.
    ///
    /// ```swift
    /// if gone.isComplete { print("already gone") }
    /// ```
    ///
    /// - Complexity: O(1).
    public var isComplete: Bool {
        _registration.signal.referentIsGone
    }

    /// Suspends until the object is gone.
    ///
    /// ```swift
    /// try await Deallocation(of: download).wait()
    /// ```
    ///
    /// Returns at once if the object is already gone. If the waiting task is cancelled first, the wait
    /// stops at once, throws `CancellationError`, and leaves nothing registered.
    ///
    /// - Throws: `CancellationError` if the task was cancelled before the object was gone.
    /// - Complexity: O(1) to start waiting; the wait itself lasts until the object is gone.
    public func wait() async throws(CancellationError) {
        let signal = _registration.signal
        if signal.referentIsGone { return }
        let token = signal.makeToken()
        let died = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Bool, Never>) in
                signal.add({ died in continuation.resume(returning: died) }, token: token)
            }
        } onCancel: {
            signal.withdraw(token)
        }
        // A collected-tier object may be gone although the collection that delivers it has not run.
        if !died, !signal.referentIsGone { throw CancellationError() }
    }
}
