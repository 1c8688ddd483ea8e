// Forbidden: a WeakAsyncMethod's bound method calls the receiver, so one sent into a task would run a
// non-Sendable receiver's method in two tasks at once.
import Weakref

final class Document {
    var title = "draft"
    func rename(_ title: String) async { self.title = title }
}

func check(document: Document) async {
    let rename = WeakAsyncMethod(document, Document.rename)
    Task.detached {
        await rename()?("edited in a task")
    }
    await rename()?("edited here")
}
