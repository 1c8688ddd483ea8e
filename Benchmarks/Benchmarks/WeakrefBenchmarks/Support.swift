import Benchmark
import Synchronization
import Weakref

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Suite configuration

/// How the suite runs, chosen by environment variables (the plugin passes its environment on to the
/// benchmark processes):
///
/// - `WEAKREF_BENCH_METRICS=time` (default): wall clock only. Timings come from here.
/// - `WEAKREF_BENCH_METRICS=malloc`: malloc counts only (the interposer's counting costs about 8 ns per
///   allocation, so counts and timings never come from the same run), plus the memory benchmarks
///   (bytes and allocations per entry, heap after 1,000,000 insert-and-die cycles).
/// - `WEAKREF_BENCH_SMOKE=1`: every benchmark of both groups, a couple of iterations each, small
///   cycle counts. It checks that the suite builds and runs, not the numbers.
enum Suite {
    enum Group: String {
        case time
        case malloc
    }

    static let group: Group = {
        guard let raw = environment("WEAKREF_BENCH_METRICS") else { return .time }
        guard let group = Group(rawValue: raw.lowercased()) else {
            // Not a crash: package-benchmark reports a crash while registering as "no benchmarks"
            // and exits 0, which a CI smoke run would take for success.
            let message =
                "warning: WEAKREF_BENCH_METRICS must be 'time' or 'malloc', not '\(raw)'; using 'time'\n"
            message.withCString { _ = write(2, $0, strlen($0)) }
            return .time
        }
        return group
    }()

    static let smoke: Bool = {
        guard let raw = environment("WEAKREF_BENCH_SMOKE") else { return false }
        return !raw.isEmpty && raw != "0"
    }()

    /// Whether the timing benchmarks record wall clock.
    static var recordsTime: Bool { smoke || group == .time }
    /// Whether malloc counts are recorded (and the memory benchmarks registered).
    static var recordsMallocs: Bool { smoke || group == .malloc }

    static var opMetrics: [BenchmarkMetric] {
        var metrics: [BenchmarkMetric] = []
        if recordsTime { metrics.append(.wallClock) }
        if recordsMallocs { metrics.append(.mallocCountTotal) }
        return metrics
    }

    /// The configuration of an operation benchmark: `scalingFactor` operations per iteration.
    static func configuration(
        scalingFactor: BenchmarkScalingFactor = .kilo,
        maxDuration: Duration = .seconds(1),
        tags: [String: String] = [:]
    ) -> Benchmark.Configuration {
        if smoke {
            return .init(
                metrics: opMetrics, tags: tags, timeUnits: .nanoseconds, warmupIterations: 1,
                scalingFactor: scalingFactor, maxDuration: .milliseconds(1), maxIterations: 2)
        }
        switch group {
        case .time:
            return .init(
                metrics: opMetrics, tags: tags, timeUnits: .nanoseconds, warmupIterations: 5,
                scalingFactor: scalingFactor, maxDuration: maxDuration, maxIterations: 1_000_000)
        case .malloc:
            // Counts barely vary; a few samples after warm-up (which creates side tables) suffice.
            return .init(
                metrics: opMetrics, tags: tags, warmupIterations: 3,
                scalingFactor: scalingFactor, maxDuration: .milliseconds(500), maxIterations: 25)
        }
    }

    /// The configuration of a memory benchmark (registered with `recordsMallocs` only).
    static func memoryConfiguration(iterations: Int) -> Benchmark.Configuration {
        .init(
            metrics: [.mallocCountTotal, MemoryMetric.retainedBytes, MemoryMetric.retainedAllocations],
            warmupIterations: smoke ? 0 : 1,
            scalingFactor: .one,
            maxDuration: smoke ? .milliseconds(1) : .seconds(5),
            maxIterations: smoke ? 1 : iterations)
    }

    /// The two collection sizes of the issue.
    static let sizes = [1_000, 100_000]

    /// How many insert-and-die cycles the bounded-memory benchmarks run.
    static var churnCycles: Int { smoke ? 10_000 : 1_000_000 }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// "1k", "100k".
func sizeLabel(_ size: Int) -> String {
    size % 1_000 == 0 ? "\(size / 1_000)k" : "\(size)"
}

// MARK: - Objects

/// What the benchmarks store: a small final class, in one tier or the other.
protocol Fixture: AnyObject, Sendable {
    init(id: Int)
    var id: Int { get }
    static var tier: String { get }
}

/// A collected-tier object: deaths are noticed at `Collector.collect()` or amortized purges.
final class Plain: Fixture {
    let id: Int
    init(id: Int) { self.id = id }
    static var tier: String { "collected" }
}

/// A prompt-tier object: entries and callbacks go at its deinit.
final class Observed: Fixture, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let id: Int
    init(id: Int) { self.id = id }
    static var tier: String { "prompt" }
}

/// The hand-written "tell me when it dies": a closure stored on the object, run by its deinit.
final class HookedObject: @unchecked Sendable {
    let id: Int
    var onDeinit: (() -> Void)?
    init(id: Int) { self.id = id }
    deinit { onDeinit?() }
}

/// Counts callbacks (so that a callback does observable work and cannot be optimized away).
let callbackCount = Atomic<Int>(0)

@inline(never)
func countCallback() {
    callbackCount.wrappingAdd(1, ordering: .relaxed)
}

func makeObjects<T: Fixture>(_: T.Type, count: Int, firstID: Int = 0) -> [T] {
    (0..<count).map { T(id: firstID + $0) }
}

/// Gives every object its weak-reference side table now (Swift creates it at the first weak reference
/// and keeps it for the object's life), so that steady-state figures do not include it.
func createSideTables(_ objects: [some AnyObject]) {
    for object in objects { blackHole(WeakBox(object)) }
}

// MARK: - Deterministic random order

/// SplitMix64: a tiny deterministic generator, so every run looks up keys in the same order.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A shuffled permutation of `0..<count`.
func shuffledIndices(_ count: Int, seed: UInt64 = 0x5EED) -> [Int] {
    var generator = SplitMix64(seed: seed &+ UInt64(count))
    return Array(0..<count).shuffled(using: &generator)
}

extension Benchmark {
    /// The first of the `scaledIterations.count` consecutive positions of a random order over `size`
    /// items that this iteration uses: successive iterations walk the whole order, chunk by chunk.
    func chunkStart(size: Int) -> Int {
        let chunk = scaledIterations.count
        let chunks = max(1, size / chunk)
        return (currentIteration % chunks) * chunk
    }

    /// How many times the whole order has been walked before this iteration.
    func pass(size: Int) -> Int {
        currentIteration / max(1, size / scaledIterations.count)
    }
}

// MARK: - Registration

/// Registers a benchmark whose state is built once per process by `setup` and kept alive by the
/// benchmark (`setupState`) and by the closure, which runs with the state's lifetime extended.
func register<State>(
    _ name: String,
    _ configuration: Benchmark.Configuration = Suite.configuration(),
    setup: @escaping () -> State,
    run: @escaping (Benchmark, State) -> Void
) {
    Benchmark(
        name, configuration: configuration,
        closure: { (benchmark: Benchmark, state: State) in
            withExtendedLifetime(state) { run(benchmark, state) }
        },
        setup: { setup() })
}

/// Registers a benchmark without shared state.
func register(
    _ name: String,
    _ configuration: Benchmark.Configuration = Suite.configuration(),
    run: @escaping (Benchmark) -> Void
) {
    Benchmark(name, configuration: configuration, closure: run)
}
