// Forbidden: a WeakSet hands its members back, so one sent into a task would share non-Sendable
// objects between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let open = WeakSet<Document>()
    open.insert(document)
    Task {
        for member in open { member.title = "edited in a task" }
    }
    for member in open { member.title = "edited here" }
}
