import Testing
import Weakref

/// The two ways the library learns that an object died (DESIGN §2). Every behaviour is tested for
/// both.
enum Tier: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `DeinitObservable` objects: deaths are delivered synchronously, at deinit.
    case prompt
    /// Any other class: deaths are delivered at the next collection.
    case collected

    var testDescription: String { rawValue }

    /// The fixture class of this tier (`Employee` or `PlainEmployee`).
    var subject: any Subject.Type {
        switch self {
        case .prompt: Employee.self
        case .collected: PlainEmployee.self
        }
    }

    /// Delivers pending deaths: nothing to do for the prompt tier, a collection for the collected tier.
    func settle() {
        if self == .collected {
            Collector.collect()
        }
    }

    /// Checks delivery right after the last strong reference was dropped: the prompt tier has already
    /// delivered; the collected tier has not, and does at `Collector.collect()`.
    func expectDelivery(
        sourceLocation: SourceLocation = #_sourceLocation, _ delivered: () -> Bool
    ) {
        switch self {
        case .prompt:
            #expect(delivered(), "a prompt-tier death is delivered at deinit", sourceLocation: sourceLocation)
        case .collected:
            #expect(
                !delivered(), "a collected-tier death waits for a collection", sourceLocation: sourceLocation)
            Collector.collect()
            #expect(
                delivered(), "Collector.collect() delivers a collected-tier death",
                sourceLocation: sourceLocation)
        }
    }
}
