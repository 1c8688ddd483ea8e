// Forbidden: a WeakValueDictionary hands its values back, so one sent into a task would share
// non-Sendable objects between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let byName = WeakValueDictionary<String, Document>()
    byName["notes"] = document
    Task {
        byName["notes"]?.title = "edited in a task"
    }
    byName["notes"]?.title = "edited here"
}
