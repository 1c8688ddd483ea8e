import Foundation
import Synchronization
import Testing

/// What one thread of a stress test sees in a round.
struct StressContext {
    let thread: Int
    let round: Int
    var random: StressRandom
    /// Public operations performed in this round, for the figures.
    var operations = 0

    /// Counts `count` operations.
    mutating func did(_ count: Int = 1) { operations += count }
}

/// The shape of every stress test: `threads` threads run `rounds` rounds each, all at once, and meet
/// every ``StressConfiguration/roundsPerEpoch`` rounds at a checkpoint:
///
/// 1. every thread finishes its round and calls `quiesce` (drops whatever it still holds, so that every
///    object made since the last checkpoint can die);
/// 2. thread 0 runs `Collector.collect()`, delivering every collected-tier death still pending;
/// 3. every thread calls `verify`, checking its own records exactly, and forgets them.
///
/// Between checkpoints nothing is synchronized beyond what the library does: objects of both tiers die
/// on every thread, while the other threads use the same structures.
struct StressHarness {
    let name: String
    var threads = StressConfiguration.threads
    var rounds = StressConfiguration.rounds
    var roundsPerEpoch = StressConfiguration.roundsPerEpoch

    /// Runs the test; returns the number of thread-rounds that ran.
    @discardableResult
    func run(
        round body: @escaping @Sendable (inout StressContext) -> Void,
        quiesce: @escaping @Sendable (_ thread: Int) -> Void = { _ in },
        verify: @escaping @Sendable (_ thread: Int) -> Void
    ) -> Int {
        let barrier = StressBarrier(parties: threads)
        let stop = Atomic<Bool>(false)
        let threadRounds = Atomic<Int>(0)
        let operations = Atomic<Int>(0)
        let deadline = Date().addingTimeInterval(StressConfiguration.secondsPerTest)
        let rounds = rounds
        let roundsPerEpoch = roundsPerEpoch
        runConcurrently(threads: threads) { thread in
            var random = StressRandom(seed: StressConfiguration.seed &* 1_000_003 &+ UInt64(thread))
            var round = 0
            while round < rounds {
                let start = round
                let end = min(rounds, round + roundsPerEpoch)
                while round < end {
                    var context = StressContext(thread: thread, round: round, random: random)
                    body(&context)
                    random = context.random
                    operations.add(context.operations, ordering: .relaxed)
                    round += 1
                }
                threadRounds.add(round - start, ordering: .relaxed)
                barrier.wait()
                quiesce(thread)
                barrier.wait()
                if thread == 0 {
                    ReliabilityFigures.collect()
                    if Date() > deadline { stop.store(true, ordering: .relaxed) }
                }
                barrier.wait()
                verify(thread)
                barrier.wait()
                if stop.load(ordering: .relaxed) { break }
            }
        }
        let total = threadRounds.load(ordering: .relaxed)
        let performed = operations.load(ordering: .relaxed)
        ReliabilityFigures.add(ReliabilityFigures.stressTests, 1)
        ReliabilityFigures.add(ReliabilityFigures.stressThreadRounds, total)
        ReliabilityFigures.add(ReliabilityFigures.stressOperations, performed)
        print(
            "stress \(name): \(threads) threads × \(total / max(threads, 1)) rounds, "
                + "\(performed) operations")
        return total
    }
}
