// Forbidden: the values whose keys died cross from the thread that saw the death to the consuming
// task, so a stream of non-Sendable values would share them between threads.
import Weakref

final class Owner: Sendable {}
final class Scratch {
    var lines: [String] = []
}

func check(scratchpads: WeakKeyDictionary<Owner, Scratch>) {
    Task {
        for await scratch in scratchpads.valuesOfDeallocatedKeys() { scratch.lines.removeAll() }
    }
}
