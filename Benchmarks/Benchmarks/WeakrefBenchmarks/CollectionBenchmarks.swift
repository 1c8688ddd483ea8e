import Benchmark
import Weakref

// The collection workloads of issue 4 §4, each next to its hand-written baseline. Every benchmark does
// `scalingFactor` operations per iteration (1,000 unless said otherwise), so the scaled figures are per
// operation. Lookups walk a precomputed random order over the keys, 1,000 keys per iteration.
//
// Naming: "<subject> <operation> <size> <tier>"; compare.sh matches these names.

/// The objects a collection workload uses; all alive for the benchmark's whole run.
final class Objects<T: Fixture>: Sendable {
    let size: Int
    /// The objects stored in the collection; key `k` maps to `stored[k]`.
    let stored: [T]
    /// Other live objects: never stored (lookup misses), or the alternates that overwrites swap in.
    let others: [T]
    /// 1,000 live objects that insert workloads add (keys `size..<size + 1_000`) and remove again.
    let fresh: [T]
    /// A random permutation of `0..<size`.
    let order: [Int]

    init(size: Int, others: Bool = false, fresh: Bool = false) {
        self.size = size
        stored = makeObjects(T.self, count: size)
        self.others = others ? makeObjects(T.self, count: size, firstID: size + 1_000) : []
        self.fresh = fresh ? makeObjects(T.self, count: 1_000, firstID: size) : []
        order = shuffledIndices(size)
        // Steady state: every object already has the side table Swift creates at the first weak
        // reference.
        createSideTables(stored)
        createSideTables(self.others)
        createSideTables(self.fresh)
    }
}

/// A workload's objects plus the structure under test.
/// (`@unchecked Sendable`: the two-thread benchmarks share it; `nextKey` is used by one thread only.)
final class Fixtures<T: Fixture, Structure>: @unchecked Sendable {
    let objects: Objects<T>
    let structure: Structure
    /// The next fresh key for churn.
    var nextKey: Int

    init(_ objects: Objects<T>, _ structure: Structure) {
        self.objects = objects
        self.structure = structure
        nextKey = objects.size * 4
    }
}

func registerCollectionBenchmarks() {
    for size in Suite.sizes {
        valueDictionaryLookups(Plain.self, size: size)
        keyedLookups(Plain.self, size: size)
        setLookups(Plain.self, size: size)
        iteration(Plain.self, size: size)
        valueDictionaryMutations(Plain.self, size: size)
        valueDictionaryMutations(Observed.self, size: size)
        keyedMutations(Plain.self, size: size)
        keyedMutations(Observed.self, size: size)
        setMutations(Plain.self, size: size)
        setMutations(Observed.self, size: size)
        churn(Plain.self, size: size)
        churn(Observed.self, size: size)
    }
}

// MARK: - WeakValueDictionary and [Int: WeakBox]

func makeValueDictionary<T: Fixture>(_ objects: Objects<T>) -> WeakValueDictionary<Int, T> {
    let dictionary = WeakValueDictionary<Int, T>()
    for (key, object) in objects.stored.enumerated() { dictionary[key] = object }
    return dictionary
}

func makeBoxDictionary<T: Fixture>(_ objects: Objects<T>) -> BoxDictionary<Int> {
    let dictionary = BoxDictionary<Int>()
    for (key, object) in objects.stored.enumerated() { dictionary.set(object, forKey: key) }
    return dictionary
}

func valueDictionaryLookups<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    register("WeakValueDictionary get-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary[order[start &+ i]])
        }
    }

    register("WeakValueDictionary get-miss \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary[size &+ order[start &+ i]])
        }
    }

    register("Baseline Dictionary<Int:WeakBox> get-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary.value(forKey: order[start &+ i]))
        }
    }

    register("Baseline Dictionary<Int:WeakBox> get-miss \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary.value(forKey: size &+ order[start &+ i]))
        }
    }

    register("Baseline strong Dictionary<Int:Object> get-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        var strong: [Int: T] = [:]
        for (key, object) in objects.stored.enumerated() { strong[key] = object }
        return Fixtures(objects, strong)
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary[order[start &+ i]])
        }
    }
}

