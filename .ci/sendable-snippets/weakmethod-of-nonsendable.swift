// Forbidden: a WeakMethod's bound method calls the receiver, so one sent into a task would run a
// non-Sendable receiver's method in two tasks at once.
import Weakref

final class Document {
    var title = "draft"
    func rename(_ title: String) { self.title = title }
}

func check(document: Document) {
    let rename = WeakMethod(document, Document.rename)
    Task.detached {
        rename()?("edited in a task")
    }
    rename()?("edited here")
}
