import Testing
import WeakrefDiagnostics

/// Runs `body` with a ``LeakTracker`` and records an `Issue` for every object tracked in it that is
/// still alive when `body` returns — at the line where the object was tracked, naming its type and
/// the retain cycle that keeps it alive, if the `RetainCycleFinder` finds one.
///
/// ```swift
/// @Test func closingAWindowFreesIt() {
///     expectNoLeaks { tracker in
///         let window = tracker.track(Window())
///         window.close()
///     }
/// }
/// ```
///
/// A failure reads, for example: `Node "n1" tracked at CycleTests.swift:12 is still alive at the end
/// of the expectNoLeaks scope (CycleTests.swift:10). It is kept alive by a retain cycle:
/// Node(n1).next → Node(n2).next → Node(n1)`. Objects reachable from the value `body` returns are
/// still alive at that moment, so they count as leaks. If `body` throws, nothing is checked.
///
/// - Complexity: O(*n*) in the tracked objects, plus a cycle search for each survivor.
@discardableResult
public func expectNoLeaks<Result>(
    _ comment: Comment? = nil,
    finder: RetainCycleFinder = RetainCycleFinder(),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (LeakTracker) throws -> Result
) rethrows -> Result {
    let tracker = LeakTracker()
    let result = try body(tracker)
    _recordSurvivors(of: tracker, comment: comment, finder: finder, scope: sourceLocation)
    return result
}

/// The asynchronous form of ``expectNoLeaks(_:finder:sourceLocation:_:)``: `body` may suspend, and
/// objects released by other tasks get up to `gracePeriod` to go before they count as leaks.
///
/// ```swift
/// @Test func sessionEndsCleanly() async throws {
///     try await expectNoLeaks(gracePeriod: .milliseconds(100)) { tracker in
///         let session = tracker.track(Session())
///         try await session.run()
///     }
/// }
/// ```
///
/// - Complexity: O(*n*) in the tracked objects, plus a cycle search for each survivor.
@discardableResult
public func expectNoLeaks<Result>(
    _ comment: Comment? = nil,
    finder: RetainCycleFinder = RetainCycleFinder(),
    gracePeriod: Duration = .zero,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (LeakTracker) async throws -> Result
) async rethrows -> Result {
    let tracker = LeakTracker()
    let result = try await body(tracker)
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: gracePeriod)
    while tracker.trackedObjects.contains(where: \.isAlive) && clock.now < deadline {
        try? await Task.sleep(for: .milliseconds(1))
    }
    _recordSurvivors(of: tracker, comment: comment, finder: finder, scope: sourceLocation)
    return result
}

func _recordSurvivors(
    of tracker: LeakTracker, comment: Comment?, finder: RetainCycleFinder, scope: SourceLocation
) {
    for entry in tracker.trackedObjects {
        // Take the strong reference only for the diagnosis, then drop it.
        guard let survivor = entry.object else { continue }
        var message =
            "\(entry.name) tracked at \(_place(entry.sourceLocation.fileID, entry.sourceLocation.line))"
            + " is still alive at the end of the expectNoLeaks scope"
            + " (\(_place(scope.fileID, scope.line))). "
            + _leakDiagnosis(of: survivor, finder: finder)
        if let comment {
            message += "\n" + comment.rawValue
        }
        Issue.record(Comment(rawValue: message), sourceLocation: entry.sourceLocation)
    }
}
