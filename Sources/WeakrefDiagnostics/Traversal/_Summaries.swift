/// Summaries made once per object of a search (while the objects are alive).
struct _Summaries {
    private var known: [UnsafeRawPointer: ObjectSummary] = [:]

    subscript(address: UnsafeRawPointer) -> ObjectSummary {
        mutating get {
            if let summary = known[address] { return summary }
            let summary = ObjectSummary(_address: address)
            known[address] = summary
            return summary
        }
    }
}
