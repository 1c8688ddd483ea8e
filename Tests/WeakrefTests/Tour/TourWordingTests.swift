import Testing

extension WeakrefSuite {
    /// The tour speaks to a reader of a walkthrough: none of its lines may talk about how the tour is
    /// made or checked (the programs it was ported from, the recorded outputs it is compared with).
    @Suite struct TourWordingTests {
        /// Words of the tour's own plumbing, which a reader has no use for.
        static let plumbingWords = ["probe", "transcript", "seed"]

        /// The plumbing words `text` contains, ignoring case.
        static func plumbing(in text: String) -> [String] {
            let lowered = text.lowercased()
            return plumbingWords.filter { lowered.contains($0) }
        }

        @Test func theCheckNoticesAPlumbingWord() {
            #expect(Self.plumbing(in: "the Transcript is empty (the probe)") == ["probe", "transcript"])
            #expect(Self.plumbing(in: "Seeds") == ["seed"])
            #expect(Self.plumbing(in: "a weak reference reads nil").isEmpty)
        }

        /// Every chapter with a checked-in output, hidden ones included, run by its exact name.
        @Test(arguments: TourTranscript.names)
        func chapterOutputSpeaksToTheReader(name: String) throws {
            let run = try runTour([name])
            #expect(run.terminationStatus == 0)
            let words = Self.plumbing(in: run.standardOutput + run.standardError)
            #expect(words.isEmpty, "\(name) prints \(words)")
        }

        @Test(arguments: [[], ["--list"], ["--help"], ["nosuch"]])
        func theProgramsOwnLinesSpeakToTheReader(arguments: [String]) throws {
            let run = try runTour(arguments)
            let words = Self.plumbing(in: run.standardOutput + run.standardError)
            #expect(words.isEmpty, "weakref-tour \(arguments) prints \(words)")
        }
    }
}
