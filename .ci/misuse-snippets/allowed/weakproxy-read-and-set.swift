// Control: reading a writable member and writing through `set` compile, so that the assignment snippet
// fails for the assignment alone.
import Weakref

final class Document {
    var title = "draft"
}

func rename(_ proxy: WeakProxy<Document>) throws {
    let old = try proxy.title
    try proxy.set(\.title, to: old + " (edited)")
    try proxy.target().title = "edited"
}
