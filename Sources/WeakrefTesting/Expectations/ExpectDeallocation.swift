import Testing
import WeakrefDiagnostics

/// Sets `object` to `nil` and records an `Issue` if the object it held is still alive afterwards,
/// naming its type and, if the `RetainCycleFinder` finds one, the retain cycle that keeps it alive.
///
/// ```swift
/// @Test func nodesDoNotLeak() {
///     var n1: Node? = Node("n1")
///     n1?.next = Node("n2")
///     expectDeallocation(of: &n1)
/// }
/// ```
///
/// A failure reads, for example: `Expected Node to be deallocated when its last reference was
/// dropped, but it is still alive. It is kept alive by a retain cycle:
/// Node(n1).next → Node(n2).next → Node(n1)`. It works for every class instance (the check is a
/// native `weak` reference). Nothing is checked if `object` is already `nil`.
///
/// - Complexity: O(1), plus a cycle search if the object survives.
public func expectDeallocation<Object: AnyObject>(
    of object: inout Object?,
    _ comment: Comment? = nil,
    finder: RetainCycleFinder = RetainCycleFinder(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    weak let probe = object
    object = nil
    _recordIfAlive(probe, hint: nil, comment: comment, finder: finder, sourceLocation: sourceLocation)
}

/// Takes ownership of `object`, drops it, and records an `Issue` if it is still alive afterwards.
/// Pass a local with `consume` so that the caller's own variable does not keep it alive:
///
/// ```swift
/// @Test func parentAndChildAreFreed() {
///     let parent = Parent()
///     parent.adopt(Child())
///     expectDeallocation(of: consume parent)
/// }
/// ```
///
/// - Complexity: O(1), plus a cycle search if the object survives.
public func expectDeallocation<Object: AnyObject>(
    of object: consuming Object,
    _ comment: Comment? = nil,
    finder: RetainCycleFinder = RetainCycleFinder(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    weak let probe: Object? = object
    _ = consume object
    _recordIfAlive(
        probe,
        hint: "If the argument was a variable that is still in scope, pass `consume variable`, "
            + "or use `expectDeallocation(of: &optionalVariable)`.",
        comment: comment, finder: finder, sourceLocation: sourceLocation)
}

private func _recordIfAlive(
    _ survivor: AnyObject?, hint: String?, comment: Comment?, finder: RetainCycleFinder,
    sourceLocation: SourceLocation
) {
    guard let survivor else { return }
    let typeName = _typeName(type(of: survivor), qualified: false)
    let diagnosis = _leakDiagnosis(of: survivor, finder: finder)
    var message =
        "Expected \(typeName) to be deallocated when its last reference was dropped,"
        + " but it is still alive. " + diagnosis
    if let hint, !diagnosis.hasPrefix("It is kept alive") {
        message += "\n" + hint
    }
    if let comment {
        message += "\n" + comment.rawValue
    }
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}
