// expected error: a proxy's member cannot be assigned .*proxy\.set
// Misuse: assigning through a proxy cannot work (a setter cannot throw once the referent is gone); the
// compiler must say what to write instead.
import Weakref

final class Document {
    var title = "draft"
}

func rename(_ proxy: WeakProxy<Document>) {
    proxy.title = "edited"
}
