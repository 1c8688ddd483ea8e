// Forbidden: calling a WeakReference hands the object back, so one sent into a task would share a
// non-Sendable object between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let reference = WeakReference(document)
    Task.detached {
        reference()?.title = "edited in a task"
    }
    reference()?.title = "edited here"
}
