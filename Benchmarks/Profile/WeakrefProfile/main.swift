// A driver for profiling single workloads of the benchmark suite under callgrind, without the
// benchmark framework around them (callgrind counts instructions, repeatably on these machines):
//
//   swift build --package-path Benchmarks -c release --product weakref-profile
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' \
//       Benchmarks/.build/release/weakref-profile wvd-get-hit 100000
//   callgrind_annotate --inclusive=yes callgrind.out.<pid> | head -60
//
// With WEAKREF_PROFILE_TIME=1 in the environment, `measured` also prints the wall-clock time per
// operation, for a quick same-process comparison of two workloads without valgrind.
//
// Each workload builds its state untraced, then runs `count` operations inside `measured(_:)`, the only
// function callgrind collects (with --toggle-collect). `weakref-profile list` names the workloads; a
// third argument sets the lookup workloads' collection size (1,000 by default). Every workload keeps
// its objects alive past `measured` (`sink(objects)`): otherwise the optimizer ends their lifetime at
// their last use and the workload times loads of dead weak references (about 7 ns instead of 39).

import Weakref

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class Plain {
    let id: Int
    init(id: Int) { self.id = id }
}

final class Observed: DeinitObservable {
    let deinitObservers = DeinitObservers()
    let id: Int
    init(id: Int) { self.id = id }
}

/// The hand-written floor of a death with one callback: a closure run from `deinit`.
final class CallingBack {
    let id: Int
    var onDeinit: (() -> Void)?
    init(id: Int) { self.id = id }
    deinit { onDeinit?() }
}

/// Uses a value opaquely (like package-benchmark's `blackHole`): without `@_optimize(none)` the
/// optimizer drops the argument and, with it, the release of a loaded object, the costly half of a
/// weak load on an object whose reference counts live in its side table.
@inline(never)
@_optimize(none)
func sink<T>(_ value: T) {}

/// The only function callgrind collects when run with `--toggle-collect='*measured*'`.
/// With `WEAKREF_PROFILE_TIME` set, also prints the wall-clock time per operation (ns).
@inline(never)
func measured(_ body: () -> Void) {
    guard timing else { return body() }
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let nanoseconds = (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec)
    print("\(Double(nanoseconds) / Double(operationCount)) ns/op")
}

let timing = getenv("WEAKREF_PROFILE_TIME") != nil
let operationCount = CommandLine.arguments.count >= 3 ? Int(CommandLine.arguments[2]) ?? 10_000 : 10_000

/// Overwrites every key of a `size`-entry dictionary, alternating between two sets of live objects.
func overwriteValues<Object: AnyObject>(count: Int, make: (Int) -> Object) {
    let objects = (0..<size).map(make)
    let others = (0..<size).map { make(size + $0) }
    for object in others { sink(WeakBox(object)) }
    let dictionary = WeakValueDictionary<Int, Object>()
    for (key, object) in objects.enumerated() { dictionary[key] = object }
    measured {
        for i in 0..<count {
            dictionary[i % size] = i / size % 2 == 0 ? others[i % size] : objects[i % size]
        }
    }
    sink(objects)
}

/// Inserts 1,000 new keys into a `size`-entry `WeakKeyDictionary`, then removes them, `count / 1,000`
/// times; only the insertions are measured.
func insertSteadily<Object: AnyObject>(count: Int, make: (Int) -> Object) {
    let objects = (0..<size).map(make)
    let fresh = (0..<1_000).map { make(size + $0) }
    for object in fresh { sink(WeakBox(object)) }
    let dictionary = WeakKeyDictionary<Object, Int>()
    for (value, object) in objects.enumerated() { dictionary[object] = value }
    for _ in 0..<(count / 1_000) {
        measured {
            for i in 0..<1_000 { dictionary[fresh[i]] = i }
        }
        for object in fresh { dictionary.removeValue(forKey: object) }
    }
    sink(objects)
}

/// Inserts 1,000 fresh values into a weak-valued dictionary of `size` entries, measured, and removes
/// them again, unmeasured, `count / 1,000` times. (The same shape as ``insertSteadily(count:make:)``,
/// on purpose: folded into one driver taking closures, the counted loops gained 40–240 instructions
/// an operation.)
func insertValuesSteadily<Object: AnyObject>(count: Int, make: (Int) -> Object) {
    let objects = (0..<size).map(make)
    let fresh = (0..<1_000).map { make(size + $0) }
    for object in fresh { sink(WeakBox(object)) }
    let dictionary = WeakValueDictionary<Int, Object>()
    for (key, object) in objects.enumerated() { dictionary[key] = object }
    for _ in 0..<(count / 1_000) {
        measured {
            for i in 0..<1_000 { dictionary[size &+ i] = fresh[i] }
        }
        for i in 0..<1_000 { dictionary.removeValue(forKey: size &+ i) }
    }
    sink(objects)
}

