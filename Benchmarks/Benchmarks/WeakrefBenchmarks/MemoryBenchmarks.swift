import Benchmark
import MallocInterposerSwift
import Weakref

// Memory (registered in the malloc group and the smoke run only):
//
// - "Memory <structure> build <size> <tier>": one iteration builds the structure with `size` entries
//   from live objects that already have their side tables. Recorded: `mallocCountTotal` (every
//   allocation made while building, growth included), `retainedBytes` and `retainedAllocations` (what
//   is still allocated once it is built: requested bytes and blocks, after frees). Per entry = ÷ size.
// - "Memory <structure> insert-die 1M <tier>": one iteration inserts 1,000,000 objects one by one into
//   an empty structure, each dying right after its insertion. Recorded: `retainedBytes` (heap still
//   held when the structure is done, with the structure alive) and `peakHeapBytes` (the most heap
//   held at any point, sampled every 1,024 cycles), both relative to the empty structure, and the
//   process's `peakMemoryResident`. Bounded means: neither grows with the number of cycles.
//
// Byte counts come from the malloc interposer's own counters (requested sizes, so neither its
// 16-byte header nor malloc's rounding is included); they are live because the framework enables
// counting for benchmarks with malloc metrics.

enum MemoryMetric {
    static let retainedBytes = BenchmarkMetric.custom(
        "retainedBytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let retainedAllocations = BenchmarkMetric.custom(
        "retainedAllocations", polarity: .prefersSmaller, useScalingFactor: false)
    static let peakHeapBytes = BenchmarkMetric.custom(
        "peakHeapBytes", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Live heap according to the interposer: requested bytes and blocks not yet freed.
struct HeapReading {
    let bytes: Int
    let blocks: Int

    static func now() -> HeapReading {
        let statistics = MallocInterposerSwift.getStatistics()
        return HeapReading(
            bytes: statistics.mallocBytesCount - statistics.freeBytesCount,
            blocks: statistics.mallocCount - statistics.freeCount)
    }
}

func registerMemoryBenchmarks() {
    for size in Suite.sizes {
        builds(Plain.self, size: size)
        builds(Observed.self, size: size)
        baselineBuilds(Plain.self, size: size)
    }
    insertAndDie(Plain.self)
    insertAndDie(Observed.self)
}

/// Registers a build benchmark: `build` makes the structure from live objects (side tables made).
func registerBuild<T: Fixture, Structure>(
    _ name: String, _: T.Type, size: Int, build: @escaping ([T]) -> Structure
) {
    register(name, Suite.memoryConfiguration(iterations: size >= 100_000 ? 5 : 20)) { benchmark in
        // Fresh objects every iteration: the first registration on a prompt-tier object allocates its
        // record, which is part of what an entry costs.
        let objects = makeObjects(T.self, count: size)
        createSideTables(objects)
        benchmark.startMeasurement()
        let before = HeapReading.now()
        let structure = build(objects)
        let after = HeapReading.now()
        benchmark.stopMeasurement()
        benchmark.measurement(MemoryMetric.retainedBytes, after.bytes - before.bytes)
        benchmark.measurement(MemoryMetric.retainedAllocations, after.blocks - before.blocks)
        withExtendedLifetime(structure) {}
        withExtendedLifetime(objects) {}
    }
}

func builds<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"
    registerBuild("Memory WeakValueDictionary build \(suffix)", T.self, size: size) { objects in
        let dictionary = WeakValueDictionary<Int, T>()
        for (key, object) in objects.enumerated() { dictionary[key] = object }
        return dictionary
    }
    registerBuild("Memory WeakKeyDictionary build \(suffix)", T.self, size: size) { objects in
        let dictionary = WeakKeyDictionary<T, Int>()
        for (value, object) in objects.enumerated() { dictionary[object] = value }
        return dictionary
    }
    registerBuild("Memory WeakSet build \(suffix)", T.self, size: size) { objects in
        let set = WeakSet<T>()
        for object in objects { set.insert(object) }
        return set
    }
    registerBuild("Memory WeakReference build \(suffix)", T.self, size: size) { objects in
        objects.map { WeakReference($0) }
    }
}

func baselineBuilds<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"
    registerBuild("Memory Baseline Dictionary<Int:WeakBox> build \(suffix)", T.self, size: size) {
        objects in
        let dictionary = BoxDictionary<Int>()
        for (key, object) in objects.enumerated() { dictionary.set(object, forKey: key) }
        return dictionary
    }
    registerBuild(
        "Memory Baseline Dictionary<ObjectIdentifier:WeakBox&value> build \(suffix)", T.self, size: size
    ) { objects in
        let dictionary = IdentityBoxDictionary<Int>()
        for (value, object) in objects.enumerated() { dictionary.set(value, for: object) }
        return dictionary
    }
    registerBuild("Memory Baseline Dictionary<ObjectIdentifier:WeakBox> build \(suffix)", T.self, size: size)
    {
        objects in
        let set = IdentityBoxSet()
        for object in objects { set.insert(object) }
        return set
    }
    registerBuild("Memory Baseline Array<WeakBox> build \(suffix)", T.self, size: size) { objects in
        objects.map { WeakBox($0) }
    }
    registerBuild("Memory Baseline strong Dictionary<Int:Object> build \(suffix)", T.self, size: size) {
        objects in
        var dictionary: [Int: T] = [:]
        for (key, object) in objects.enumerated() { dictionary[key] = object }
        return dictionary
    }
}

