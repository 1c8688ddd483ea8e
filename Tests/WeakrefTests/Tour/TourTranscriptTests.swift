import Foundation
import Testing

extension WeakrefSuite {
    /// The tour: every chapter, run as a child process (`weakref-tour NAME`), prints its checked-in
    /// transcript, `Transcripts/NAME.txt`, with addresses and dates masked as in the CPython transcripts
    /// of `../shared/seed-transcripts` (`0x…` → `0xADDR`, `2026-11-22 01:55:22` → `<DATETIME>`).
    ///
    /// After a deliberate change to a chapter or to a description the library prints, regenerate the
    /// transcripts from the tour's output (see `Sources/weakref-tour/README.md`) and read the diff.
    @Suite struct TourTranscriptTests {
        @Test(arguments: TourTranscript.names)
        func chapterPrintsItsTranscript(name: String) throws {
            let expected = try TourTranscript.expected(name)
            let run = try runTour([name])
            #expect(run.terminationStatus == 0, "stderr: \(run.standardError)")
            #expect(run.terminationReason == .exit)
            #expect(run.standardError.isEmpty)
            let actual = TourTranscript.masked(run.standardOutput)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            // Report the first line that differs, then the whole output.
            if let line = zip(expectedLines, actualLines).enumerated().first(where: { $1.0 != $1.1 }) {
                Issue.record(
                    """
                    line \(line.offset + 1) differs:
                      expected: \(line.element.0)
                      actual:   \(line.element.1)
                    """)
            }
            #expect(actual == expected)
        }

        @Test func everyListedChapterHasATranscript() throws {
            let run = try runTour(["--list"])
            #expect(run.terminationStatus == 0)
            let listed = run.lines.compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(!listed.isEmpty)
            let missing = listed.filter { !TourTranscript.names.contains($0) }
            #expect(missing.isEmpty, "chapters without a transcript in Tour/Transcripts: \(missing)")
        }
    }
}

/// The checked-in transcripts of the tour's chapters.
enum TourTranscript {
    /// `Tests/WeakrefTests/Tour/Transcripts`, next to this file (excluded from the target's sources).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Transcripts")

    /// The chapter names that have a transcript, sorted.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
    }

    /// `text` with hexadecimal addresses and date-times replaced, like `../shared/seed-transcripts/regen.sh`.
    static func masked(_ text: String) -> String {
        text.replacing(#/0x[0-9a-f]+/#, with: "0xADDR")
            .replacing(
                #/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?/#, with: "<DATETIME>")
    }
}
