import Synchronization
import Testing

/// The figures RELIABILITY.md quotes, summed over the whole run and printed when the root suite ends
/// (one line, prefixed `reliability figures:`), so that they come from an actual run.
struct ReliabilityFigures: SuiteTrait, TestScoping {
    static var trait: Self { Self() }

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await function()
        print(Self.summary)
    }

    // Stress tests.
    static let stressTests = Atomic<Int>(0)
    static let stressThreadRounds = Atomic<Int>(0)
    static let stressOperations = Atomic<Int>(0)
    // Every test of the target.
    static let promptDeaths = Atomic<Int>(0)
    static let collectedDeaths = Atomic<Int>(0)
    static let callbacksFired = Atomic<Int>(0)
    static let finalizersRun = Atomic<Int>(0)
    static let deathsProcessedByCollect = Atomic<Int>(0)
    // Model-based tests.
    static let modelSequences = Atomic<Int>(0)
    static let modelSteps = Atomic<Int>(0)
    // Re-entrancy matrix.
    static let reentrancyCases = Atomic<Int>(0)
    static let reentrancyNestedOperations = Atomic<Int>(0)
    // Leak checks.
    static let leakChecks = Atomic<Int>(0)

    static func add(_ counter: borrowing Atomic<Int>, _ amount: Int) {
        counter.add(amount, ordering: .relaxed)
    }

    /// Runs `Collector.collect()` and counts what it processed.
    @discardableResult
    static func collect() -> Int {
        let processed = collectNow()
        add(deathsProcessedByCollect, processed)
        return processed
    }

    static var summary: String {
        func value(_ counter: borrowing Atomic<Int>) -> Int { counter.load(ordering: .relaxed) }
        return "reliability figures: "
            + "stress \(value(stressTests)) tests, \(StressConfiguration.threads) threads each, "
            + "\(value(stressThreadRounds)) thread-rounds, \(value(stressOperations)) operations; "
            + "objects died: \(value(promptDeaths)) prompt-tier + \(value(collectedDeaths)) collected-tier; "
            + "callbacks fired: \(value(callbacksFired)); finalizers run: \(value(finalizersRun)); "
            + "deaths and purges processed by collect(): \(value(deathsProcessedByCollect)); "
            + "model sequences: \(value(modelSequences)) (\(value(modelSteps)) steps); "
            + "re-entrancy cases: \(value(reentrancyCases)) "
            + "(\(value(reentrancyNestedOperations)) nested operations); "
            + "leak checks: \(value(leakChecks))"
    }
}
