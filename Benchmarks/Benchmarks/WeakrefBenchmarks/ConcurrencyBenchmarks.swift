import Benchmark
import Dispatch
import Weakref

// Two threads doing mixed get/set on one dictionary: 1,000,000 operations per iteration in all
// (500,000 per thread, alternating a get and an overwrite of an existing key with another live object),
// so the scaled figure is wall time per operation of the pair: the inverse of the throughput.

func registerConcurrencyBenchmarks() {
    for size in Suite.sizes {
        twoThreads(size: size)
    }
}

/// Calls `body(thread)` on two threads at once and returns when both are done.
func onTwoThreads(_ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: 2, execute: body)
}

func twoThreads(size: Int) {
    let suffix = "\(sizeLabel(size)) collected"
    let configuration = Suite.configuration(scalingFactor: .mega, maxDuration: .seconds(3))
    let perThread = 500_000

    register("WeakValueDictionary two-threads get-set \(suffix)", configuration) {
        let objects = Objects<Plain>(size: size, others: true)
        return Fixtures(objects, makeValueDictionary(objects))
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let sources = [state.objects.stored, state.objects.others]
        onTwoThreads { thread in
            let source = sources[thread]
            var done = 0
            var position = thread * (size / 2)
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

    register("Baseline Mutex<Dictionary<Int:WeakBox>> two-threads get-set \(suffix)", configuration) {
        let objects = Objects<Plain>(size: size, others: true)
        let dictionary = LockedBoxDictionary()
        for (key, object) in objects.stored.enumerated() { dictionary.set(object, forKey: key) }
        return Fixtures(objects, dictionary)
    } run: { benchmark, state in
        let dictionary = state.structure
        let order = state.objects.order
        let sources = [state.objects.stored, state.objects.others]
        onTwoThreads { thread in
            let source = sources[thread]
            var done = 0
            var position = thread * (size / 2)
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
