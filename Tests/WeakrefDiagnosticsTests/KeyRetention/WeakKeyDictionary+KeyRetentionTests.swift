import Testing
import Weakref
import WeakrefDiagnostics

final class Document: CustomStringConvertible {
    let title: String
    init(_ title: String) { self.title = title }
    var description: String { title }
}

struct Metadata {
    var views = 0
    var owner: Document?
}

final class Annotation {
    weak var document: Document?
    var related: [Document] = []
}

@Suite("WeakKeyDictionary key retention")
struct WeakKeyDictionaryKeyRetentionTests {
    @Test func aValueThatReachesItsKeyIsReported() {
        let metadata = WeakKeyDictionary<Document, Metadata>()
        let report = Document("Report")
        let memo = Document("Memo")
        metadata[report] = Metadata(views: 1, owner: report)
        metadata[memo] = Metadata(views: 2, owner: report)
        #expect(metadata.keyRetentionReport().map(\.description) == ["Metadata.owner → Document(Report)"])
        #expect(metadata.retainedKeys().map(ObjectIdentifier.init) == [ObjectIdentifier(report)])
        metadata[report] = nil
        #expect(metadata.retainedKeys().isEmpty)
    }

    @Test func throughAnObjectAndAnArray() {
        let annotations = WeakKeyDictionary<Document, Annotation>()
        let report = Document("Report")
        let annotation = Annotation()
        annotation.document = report
        annotations[report] = annotation
        #expect(annotations.retainedKeys().isEmpty)
        annotation.related = [Document("Other"), report]
        #expect(
            annotations.keyRetentionReport().map(\.description) == [
                "Annotation → Annotation.related[1] → Document(Report)"
            ])
        annotation.related = []
    }

    @Test func aKeyThatIsItsOwnValue() {
        let selves = WeakKeyDictionary<Document, Document>()
        let report = Document("Report")
        selves[report] = report
        #expect(selves.retainedKeys().count == 1)
        selves[report] = nil
    }
}
