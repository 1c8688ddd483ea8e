import Benchmark
import Weakref

// References, deaths, finalizers and collections of the collected tier. 1,000 operations per
// iteration unless said otherwise.

func registerReferenceBenchmarks() {
    loads()
    references(Plain.self)
    references(Observed.self)
    deaths(Plain.self)
    deaths(Observed.self)
    deathBaselines()
    collections()
}

/// A class with a native `weak var`, read in place.
final class WeakHolder<T: AnyObject> {
    weak var value: T?
    init(_ value: T) { self.value = value }
}

// MARK: - Loads

func loads() {
    register("Baseline weak-var load 1 collected") {
        let object = Plain(id: 0)
        return (object, WeakHolder(object))
    } run: { benchmark, state in
        let holder = state.1
        for _ in benchmark.scaledIterations {
            blackHole(holder.value)
        }
    }

    register("WeakReference load 1 collected") {
        let object = Plain(id: 0)
        return (object, WeakReference(object))
    } run: { benchmark, state in
        let reference = state.1
        for _ in benchmark.scaledIterations {
            blackHole(reference())
        }
    }

    register("WeakReference load 1 prompt") {
        let object = Observed(id: 0)
        return (object, WeakReference(object))
    } run: { benchmark, state in
        let reference = state.1
        for _ in benchmark.scaledIterations {
            blackHole(reference())
        }
    }

    register("Baseline weak-var load-dead 1 collected") {
        var object: Plain? = Plain(id: 0)
        let holder = WeakHolder(object!)
        object = nil  // the referent dies here
        precondition(holder.value == nil)
        return holder
    } run: { benchmark, holder in
        for _ in benchmark.scaledIterations {
            blackHole(holder.value)
        }
    }
}

// MARK: - Create + load + drop

func references<T: Fixture>(_: T.Type) {
    let suffix = "1k \(T.tier)"

    // 1,000 live objects (each with its side table already); each operation makes a reference to one,
    // loads it and drops the reference.
    register("WeakReference create-load-drop \(suffix)") {
        let objects = makeObjects(T.self, count: 1_000)
        createSideTables(objects)
        return objects
    } run: { benchmark, objects in
        for i in benchmark.scaledIterations {
            let reference = WeakReference(objects[i])
            blackHole(reference())
        }
    }

    register("Baseline WeakBox create-load-drop \(suffix)") {
        let objects = makeObjects(T.self, count: 1_000)
        createSideTables(objects)
        return objects
    } run: { benchmark, objects in
        for i in benchmark.scaledIterations {
            let box = WeakBox(objects[i])
            blackHole(box.value)
            // A stored box escapes; without this the optimizer puts it on the stack.
            blackHole(box)
        }
    }

    register("WeakReference callback-create-load-drop \(suffix)") {
        let objects = makeObjects(T.self, count: 1_000)
        createSideTables(objects)
        return objects
    } run: { benchmark, objects in
        for i in benchmark.scaledIterations {
            let reference = WeakReference(objects[i]) { _ in countCallback() }
            blackHole(reference())
        }
    }
}

// MARK: - Deaths with one callback, Finalizer create + trigger

func deaths<T: Fixture>(_: T.Type) {
    let suffix = "1k \(T.tier)"
    let collected = T.tier == "collected"

    // Untimed: 1,000 objects, each with one reference with a callback. Timed: dropping the objects,
    // which runs the callbacks (prompt tier), or dropping them and `collect()` (collected tier).
    register("WeakReference death-callback \(suffix)") { benchmark in
        var objects = makeObjects(T.self, count: benchmark.scaledIterations.count)
        let references = objects.map { WeakReference($0) { _ in countCallback() } }
        let expected = callbackCount.load(ordering: .relaxed) + objects.count
        benchmark.startMeasurement()
        releaseAll(&objects)
        if collected { Collector.collect() }
        benchmark.stopMeasurement()
        checkCallbacks(expected)
        blackHole(references)
    }

    // Timed: a finalizer for each of 1,000 live objects, then dropping the objects (and `collect()`
    // for the collected tier), which runs them.
    register("Finalizer create-trigger \(suffix)") { benchmark in
        var objects = makeObjects(T.self, count: benchmark.scaledIterations.count)
        createSideTables(objects)
        let expected = callbackCount.load(ordering: .relaxed) + objects.count
        benchmark.startMeasurement()
        for object in objects {
            Finalizer(object) { countCallback() }
        }
        releaseAll(&objects)
        if collected { Collector.collect() }
        benchmark.stopMeasurement()
        checkCallbacks(expected)
    }

    // Timed: a finalizer for each of 1,000 live objects, each run explicitly; the objects live on.
    register("Finalizer create-call \(suffix)") {
        let objects = makeObjects(T.self, count: 1_000)
        createSideTables(objects)
        return objects
    } run: { benchmark, objects in
        for i in benchmark.scaledIterations {
            let finalizer = Finalizer(objects[i]) { countCallback() }
            blackHole(finalizer())
        }
    }
}