/// The mirror image of ``insertValuesSteadily(count:make:)``: the removals are measured.
func removeValues<Object: AnyObject>(count: Int, make: (Int) -> Object) {
    let objects = (0..<size).map(make)
    let fresh = (0..<1_000).map { make(size + $0) }
    let dictionary = WeakValueDictionary<Int, Object>()
    for (key, object) in objects.enumerated() { dictionary[key] = object }
    for _ in 0..<(count / 1_000) {
        for i in 0..<1_000 { dictionary[size &+ i] = fresh[i] }
        measured {
            for i in 0..<1_000 { dictionary.removeValue(forKey: size &+ i) }
        }
    }
    sink(objects)
}

@inline(never)
func releaseAll<T>(_ objects: inout [T]) {
    objects = []
}

nonisolated(unsafe) var callbacks = 0

/// Entries in the lookup workloads' collections: the third argument, 1,000 by default.
let size = CommandLine.arguments.count >= 4 ? Int(CommandLine.arguments[3]) ?? 1_000 : 1_000
let workloads: [String: @Sendable (Int) -> Void] = [
    "wvd-get-hit": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let dictionary = WeakValueDictionary<Int, Plain>()
        for (key, object) in objects.enumerated() { dictionary[key] = object }
        measured {
            for i in 0..<count { sink(dictionary[i % size]) }
        }
        sink(objects)
    },
    "baseline-get-hit": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        var dictionary: [Int: WeakBox] = [:]
        for (key, object) in objects.enumerated() { dictionary[key] = WeakBox(object) }
        measured {
            for i in 0..<count { sink(dictionary[i % size]?.value) }
        }
        sink(objects)
    },
    "wkd-get-hit": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let dictionary = WeakKeyDictionary<Plain, Int>()
        for (value, object) in objects.enumerated() { dictionary[object] = value }
        measured {
            for i in 0..<count { sink(dictionary[objects[i % size]]) }
        }
        sink(objects)
    },
    "set-contains-hit": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let set = WeakSet<Plain>()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(objects[i % size])) }
        }
        sink(objects)
    },
    "set-contains-miss": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let others = (0..<size).map { Plain(id: size + $0) }
        let set = WeakSet<Plain>()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(others[i % size])) }
        }
        sink(objects)
    },
    "baseline-contains-hit-random": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let order = (0..<size).shuffled()
        let set = IdentityBoxSet()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(objects[order[i % size]])) }
        }
        sink(objects)
    },
    "set-contains-hit-random": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let order = (0..<size).shuffled()
        let set = WeakSet<Plain>()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(objects[order[i % size]])) }
        }
        sink(objects)
    },
    "baseline-contains-miss-random": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let others = (0..<size).map { Plain(id: size + $0) }
        for object in others { sink(WeakBox(object)) }
        let order = (0..<size).shuffled()
        let set = IdentityBoxSet()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(others[order[i % size]])) }
        }
        sink(objects)
    },
    "set-contains-miss-random": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let others = (0..<size).map { Plain(id: size + $0) }
        for object in others { sink(WeakBox(object)) }
        let order = (0..<size).shuffled()
        let set = WeakSet<Plain>()
        for object in objects { set.insert(object) }
        measured {
            for i in 0..<count { sink(set.contains(others[order[i % size]])) }
        }
        sink(objects)
    },
    "baseline-insert-steady": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let fresh = (0..<1_000).map { Plain(id: size + $0) }
        for object in fresh { sink(WeakBox(object)) }
        var dictionary: [Int: WeakBox] = [:]
        for (key, object) in objects.enumerated() { dictionary[key] = WeakBox(object) }
        let box = BoxDictionary<Int>()
        box.storage = dictionary
        for _ in 0..<(count / 1_000) {
            measured {
                for i in 0..<1_000 { box.set(fresh[i], forKey: size &+ i) }
            }
            for i in 0..<1_000 { box.storage[size &+ i] = nil }
        }
        sink(objects)
    },
    "wvd-insert-steady": { count in insertValuesSteadily(count: count, make: Plain.init(id:)) },
    "wvd-insert-steady-prompt": { count in insertValuesSteadily(count: count, make: Observed.init(id:)) },
    "baseline-contains-hit": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        var set: [ObjectIdentifier: WeakBox] = [:]
        for object in objects { set[ObjectIdentifier(object)] = WeakBox(object) }
        measured {
            for i in 0..<count {
                let object = objects[i % size]
                sink(set[ObjectIdentifier(object)].map { $0.value === object } ?? false)
            }
        }
        sink(objects)
    },
    "baseline-contains-miss": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let others = (0..<size).map { Plain(id: size + $0) }
        var set: [ObjectIdentifier: WeakBox] = [:]
        for object in objects { set[ObjectIdentifier(object)] = WeakBox(object) }
        measured {
            for i in 0..<count {
                let object = others[i % size]
                sink(set[ObjectIdentifier(object)].map { $0.value === object } ?? false)
            }
        }
        sink(objects)
    },
    "wvd-iterate": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let dictionary = WeakValueDictionary<Int, Plain>()
        for (key, object) in objects.enumerated() { dictionary[key] = object }
        measured {
            for _ in 0..<(count / size) {
                for (key, object) in dictionary { sink(key); sink(object) }
            }
        }
        sink(objects)
    },
    "baseline-iterate": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let boxes = objects.map { WeakBox($0) }
        measured {
            for _ in 0..<(count / size) {
                for box in boxes {
                    if let object = box.value { sink(object) }
                }
            }
        }
        sink(objects)
    },
    "baseline-wkd-insert-steady": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let fresh = (0..<1_000).map { Plain(id: size + $0) }
        for object in fresh { sink(WeakBox(object)) }
        let dictionary = IdentityBoxDictionary<Int>()
        for (value, object) in objects.enumerated() { dictionary.set(value, for: object) }
        for _ in 0..<(count / 1_000) {
            measured {
                for i in 0..<1_000 { dictionary.set(i, for: fresh[i]) }
            }
            for object in fresh { dictionary.storage[ObjectIdentifier(object)] = nil }
        }
        sink(objects)
    },
    "wkd-insert-steady": { count in insertSteadily(count: count, make: Plain.init(id:)) },
    // The prompt tier's weak set and weak-keyed dictionary: `Observed` objects, registered on inline.
    "wkd-insert-steady-prompt": { count in insertSteadily(count: count, make: Observed.init(id:)) },
    "set-insert-prompt": { count in
        let objects = (0..<count).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        let set = WeakSet<Observed>()
        measured {
            for object in objects { set.insert(object) }
        }
        sink(objects)
    },
    "set-churn-prompt": { count in
        let set = WeakSet<Observed>()
        measured {
            for key in 0..<count { set.insert(Observed(id: key)) }
        }
    },
    "wkd-churn-prompt": { count in
        let dictionary = WeakKeyDictionary<Observed, Int>()
        measured {
            for key in 0..<count { dictionary[Observed(id: key)] = key }
        }
    },
    "set-remove-prompt": { count in
        let objects = (0..<size).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        let set = WeakSet<Observed>()
        for _ in 0..<(count / size) {
            for object in objects { set.insert(object) }
            measured {
                for object in objects { set.remove(object) }
            }
        }
        sink(objects)
    },
    "baseline-remove": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let fresh = (0..<1_000).map { Plain(id: size + $0) }
        var dictionary: [Int: WeakBox] = [:]
        for (key, object) in objects.enumerated() { dictionary[key] = WeakBox(object) }
        let box = BoxDictionary<Int>()
        box.storage = dictionary
        for _ in 0..<(count / 1_000) {
            for i in 0..<1_000 { box.set(fresh[i], forKey: size &+ i) }
            measured {
                for i in 0..<1_000 { box.storage[size &+ i] = nil }
            }
        }
        sink(objects)
    },
    "wvd-remove": { count in removeValues(count: count, make: Plain.init(id:)) },
    "wvd-remove-prompt": { count in removeValues(count: count, make: Observed.init(id:)) },
    "baseline-overwrite": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        let others = (0..<size).map { Plain(id: size + $0) }
        for object in others { sink(WeakBox(object)) }
        var dictionary: [Int: WeakBox] = [:]
        for (key, object) in objects.enumerated() { dictionary[key] = WeakBox(object) }
        let box = BoxDictionary<Int>()
        box.storage = dictionary
        measured {
            for i in 0..<count {
                box.set(i / size % 2 == 0 ? others[i % size] : objects[i % size], forKey: i % size)
            }
        }
        sink(objects)
    },
    "wvd-overwrite-collected": { count in overwriteValues(count: count, make: Plain.init(id:)) },
    "wvd-overwrite-prompt": { count in overwriteValues(count: count, make: Observed.init(id:)) },
    "wvd-insert-prompt": { count in
        let objects = (0..<count).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        let dictionary = WeakValueDictionary<Int, Observed>()
        measured {
            for (key, object) in objects.enumerated() { dictionary[key] = object }
        }
        sink(objects)
    },
    "wvd-insert-collected": { count in
        let objects = (0..<count).map { Plain(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        let dictionary = WeakValueDictionary<Int, Plain>()
        measured {
            for (key, object) in objects.enumerated() { dictionary[key] = object }
        }
        sink(objects)
    },
    "wvd-churn-collected": { count in
        let dictionary = WeakValueDictionary<Int, Plain>()
        measured {
            for key in 0..<count { dictionary[key] = Plain(id: key) }
        }
    },
    "wvd-churn-prompt": { count in
        let dictionary = WeakValueDictionary<Int, Observed>()
        measured {
            for key in 0..<count { dictionary[key] = Observed(id: key) }
        }
    },
    "ref-create-prompt": { count in
        let objects = (0..<size).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        measured {
            for i in 0..<count { sink(WeakReference(objects[i % size])()) }
        }
        sink(objects)
    },
    "ref-create-collected": { count in
        let objects = (0..<size).map { Plain(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        measured {
            for i in 0..<count { sink(WeakReference(objects[i % size])()) }
        }
        sink(objects)
    },
    "baseline-ref-create": { count in
        let objects = (0..<size).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        measured {
            for i in 0..<count { sink(WeakBox(objects[i % size]).value) }
        }
        sink(objects)
    },
    "baseline-death": { count in
        var objects = (0..<count).map { CallingBack(id: $0) }
        for object in objects { object.onDeinit = { callbacks += 1 } }
        measured { releaseAll(&objects) }
        precondition(callbacks == count)
    },
    "baseline-finalizer": { count in
        var objects = (0..<count).map { CallingBack(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        measured {
            for object in objects { object.onDeinit = { callbacks += 1 } }
            releaseAll(&objects)
        }
        precondition(callbacks == count)
    },
    "death-prompt": { count in
        var objects = (0..<count).map { Observed(id: $0) }
        let references = objects.map { WeakReference($0) { _ in callbacks += 1 } }
        measured { releaseAll(&objects) }
        precondition(callbacks == count)
        sink(references)
    },
    "finalizer-prompt": { count in
        var objects = (0..<count).map { Observed(id: $0) }
        for object in objects { sink(WeakBox(object)) }
        measured {
            for object in objects { Finalizer(object) { callbacks += 1 } }
            releaseAll(&objects)
        }
        precondition(callbacks == count)
    },
    "collect-dead": { count in
        var objects = (0..<count).map { Plain(id: $0) }
        let references = objects.map { WeakReference($0) { _ in callbacks += 1 } }
        releaseAll(&objects)
        measured { sink(Collector.collect()) }
        sink(references)
    },
    "collect-live": { count in
        let objects = (0..<count).map { Plain(id: $0) }
        let references = objects.map { WeakReference($0) { _ in callbacks += 1 } }
        measured { sink(Collector.collect()) }
        sink(references)
        sink(objects)
    },
    // Registrations of collected-tier referents that stay alive, growing the registry from empty: the
    // automatic sweeps run inside them.
    "register-grow": { count in
        Collector.collect()
        let objects = (0..<count).map { Plain(id: $0) }
        var references: [WeakReference<Plain>] = []
        references.reserveCapacity(count)
        measured {
            for object in objects { references.append(WeakReference(object) { _ in callbacks += 1 }) }
        }
        sink(references)
        sink(objects)
    },
]

let arguments = CommandLine.arguments
guard arguments.count >= 2, arguments[1] != "list", let workload = workloads[arguments[1]] else {
    print(
        "usage: weakref-profile <workload> [count] [size]\nworkloads: \(workloads.keys.sorted().joined(separator: ", "))"
    )
    exit(arguments.count >= 2 && arguments[1] == "list" ? 0 : 2)
}
workload(arguments.count >= 3 ? Int(arguments[2]) ?? 10_000 : 10_000)
