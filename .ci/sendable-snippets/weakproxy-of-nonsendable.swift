// Forbidden: a WeakProxy reads and writes the object itself, so one sent into a task would share a
// non-Sendable object between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let proxy = WeakProxy(document)
    Task {
        try? proxy.target().title = "edited in a task"
    }
    try? proxy.target().title = "edited here"
}
