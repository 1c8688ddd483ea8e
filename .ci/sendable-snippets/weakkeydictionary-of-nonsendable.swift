// Forbidden: a WeakKeyDictionary hands its keys back, so one sent into a task would share non-Sendable
// objects between two tasks.
import Weakref

final class Document {
    var title = "draft"
}

func check(document: Document) {
    let notes = WeakKeyDictionary<Document, String>()
    notes[document] = "first draft"
    Task.detached {
        for key in notes.keys { key.title = "edited in a task" }
    }
    for key in notes.keys { key.title = "edited here" }
}
