// A leak scenario for valgrind's memcheck (issue 5, item 4): exercises every public type of the library
// on objects of both tiers, on several threads, lets every object and reference go, and exits. Run it
// under `valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1`: every
// registry record, observer, callback closure, finalizer, collection entry, value and tombstone the
// library allocated must have been freed, or be reachable from the library's few process-wide tables.
//
// It uses no Foundation, so that what valgrind reports is the library's and the Swift runtime's.

import Synchronization
import Weakref

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Counts what happened, for the closing line.
let callbacks = Atomic<Int>(0)
let finalizers = Atomic<Int>(0)
let deaths = Atomic<Int>(0)

class Subject: @unchecked Sendable {
    let id: Int
    let owned: AnyObject?
    var note = 0
    init(_ id: Int, owning owned: AnyObject? = nil) {
        self.id = id
        self.owned = owned
    }
    deinit { deaths.add(1, ordering: .relaxed) }
    func describe(_ suffix: String) -> String { "\(id)\(suffix)" }
}

/// The prompt tier.
final class Observed: Subject, DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
}

/// The collected tier.
final class Plain: Subject, @unchecked Sendable {}

func make(_ id: Int, owning owned: AnyObject? = nil) -> Subject {
    id.isMultiple(of: 2) ? Observed(id, owning: owned) : Plain(id, owning: owned)
}

/// Something closures and values capture.
final class Payload: Sendable {
    let bytes: [UInt8]
    init(_ size: Int) { bytes = Array(repeating: 7, count: size) }
}

/// One round: every registration on a batch of objects, then everything dropped in a mixed order.
func round(_ seed: Int) {
    let set = WeakSet<Subject>()
    let keyed = WeakKeyDictionary<Subject, Payload>()
    let valued = WeakValueDictionary<Int, Subject>()
    var objects = (0..<32).map { make(seed * 1_000 + $0) }
    var references: [AnyObject] = []
    for (index, object) in objects.enumerated() {
        let payload = Payload(64)
        references.append(
            WeakReference(object) { _ in
                withExtendedLifetime(payload) {}
                callbacks.add(1, ordering: .relaxed)
            })
        references.append(WeakProxy(object) { _ in callbacks.add(1, ordering: .relaxed) })
        references.append(WeakMethod(object, Subject.describe) { _ in callbacks.add(1, ordering: .relaxed) })
        let finalizer = Finalizer(object) {
            withExtendedLifetime(payload) {}
            finalizers.add(1, ordering: .relaxed)
        }
        switch index % 4 {
        case 0: finalizer()
        case 1: _ = finalizer.detach()
        case 2: references.append(finalizer)
        default: break  // dropped: it stays registered until its object dies
        }
        set.insert(object)
        keyed[object] = Payload(32)
        valued[object.id] = object
        _ = weakReferenceCount(of: object)
        _ = weakReferences(to: object).map(\.description)
    }
    // Some entries leave explicitly, some with their objects.
    for object in objects.prefix(8) {
        set.remove(object)
        keyed.removeValue(forKey: object)
        valued.removeValue(forKey: object.id)
    }
    _ = set.union(objects.suffix(4)).intersection(objects)
    _ = keyed.copy().count + valued.copy().count
    _ = keyed.popFirst()
    _ = valued.popLast()
    // Half the references go first (their callbacks never run), then the objects, then the rest.
    references.removeFirst(references.count / 2)
    objects.removeAll()
    Collector.collect()
    references.removeAll()
    _ = (set.count, keyed.count, valued.count)
}

/// A chain of objects each owning the next, with callbacks that release further objects.
func cascade(_ seed: Int) {
    var head: Subject?
    var references: [WeakReference<Subject>] = []
    for index in 0..<500 {
        let object = make(seed * 1_000 + index, owning: head)
        let extra = make(seed * 1_000 + index + 500)
        references.append(
            WeakReference(object) { _ in
                withExtendedLifetime(extra) {}
                callbacks.add(1, ordering: .relaxed)
            })
        head = object
    }
    head = nil
    Collector.collect()
    references.removeAll()
}

