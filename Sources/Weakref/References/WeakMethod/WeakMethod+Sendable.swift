// Only where `Object` is Sendable: the bound method it returns holds the receiver, for whichever task
// calls it. `Argument` and `Result` need not be: a call passes them in and out within the calling task,
// and the stored method is `@Sendable`. Unchecked only because a checked conformance of a class must be
// written in the class's own file.
// @unchecked: only `let`s: a `weak let` of a Sendable receiver, a `@Sendable` method, the observer.
extension WeakMethod: @unchecked Sendable where Object: Sendable {}
