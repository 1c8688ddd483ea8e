import Testing

extension WeakrefSuite {
    /// `weakref-tour` as a user types it: a part of a name, a misspelt name, an unknown option.
    /// (`ChapterSelectionTests` checks the matching itself; these check what the program does with it.)
    @Suite struct TourCommandLineTests {
        /// The chapter names in a run's `== NAME: title ==` headers, in order.
        static func headers(_ run: TourRun) -> [String] {
            run.lines.filter { $0.hasPrefix("== ") }.compactMap {
                $0.dropFirst(3).split(separator: ":").first
            }
            .map(String.init)
        }

        @Test func aPartOfANameRunsEveryChapterContainingIt() throws {
            let run = try runTour(["cache"])
            #expect(run.terminationStatus == 0, "stderr: \(run.standardError)")
            #expect(run.standardError.isEmpty)
            let listed = try runTour(["--list"]).lines.compactMap { $0.split(separator: " ").first }
            let expected = listed.filter { $0.lowercased().contains("cache") }.map(String.init)
            #expect(expected.count >= 2)
            #expect(Self.headers(run) == expected)
        }

        @Test func anExactNameRunsThatChapterWithoutAHeader() throws {
            let run = try runTour(["002-04-proxy"])
            #expect(run.terminationStatus == 0)
            #expect(Self.headers(run).isEmpty)
            #expect(
                TourTranscript.masked(run.standardOutput) == (try TourTranscript.expected("002-04-proxy")))
        }

        @Test func anUnknownChapterFailsNamingTheClosestAndHowToListAll() throws {
            let run = try runTour(["proxi"])
            #expect(run.terminationStatus == 1)
            #expect(run.terminationReason == .exit)
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.contains("unknown chapter 'proxi'"))
            #expect(run.standardError.contains("the closest names: 002-04-proxy, 002-05-proxy-callbacks, "))
            #expect(run.standardError.contains("weakref-tour --list"))
        }

        @Test func aWordFarFromEveryNameStillGetsThreeSuggestions() throws {
            let run = try runTour(["nosuch"])
            #expect(run.terminationStatus == 1)
            #expect(run.standardOutput.isEmpty)
            let line = run.standardError.split(separator: "\n").first { $0.hasPrefix("the closest names: ") }
            let names = line?.dropFirst("the closest names: ".count).split(separator: ", ") ?? []
            #expect(names.count == 3)
            #expect(names.allSatisfy { TourTranscript.names.contains(String($0)) })
        }

        @Test func anUnknownOptionFailsWithTheUsage() throws {
            let run = try runTour(["--nosuch"])
            #expect(run.terminationStatus == 1)
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.contains("unknown option '--nosuch'"))
            #expect(run.standardError.contains("usage: weakref-tour"))
        }
    }
}