/// The concurrency tools (issue 14): awaited deaths, tasks bound to owners (ended by their owners'
/// deaths, or finished first), death streams consumed, cancelled and dropped. Every task ends before
/// this returns.
func concurrencyRound(_ seed: Int) async {
    let keyed = WeakKeyDictionary<Subject, Payload>()
    let valued = WeakValueDictionary<Int, Subject>()
    let values = keyed.valuesOfDeallocatedKeys()
    let keys = valued.keysOfDeallocatedValues(bufferingPolicy: .bufferingNewest(4))
    _ = keyed.valuesOfDeallocatedKeys()  // dropped at once: unsubscribes
    let expected = 16
    let valueConsumer = Task {
        var seen = 0
        for await _ in values {
            seen += 1
            if seen == expected { break }
        }
        return seen
    }
    let keyConsumer = Task {
        for await _ in keys {}  // ends when cancelled
    }
    var objects = (0..<expected).map { make(seed * 1_000 + $0) }
    var tasks: [Task<Void, Never>] = []
    var waits: [Deallocation] = []
    for object in objects {
        keyed[object] = Payload(16)
        valued[object.id] = object
        waits.append(Deallocation(of: object))
        let payload = Payload(8)
        tasks.append(
            Task(boundTo: object) { _ in
                try? await Task.sleep(for: .seconds(3600))
                withExtendedLifetime(payload) {}
            })
        let existing = Task {
            try? await Task.sleep(for: .seconds(3600))
            withExtendedLifetime(payload) {}
        }
        existing.cancel(whenDeallocated: object)
        tasks.append(existing)
        // A task that finishes before its owner dies unregisters.
        await Task(boundTo: object) { owner in _ = owner() }.value
        // A waiter cancelled before the death leaves nothing behind.
        let cancelled = Task { try await Deallocation(of: object).wait() }
        cancelled.cancel()
        _ = await cancelled.result
    }
    objects.removeAll()
    Collector.collect()
    for wait in waits { try? await wait.wait() }
    for task in tasks { await task.value }
    let seen = await valueConsumer.value
    keyConsumer.cancel()
    await keyConsumer.value
    if seen == expected { callbacks.add(seen, ordering: .relaxed) }
}

/// Runs `body(index)` on `count` POSIX threads and waits for them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable (Int) -> Void
        let index: Int
        init(_ body: @escaping @Sendable (Int) -> Void, _ index: Int) {
            self.body = body
            self.index = index
        }
    }
    var threads: [pthread_t] = []
    for index in 0..<count {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body, index)).toOpaque()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body(box.index)
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed")
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
}

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20 : 20
for seed in 0..<rounds { round(seed) }
cascade(rounds)
onThreads(4) { thread in
    for seed in 0..<rounds / 2 { round(100 + thread * 100 + seed) }
    cascade(50 + thread)
}
// Synchronous top-level code waits for the tasks: an async `main` ends in libdispatch's main-thread
// handling, which valgrind itself crashes on.
let concurrencyDone = Atomic<Bool>(false)
Task.detached {
    for seed in 0..<4 { await concurrencyRound(500 + seed) }
    concurrencyDone.store(true, ordering: .releasing)
}
while !concurrencyDone.load(ordering: .acquiring) { usleep(1_000) }
Collector.startPeriodicCollection(every: .milliseconds(1))
for seed in 0..<4 { round(900 + seed) }
usleep(20_000)
Collector.stopPeriodicCollection()
usleep(20_000)
Collector.collect()
// A finalizer still pending at exit runs then; its object stays alive to the end. Once weakly referenced,
// an object's refcount field holds its side table's address in encoded form, which valgrind cannot
// follow: the side table of an object alive at exit reads as "definitely lost" although the runtime still
// uses it. A native weak reference in a global holds that address plainly.
let survivor = make(999_999)
nonisolated(unsafe) weak var survivorSideTable: Subject? = survivor
Finalizer(survivor) { finalizers.add(1, ordering: .relaxed) }
print(
    "leak scenario: \(deaths.load(ordering: .relaxed)) objects died, "
        + "\(callbacks.load(ordering: .relaxed)) callbacks, \(finalizers.load(ordering: .relaxed)) finalizer actions"
)
