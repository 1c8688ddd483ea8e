// Forbidden: a bound method holds its receiver strongly and calls it, so one sent into a task would
// share a non-Sendable receiver between two tasks.
import Weakref

final class Document {
    var title = "draft"
    func rename(_ title: String) { self.title = title }
}

func check(document: Document) {
    guard let rename = WeakMethod(document, Document.rename)() else { return }
    Task {
        rename("edited in a task")
    }
    rename("edited here")
}
