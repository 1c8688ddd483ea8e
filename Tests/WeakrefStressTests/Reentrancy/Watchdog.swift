import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends the process when a re-entrancy case runs far longer than it should.
///
/// A callback that re-enters the library while the library still holds a lock (a value released under
/// the lock, DESIGN §5.4) blocks its thread forever on a default mutex. Nothing else would then end the
/// run before CI's own time limit, and nothing would say which case hung; so the watchdog writes the
/// case's name to standard error and aborts, which fails the run.
///
/// The limit is `WEAKREF_WATCHDOG_SECONDS` (default 120). All 160 cases together took 1 s in a debug build
/// under ThreadSanitizer on two busy cores (0.07 s in release), so a correct run stays four orders of
/// magnitude below the limit. Raise it when a debugger stops the process, because time spent stopped
/// counts.
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()

    /// How long one case may run before the process is aborted.
    static let limit: Duration = {
        guard let text = ProcessInfo.processInfo.environment["WEAKREF_WATCHDOG_SECONDS"] else {
            return .seconds(120)
        }
        // A typo must not silently leave the default in force (or switch the watchdog off).
        guard let seconds = Int(text), seconds > 0 else {
            fatalError("WEAKREF_WATCHDOG_SECONDS must be a positive whole number of seconds, not '\(text)'")
        }
        return .seconds(seconds)
    }()

    /// The cases running now, by a token unique to each run of `watch`. Several at once only if the
    /// suite stops being serialized; a single slot would then be cleared by whichever case ends first and
    /// leave a hung one unwatched.
    ///
    /// Times come from `SuspendingClock`, which stops while the machine sleeps: a laptop suspended in
    /// the middle of a case must not make the case look hung when it wakes.
    private let running = Locked<[UInt64: (label: String, started: SuspendingClock.Instant)]>([:])
    private let lastToken = Atomic<UInt64>(0)

    private init() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                if let label = overdueCase(at: .now) { abortNaming(label) }
            }
        }
        thread.name = "re-entrancy watchdog"
        thread.start()
    }

    /// Runs `body` as the case `label`; the process is aborted if it has not returned within `limit`.
    func watch(_ label: String, _ body: () -> Void) {
        let token = lastToken.add(1, ordering: .relaxed).newValue
        running.withLock { $0[token] = (label, .now) }
        defer { running.withLock { $0[token] = nil } }
        body()
    }

    /// The name of a case that started more than `limit` before `now` and has not finished, if any.
    func overdueCase(at now: SuspendingClock.Instant) -> String? {
        running.current.values.first { now - $0.started > Self.limit }?.label
    }

    private func abortNaming(_ label: String) -> Never {
        let seconds = Self.limit.components.seconds
        let message = """
            re-entrancy watchdog: case "\(label)" has not finished after \(seconds) s — a lock was \
            probably re-entered; aborting\n
            """
        // write(2) rather than FileHandle or stdio: no lock a hung thread could hold stands in the way.
        let bytes = Array(message.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(STDERR_FILENO, buffer.baseAddress! + written, buffer.count - written)
            }
            guard result > 0 else { break }
            written += result
        }
        abort()
    }
}
