// Only where `Object` is Sendable: calling the reference hands the object to whichever task calls it.
// Unchecked only because a checked conformance of a class must be written in the class's own file.
// @unchecked: only `let`s: a `weak let` of a Sendable object, an identifier, the Sendable observer.
extension WeakReference: @unchecked Sendable where Object: Sendable {}
