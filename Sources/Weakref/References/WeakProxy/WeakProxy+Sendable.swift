// Only where `Object` is Sendable: `target()` and member reads hand the object (or parts of it) to
// whichever task calls them. Unchecked only because a checked conformance of a class must be written in
// the class's own file.
// @unchecked: only `let`s: a `weak let` of a Sendable object and the Sendable observer.
extension WeakProxy: @unchecked Sendable where Object: Sendable {}