func valueDictionaryMutations<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    // Insert: 1,000 new keys into a dictionary of `size` live entries (removed again, untimed).
    register("WeakValueDictionary insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            dictionary[size &+ i] = fresh[i]
        }
        benchmark.stopMeasurement()
        for i in benchmark.scaledIterations {
            dictionary.removeValue(forKey: size &+ i)
        }
    }

    register("Baseline Dictionary<Int:WeakBox> insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            dictionary.set(fresh[i], forKey: size &+ i)
        }
        benchmark.stopMeasurement()
        for i in benchmark.scaledIterations {
            dictionary.removeValue(forKey: size &+ i)
        }
    }

    // Overwrite: 1,000 existing keys get another live object (alternating between two sets).
    register("WeakValueDictionary overwrite \(suffix)") {
        let objects = Objects<T>(size: size, others: true)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let source = benchmark.pass(size: size) % 2 == 0 ? state.objects.others : state.objects.stored
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            let key = order[start &+ i]
            dictionary[key] = source[key]
        }
    }

    register("Baseline Dictionary<Int:WeakBox> overwrite \(suffix)") {
        let objects = Objects<T>(size: size, others: true)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let source = benchmark.pass(size: size) % 2 == 0 ? state.objects.others : state.objects.stored
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            let key = order[start &+ i]
            dictionary.set(source[key], forKey: key)
        }
    }

    // Remove: 1,000 existing keys (put back, untimed).
    register("WeakValueDictionary remove \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary.removeValue(forKey: order[start &+ i]))
        }
        benchmark.stopMeasurement()
        let stored = state.objects.stored
        for i in benchmark.scaledIterations {
            let key = order[start &+ i]
            dictionary[key] = stored[key]
        }
    }

    register("Baseline Dictionary<Int:WeakBox> remove \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary.removeValue(forKey: order[start &+ i]))
        }
        benchmark.stopMeasurement()
        let stored = state.objects.stored
        for i in benchmark.scaledIterations {
            let key = order[start &+ i]
            dictionary.set(stored[key], forKey: key)
        }
    }
}

// MARK: - WeakKeyDictionary and [ObjectIdentifier: (WeakBox, value)]

func makeKeyDictionary<T: Fixture>(_ objects: Objects<T>) -> WeakKeyDictionary<T, Int> {
    let dictionary = WeakKeyDictionary<T, Int>()
    for (value, object) in objects.stored.enumerated() { dictionary[object] = value }
    return dictionary
}

func makeIdentityBoxDictionary<T: Fixture>(_ objects: Objects<T>) -> IdentityBoxDictionary<Int> {
    let dictionary = IdentityBoxDictionary<Int>()
    for (value, object) in objects.stored.enumerated() { dictionary.set(value, for: object) }
    return dictionary
}

func keyedLookups<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    register("WeakKeyDictionary get-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeKeyDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let stored = state.objects.stored
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary[stored[order[start &+ i]]])
        }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox&value> get-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeIdentityBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let stored = state.objects.stored
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(dictionary.value(for: stored[order[start &+ i]]))
        }
    }
}

func keyedMutations<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    register("WeakKeyDictionary insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeKeyDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            dictionary[fresh[i]] = i
        }
        benchmark.stopMeasurement()
        for object in fresh { dictionary.removeValue(forKey: object) }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox&value> insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeIdentityBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            dictionary.set(i, for: fresh[i])
        }
        benchmark.stopMeasurement()
        for object in fresh { dictionary.removeValue(for: object) }
    }
}

// MARK: - WeakSet and [ObjectIdentifier: WeakBox]

func makeWeakSet<T: Fixture>(_ objects: Objects<T>) -> WeakSet<T> {
    let set = WeakSet<T>()
    for object in objects.stored { set.insert(object) }
    return set
}

func makeIdentityBoxSet<T: Fixture>(_ objects: Objects<T>) -> IdentityBoxSet {
    let set = IdentityBoxSet()
    for object in objects.stored { set.insert(object) }
    return set
}

