import Foundation

/// Where to look for the `weakref-tour` executable: the test executable's directory and its parents
/// (`.build/<triple>/<config>/swift-weakrefPackageTests.xctest` on Linux; inside a bundle elsewhere).
func tourSearchDirectories() -> [URL] {
    var executables: [URL] = []
    executables.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
    if let main = Bundle.main.executableURL { executables.append(main) }
    if let first = CommandLine.arguments.first {
        executables.append(URL(fileURLWithPath: first).standardizedFileURL)
    }
    var directories: [URL] = []
    for executable in executables {
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            if !directories.contains(directory) { directories.append(directory) }
            directory = directory.deletingLastPathComponent()
        }
    }
    return directories
}

/// The `weakref-tour` executable SwiftPM built next to the tests, if any.
func tourExecutable() -> URL? {
    tourSearchDirectories()
        .map { $0.appendingPathComponent("weakref-tour") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// What one run of `weakref-tour` printed, and how it ended.
struct TourRun {
    let standardOutput: String
    let standardError: String
    let terminationStatus: Int32
    let terminationReason: Process.TerminationReason

    /// The standard output, one element a line, without the final newline's empty line.
    var lines: [String] {
        var lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// The reason `runTour(_:)` could not start the tour.
struct TourNotFound: Error, CustomStringConvertible {
    var description: String {
        """
        the weakref-tour executable was not found next to the test bundle (looked in \
        \(tourSearchDirectories().map(\.path))); the test target depends on it, so \
        `swift build --build-tests` must build it
        """
    }
}

/// Runs `weakref-tour` with `arguments` as a child process and waits for it to end.
func runTour(_ arguments: [String]) throws -> TourRun {
    guard let tour = tourExecutable() else { throw TourNotFound() }
    let process = Process()
    process.executableURL = tour
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // The tour writes little to stderr, so reading stdout to its end first cannot fill stderr's pipe.
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return TourRun(
        standardOutput: String(decoding: stdout, as: UTF8.self),
        standardError: String(decoding: stderr, as: UTF8.self),
        terminationStatus: process.terminationStatus,
        terminationReason: process.terminationReason)
}