/// Registers a bounded-memory benchmark: `cycle(structure, i)` inserts a new object that dies at once.
func registerInsertAndDie<Structure>(
    _ name: String, make: @escaping () -> Structure, cycle: @escaping (Structure, Int) -> Void
) {
    var configuration = Suite.memoryConfiguration(iterations: 3)
    // `mallocCountTotal` also makes the framework enable the interposer's counting, which the heap
    // readings need.
    configuration.metrics = [
        .mallocCountTotal, .peakMemoryResident, MemoryMetric.retainedBytes, MemoryMetric.peakHeapBytes,
    ]
    register(name, configuration) { benchmark in
        let cycles = Suite.churnCycles
        let structure = make()
        let base = HeapReading.now().bytes
        var peak = 0
        for i in 0..<cycles {
            cycle(structure, i)
            if i & 1_023 == 0 { peak = max(peak, HeapReading.now().bytes - base) }
        }
        let retained = HeapReading.now().bytes - base
        peak = max(peak, retained)
        benchmark.measurement(MemoryMetric.retainedBytes, retained)
        benchmark.measurement(MemoryMetric.peakHeapBytes, peak)
        withExtendedLifetime(structure) {}
    }
}

func insertAndDie<T: Fixture>(_: T.Type) {
    let suffix = "1M \(T.tier)"
    registerInsertAndDie("Memory WeakValueDictionary insert-die \(suffix)") {
        WeakValueDictionary<Int, T>()
    } cycle: { dictionary, i in
        dictionary[i] = T(id: i)
    }
    registerInsertAndDie("Memory WeakKeyDictionary insert-die \(suffix)") {
        WeakKeyDictionary<T, Int>()
    } cycle: { dictionary, i in
        dictionary[T(id: i)] = i
    }
    registerInsertAndDie("Memory WeakSet insert-die \(suffix)") {
        WeakSet<T>()
    } cycle: { set, i in
        set.insert(T(id: i))
    }
    registerInsertAndDie("Memory Baseline Dictionary<Int:WeakBox> insert-die \(suffix)") {
        BoxDictionary<Int>()
    } cycle: { dictionary, i in
        dictionary.set(T(id: i), forKey: i)
    }
    registerInsertAndDie("Memory Baseline Dictionary<ObjectIdentifier:WeakBox> insert-die \(suffix)") {
        IdentityBoxSet()
    } cycle: { set, i in
        set.insert(T(id: i))
    }
}
