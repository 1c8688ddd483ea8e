import Benchmark
import Dispatch
import Weakref

// Threads doing mixed get/set on one dictionary: 1,000,000 operations per iteration in all (split
// evenly between the threads, each alternating a get and an overwrite of an existing key with another
// live object), so the scaled figure is wall time per operation of the group: the inverse of the
// throughput. Two threads on this 2-core machine run in parallel; four oversubscribe it, which is what
// a lock's sleeping and waking costs shows up in.

func registerConcurrencyBenchmarks() {
    for size in Suite.sizes {
        threads(2, size: size)
        threads(4, size: size)
    }
}

/// Calls `body(thread)` on `count` threads at once and returns when all are done.
func onThreads(_ count: Int, _ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// "two", "four": the benchmark names spell the thread count.
func threadCountLabel(_ count: Int) -> String {
    switch count {
    case 2: "two"
    case 4: "four"
    default: "\(count)"
    }
}

func threads(_ threadCount: Int, size: Int) {
    let suffix = "\(sizeLabel(size)) collected"
    let configuration = Suite.configuration(scalingFactor: .mega, maxDuration: .seconds(3))
    let perThread = 1_000_000 / threadCount
    let label = "\(threadCountLabel(threadCount))-threads"

    register("WeakValueDictionary \(label) get-set \(suffix)", configuration) {
        let objects = Objects<Plain>(size: size, others: true)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let sources = [state.objects.stored, state.objects.others]
        onThreads(threadCount) { thread in
            let source = sources[thread % 2]
            var done = 0
            var position = thread * (size / threadCount)
            while done < perThread {
                let key = order[position]
                if done & 1 == 0 {
                    blackHole(dictionary[key])
                } else {
                    dictionary[key] = source[key]
                }
                done &+= 1
                position &+= 1
                if position == size { position = 0 }
            }
        }
    }

    register("Baseline Mutex<Dictionary<Int:WeakBox>> \(label) get-set \(suffix)", configuration) {
        let objects = Objects<Plain>(size: size, others: true)
        let dictionary = LockedBoxDictionary()
        for (key, object) in objects.stored.enumerated() { dictionary.set(object, forKey: key) }
        return Fixtures(objects, dictionary)
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let sources = [state.objects.stored, state.objects.others]
        onThreads(threadCount) { thread in
            let source = sources[thread % 2]
            var done = 0
            var position = thread * (size / threadCount)
            while done < perThread {
                let key = order[position]
                if done & 1 == 0 {
                    blackHole(dictionary.value(forKey: key))
                } else {
                    dictionary.set(source[key], forKey: key)
                }
                done &+= 1
                position &+= 1
                if position == size { position = 0 }
            }
        }
    }
}
