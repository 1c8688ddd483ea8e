import Foundation
import Testing

/// The root of every suite in this target.
///
/// These suites stress the process-wide parts of the library: collections deliver every pending
/// collected-tier death in the process, and the leak checks compare process-wide counters. They must
/// not share the process with other test targets (whose suites run in parallel with this one and check
/// "not delivered until a collection"), so they run only when `WEAKREF_STRESS` is set, together with
/// `--filter WeakrefStressTests`:
///
/// ```
/// WEAKREF_STRESS=1 swift test --filter WeakrefStressTests
/// ```
///
/// Inside, the suites run one test at a time (`.serialized`).
@Suite(
    "reliability", .serialized, ReliabilityFigures.trait,
    .enabled(if: StressConfiguration.isEnabled, StressConfiguration.disabledComment))
enum ReliabilitySuite {}

/// The knobs of the stress run, read from the environment once.
enum StressConfiguration {
    private static let environment = ProcessInfo.processInfo.environment

    private static func integer(_ name: String) -> Int? {
        environment[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether this target's suites run (`WEAKREF_STRESS=1`, or any `WEAKREF_STRESS_ROUNDS`).
    static let isEnabled = environment["WEAKREF_STRESS"] == "1" || integer("WEAKREF_STRESS_ROUNDS") != nil

    static let disabledComment: Comment = """
        process-wide stress, leak and model tests: run them alone with \
        `WEAKREF_STRESS=1 swift test --filter WeakrefStressTests`
        """

    /// Threads per stress test (`WEAKREF_STRESS_THREADS`, default 4: more than the 2 cores of CI, on
    /// purpose, so that threads are preempted in the middle of operations).
    static let threads = integer("WEAKREF_STRESS_THREADS") ?? 4

    /// Rounds per thread of each stress test (`WEAKREF_STRESS_ROUNDS`, default 400). A soak run sets it
    /// higher.
    static let rounds = integer("WEAKREF_STRESS_ROUNDS") ?? 400

    /// Rounds between two checkpoints, where every thread stops, pending deaths are collected and every
    /// invariant is checked exactly.
    static let roundsPerEpoch = 50

    /// A time bound per stress test: once it has passed, the test stops at its next checkpoint (the
    /// invariants are still checked, over the rounds that ran). `WEAKREF_STRESS_SECONDS`, default 20;
    /// with `WEAKREF_STRESS_ROUNDS` set and no explicit bound, a soak is bounded by its rounds only.
    static let secondsPerTest: Double =
        integer("WEAKREF_STRESS_SECONDS").map(Double.init)
        ?? (environment["WEAKREF_STRESS_ROUNDS"] != nil ? .infinity : 20)

    /// Random operation sequences per collection in the model-based tests (`WEAKREF_PROPERTY_RUNS`,
    /// default 500).
    static let propertyRuns = integer("WEAKREF_PROPERTY_RUNS") ?? 500

    /// The seed of the stress threads' random choices (`WEAKREF_STRESS_SEED`, default 1). Thread
    /// interleavings are not reproducible; the choices each thread makes are.
    static let seed = UInt64(integer("WEAKREF_STRESS_SEED") ?? 1)
}
