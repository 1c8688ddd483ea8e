import Benchmark
import Weakref

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The pause an automatic collection imposes on the thread that registers (issue 12): one iteration
// grows the collected-tier registry from empty to 1,000,000 live referents, one `WeakReference` with a
// callback at a time, timing every registration on its own. The automatic collections run inside some
// of them; the metrics are the longest registration and the 99th percentile, in nanoseconds.
//
// The objects and references are created into arrays reserved beforehand, so that no array growth is
// timed; what remains in the slowest registration besides the collection is the allocator's and the
// scheduler's noise, which the same run shows in the p99.

enum PauseMetric {
    static let maximum = BenchmarkMetric.custom(
        "pauseMaxNanoseconds", polarity: .prefersSmaller, useScalingFactor: false)
    static let p99 = BenchmarkMetric.custom(
        "pauseP99Nanoseconds", polarity: .prefersSmaller, useScalingFactor: false)
}

func registerPauseBenchmarks() {
    guard Suite.recordsTime else { return }
    let count = Suite.smoke ? 10_000 : 1_000_000
    let configuration = Benchmark.Configuration(
        metrics: [PauseMetric.maximum, PauseMetric.p99], warmupIterations: Suite.smoke ? 0 : 1,
        scalingFactor: .one, maxDuration: Suite.smoke ? .milliseconds(1) : .seconds(20),
        maxIterations: Suite.smoke ? 1 : 5)

    register("Collector automatic-pause grow-to-\(sizeLabel(count)) collected", configuration) {
        benchmark in
        // Start from an empty registry: the previous iteration's referents are dead by now.
        Collector.collect()
        let objects = makeObjects(Plain.self, count: count)
        var references: [WeakReference<Plain>] = []
        references.reserveCapacity(count)
        var pauses = [UInt64](repeating: 0, count: count)
        for index in 0..<count {
            let start = monotonicNanoseconds()
            references.append(WeakReference(objects[index]) { _ in countCallback() })
            pauses[index] = monotonicNanoseconds() &- start
        }
        pauses.sort()
        benchmark.measurement(PauseMetric.maximum, Int(pauses[count - 1]))
        benchmark.measurement(PauseMetric.p99, Int(pauses[count * 99 / 100]))
        withExtendedLifetime(objects) {}
        withExtendedLifetime(references) {}
    }
}

@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}