/// Drops the objects (their last strong references) here and now. Through an opaque call, because the
/// optimizer may otherwise end the array's lifetime at its last read, before the timed region, and
/// then the benchmark times deaths that already happened.
@inline(never)
func releaseAll<T>(_ objects: inout [T]) {
    objects = []
}

/// Fails the benchmark loudly if the callbacks it timed did not all run: a benchmark that times deaths
/// that did not happen measures nothing.
func checkCallbacks(_ expected: Int) {
    let actual = callbackCount.load(ordering: .relaxed)
    precondition(actual == expected, "expected \(expected) callbacks so far, counted \(actual)")
}

func deathBaselines() {
    // The hand-written hook: a closure stored on the object and run by its deinit.
    register("Baseline deinit-closure death-callback 1k collected") { benchmark in
        var objects = makeObjects(HookedObject.self, count: benchmark.scaledIterations.count)
        for object in objects { object.onDeinit = { countCallback() } }
        createSideTables(objects)
        let expected = callbackCount.load(ordering: .relaxed) + objects.count
        benchmark.startMeasurement()
        releaseAll(&objects)
        benchmark.stopMeasurement()
        checkCallbacks(expected)
    }

    register("Baseline deinit-closure create-trigger 1k collected") { benchmark in
        var objects = makeObjects(HookedObject.self, count: benchmark.scaledIterations.count)
        createSideTables(objects)
        let expected = callbackCount.load(ordering: .relaxed) + objects.count
        benchmark.startMeasurement()
        for object in objects { object.onDeinit = { countCallback() } }
        releaseAll(&objects)
        benchmark.stopMeasurement()
        checkCallbacks(expected)
    }

    // The floor under both: the objects' deaths alone.
    register("Baseline plain death 1k collected") { benchmark in
        var objects = makeObjects(Plain.self, count: benchmark.scaledIterations.count)
        createSideTables(objects)
        benchmark.startMeasurement()
        releaseAll(&objects)
        benchmark.stopMeasurement()
    }
}

extension HookedObject: Fixture {
    static var tier: String { "collected" }
}

// MARK: - Collector.collect() over 100,000 collected-tier referents

func collections() {
    let count = 100_000
    let configuration = Suite.configuration(scalingFactor: .one, maxDuration: .seconds(3))

    // Untimed: 100,000 objects, each with one reference with a callback, then the objects die.
    // Timed: the `collect()` that notices the deaths and runs the 100,000 callbacks.
    register("Collector collect 100k-dead collected", configuration) { benchmark in
        var objects = makeObjects(Plain.self, count: count)
        let references = objects.map { WeakReference($0) { _ in countCallback() } }
        releaseAll(&objects)
        let expected = callbackCount.load(ordering: .relaxed) + count
        benchmark.startMeasurement()
        blackHole(Collector.collect())
        benchmark.stopMeasurement()
        checkCallbacks(expected)
        blackHole(references)
    }

    // Timed: a `collect()` that finds all 100,000 referents alive (what a periodic collection costs).
    register("Collector collect 100k-live collected", configuration) {
        let objects = makeObjects(Plain.self, count: count)
        let references = objects.map { WeakReference($0) { _ in countCallback() } }
        Collector.collect()
        return (objects, references)
    } run: { benchmark, _ in
        blackHole(Collector.collect())
    }
}
