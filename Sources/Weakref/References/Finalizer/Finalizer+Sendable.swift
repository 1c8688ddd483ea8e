// Only where `Object` is Sendable: `peek()` and `detach()` hand the object to whichever task calls them,
// so a finalizer of a non-Sendable object must stay in the task that made it. Unchecked only because a
// checked conformance of a class must be written in the class's own file.
// @unchecked: its only stored property is a `let` of the Sendable `_FinalizerCore` (state under a lock).
extension Finalizer: @unchecked Sendable where Object: Sendable {}
