// Only where `Object` is Sendable, as for `WeakMethod`: the bound method it returns holds the receiver,
// for whichever task calls it. Unchecked only because a checked conformance of a class must be written
// in the class's own file.
// @unchecked: only `let`s: a `weak let` of a Sendable receiver, a `@Sendable` method, the observer.
extension WeakAsyncMethod: @unchecked Sendable where Object: Sendable {}