func setLookups<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    register("WeakSet contains-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeWeakSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let stored = state.objects.stored
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(set.contains(stored[order[start &+ i]]))
        }
    }

    register("WeakSet contains-miss \(suffix)") {
        let objects = Objects<T>(size: size, others: true)
        return Fixtures(objects, makeWeakSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let others = state.objects.others
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(set.contains(others[order[start &+ i]]))
        }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox> contains-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeIdentityBoxSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let stored = state.objects.stored
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(set.contains(stored[order[start &+ i]]))
        }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox> contains-miss \(suffix)") {
        let objects = Objects<T>(size: size, others: true)
        return Fixtures(objects, makeIdentityBoxSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let others = state.objects.others
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(set.contains(others[order[start &+ i]]))
        }
    }

    register("Baseline strong Set<ObjectIdentifier> contains-hit \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, Set(objects.stored.map(ObjectIdentifier.init)))
    } run: { benchmark, state in
        let set = state.structure
        let stored = state.objects.stored
        let order = state.objects.order
        let start = benchmark.chunkStart(size: size)
        for i in benchmark.scaledIterations {
            blackHole(set.contains(ObjectIdentifier(stored[order[start &+ i]])))
        }
    }
}

func setMutations<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    register("WeakSet insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeWeakSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            blackHole(set.insert(fresh[i]).inserted)
        }
        benchmark.stopMeasurement()
        for object in fresh { set.remove(object) }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox> insert \(suffix)") {
        let objects = Objects<T>(size: size, fresh: true)
        return Fixtures(objects, makeIdentityBoxSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        let fresh = state.objects.fresh
        for i in benchmark.scaledIterations {
            blackHole(set.insert(fresh[i]))
        }
        benchmark.stopMeasurement()
        for object in fresh { set.remove(object) }
    }
}

// MARK: - Iteration, per element

func iteration<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"
    // Whole passes: 1 over 1,000 elements (.kilo), 10 over 100,000 (.mega), so figures are per element.
    let passes = size == 1_000 ? 1 : 10
    let configuration = Suite.configuration(scalingFactor: size == 1_000 ? .kilo : .mega)

    register("WeakSet iterate \(suffix)", configuration) {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeWeakSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        for _ in 0..<passes {
            for object in set { blackHole(object) }
        }
    }

    register("WeakValueDictionary iterate \(suffix)", configuration) {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        for _ in 0..<passes {
            for (key, object) in dictionary {
                blackHole(key)
                blackHole(object)
            }
        }
    }

    register("Baseline Array<WeakBox> iterate \(suffix)", configuration) {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, objects.stored.map { WeakBox($0) })
    } run: { benchmark, state in
        let boxes = state.structure
        for _ in 0..<passes {
            for box in boxes {
                if let object = box.value { blackHole(object) }
            }
        }
    }
}

// MARK: - Churn: insert an object, drop its last strong reference, the entry goes

func churn<T: Fixture>(_: T.Type, size: Int) {
    let suffix = "\(sizeLabel(size)) \(T.tier)"

    // Each operation creates an object, inserts it into a collection holding `size` live entries and
    // drops it; the entry leaves at the object's deinit (prompt tier) or at an amortized purge
    // (collected tier), which the figure includes.
    register("WeakValueDictionary churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        var key = state.nextKey
        for _ in benchmark.scaledIterations {
            dictionary[key] = T(id: key)
            key &+= 1
        }
        state.nextKey = key
    }

    register("Baseline Dictionary<Int:WeakBox> churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        var key = state.nextKey
        for _ in benchmark.scaledIterations {
            dictionary.set(T(id: key), forKey: key)
            key &+= 1
        }
        state.nextKey = key
    }

    register("WeakKeyDictionary churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeKeyDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        for i in benchmark.scaledIterations {
            dictionary[T(id: i)] = i
        }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox&value> churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeIdentityBoxDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        for i in benchmark.scaledIterations {
            dictionary.set(i, for: T(id: i))
        }
    }

    register("WeakSet churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeWeakSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        for i in benchmark.scaledIterations {
            blackHole(set.insert(T(id: i)).inserted)
        }
    }

    register("Baseline Dictionary<ObjectIdentifier:WeakBox> churn \(suffix)") {
        let objects = Objects<T>(size: size)
        return Fixtures(objects, makeIdentityBoxSet(objects))
    } run: { benchmark, state in
        let set = state.structure
        for i in benchmark.scaledIterations {
            blackHole(set.insert(T(id: i)))
        }
    }
}
