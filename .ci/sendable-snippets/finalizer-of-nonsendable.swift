// Forbidden: `peek()` and `detach()` hand the object back, so a Finalizer sent into a task would share
// a non-Sendable object between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let finalizer = Finalizer(document) { print("closed") }
    Task {
        finalizer.peek()?.object.title = "edited in a task"
    }
    finalizer.peek()?.object.title = "edited here"
}
