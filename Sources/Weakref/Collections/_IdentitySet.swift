/// A short-lived set of objects by identity, holding them strongly so that their addresses cannot be
/// reused while it exists. Used by set algebra to test membership in an arbitrary sequence.
@usableFromInline
struct _IdentitySet<Element: AnyObject> {
    /// The distinct elements, in first-seen order.
    @usableFromInline
    private(set) var elements: [Element] = []
    @usableFromInline
    var identities: Set<ObjectIdentifier> = []

    @inlinable
    init(_ sequence: some Sequence<Element>) {
        for element in sequence where identities.insert(ObjectIdentifier(element)).inserted {
            elements.append(element)
        }
    }

    @inlinable
    var count: Int { elements.count }

    @inlinable
    func contains(_ element: Element) -> Bool {
        identities.contains(ObjectIdentifier(element))
    }
}
