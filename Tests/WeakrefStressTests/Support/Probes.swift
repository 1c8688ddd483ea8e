import Foundation
import Synchronization
import Testing

/// Failed checks made on worker threads, where `#expect` has no test to report to. The test checks that
/// there are none once its threads have finished.
final class Anomalies: Sendable {
    private let total = Atomic<Int>(0)
    private let firstMessages = Locked<[String]>([])

    /// Records `message` unless `condition` holds.
    func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        guard !condition else { return }
        total.add(1, ordering: .relaxed)
        let text = message()
        firstMessages.withLock { if $0.count < 40 { $0.append(text) } }
    }

    var count: Int { total.load(ordering: .relaxed) }

    /// Expects that nothing was recorded, listing the first failures otherwise.
    func expectNone(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            count == 0,
            "\(what): \(count) failed checks, first ones:\n\(firstMessages.current.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }
}

/// What one callback or finalizer action saw: how often it ran and whether it got what it should.
final class CallbackProbe: Sendable {
    private let fired = Atomic<Int>(0)
    private let explicitRuns = Atomic<Int>(0)
    /// The identity of the reference the callback must receive (0: not checked).
    private let expectedIdentity = Atomic<UInt>(0)
    let anomalies: Anomalies
    let label: String

    init(_ label: String, anomalies: Anomalies) {
        self.label = label
        self.anomalies = anomalies
    }

    /// Sets the reference the callback must receive.
    func expect(_ reference: AnyObject) {
        expectedIdentity.store(UInt(bitPattern: ObjectIdentifier(reference)), ordering: .releasing)
    }

    /// Called by a reference's callback.
    func callbackRan(received: AnyObject, referentIsAlive: Bool) {
        fired.add(1, ordering: .acquiringAndReleasing)
        ReliabilityFigures.add(ReliabilityFigures.callbacksFired, 1)
        anomalies.check(!referentIsAlive, "\(label): the callback's reference still yields its referent")
        let expected = expectedIdentity.load(ordering: .acquiring)
        anomalies.check(
            expected == 0 || expected == UInt(bitPattern: ObjectIdentifier(received)),
            "\(label): the callback received another reference")
    }

    /// Called by a finalizer's action.
    func actionRan() {
        fired.add(1, ordering: .acquiringAndReleasing)
        ReliabilityFigures.add(ReliabilityFigures.finalizersRun, 1)
    }

    /// Counts an explicit `finalizer()` that returned `true`.
    func ranExplicitly() { explicitRuns.add(1, ordering: .relaxed) }

    var timesFired: Int { fired.load(ordering: .acquiring) }
    var timesRunExplicitly: Int { explicitRuns.load(ordering: .relaxed) }
}

/// One registration that a checkpoint verifies: its callback ran exactly once, or never.
final class Registration: @unchecked Sendable {
    enum Expectation: String {
        /// Kept until its referent died: the callback (action) runs exactly once.
        case exactlyOnce
        /// Dropped, detached or born dead before its referent died: it never runs.
        case never
    }

    let probe: CallbackProbe
    let expectation: Expectation
    let referent: NativeWeak<StressObject>
    /// The reference object, kept alive until the checkpoint (nil once dropped on purpose).
    let reference: AnyObject?
    /// Checks on the reference once its referent is dead; returns whether they hold.
    let afterDeath: @Sendable () -> Bool

    init(
        probe: CallbackProbe, expectation: Expectation, referent: StressObject?, reference: AnyObject?,
        afterDeath: @escaping @Sendable () -> Bool = { true }
    ) {
        self.probe = probe
        self.expectation = expectation
        self.referent = NativeWeak(referent)
        self.reference = reference
        self.afterDeath = afterDeath
    }

    /// Checks the registration at a checkpoint, when its referent must be dead and delivered.
    ///
    /// - Parameter inFlight: Whether a periodic collection may be running on its own thread (it finishes a
    ///   collection it started even after `stopPeriodicCollection()`). Such a collection may be delivering
    ///   the death of this referent; or it may hold the referent's last strong reference for a moment (it
    ///   loads every live referent while scanning), so that the referent dies on its thread after the
    ///   checkpoint's collection, to be found by the next one. A callback that has not run yet is then
    ///   waited for while collecting again (up to a minute, a hang guard); it must still run exactly once.
    func verify(inFlight: Bool = false) {
        let anomalies = probe.anomalies
        if inFlight, expectation == .exactlyOnce {
            _ = eventually {
                ReliabilityFigures.collect()
                return probe.timesFired != 0
            }
        }
        anomalies.check(referent.isDead, "\(probe.label): the referent outlived its round (test bug)")
        switch expectation {
        case .exactlyOnce:
            anomalies.check(
                probe.timesFired == 1, "\(probe.label): ran \(probe.timesFired) times, expected exactly once")
        case .never:
            anomalies.check(
                probe.timesFired == 0, "\(probe.label): ran \(probe.timesFired) times, expected never")
        }
        anomalies.check(afterDeath(), "\(probe.label): wrong state after the referent's death")
    }
}

/// The registrations a thread made since the last checkpoint. Only that thread touches it.
final class Ledger: @unchecked Sendable {
    private(set) var registrations: [Registration] = []

    func add(_ registration: Registration) { registrations.append(registration) }

    /// Verifies and forgets every registration.
    func verifyAll(inFlight: Bool = false) {
        let all = registrations
        registrations = []
        for registration in all { registration.verify(inFlight: inFlight) }
    }
}

/// Whether `condition` holds now or within a minute (a hang guard for work that another thread may
/// still be finishing; the condition itself is exact).
func eventually(_ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        usleep(1000)
    }
    return true
}
