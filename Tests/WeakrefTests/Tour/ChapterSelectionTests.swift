import Testing

@testable import weakref_tour

extension WeakrefSuite {
    /// How `weakref-tour WORD…` picks its chapters, and what it suggests for a word that names none.
    @Suite struct ChapterSelectionTests {
        /// A small registry: two names share "cache", one is hidden, one has no number.
        static let chapters = [
            chapter("000-07-image-cache"),
            chapter("001-02-ref-cache"),
            chapter("002-04-proxy"),
            chapter("002-05-proxy-callbacks"),
            chapter("002-08-weak-set"),
            chapter("004-cycle-finder"),
            chapter("finalizer-at-exit", isListed: false),
        ]

        static func chapter(_ name: String, isListed: Bool = true) -> Chapter {
            Chapter(name: name, title: name, summary: name, isListed: isListed) {}
        }

        static func names(_ words: [String]) -> [String]? {
            try? ChapterSelection.chapters(matching: words, in: chapters).get().map(\.name)
        }

        @Test func anExactNameSelectsThatChapterOnly() {
            #expect(Self.names(["002-04-proxy"]) == ["002-04-proxy"])
        }

        @Test func aHiddenChapterRunsByItsExactNameOnly() {
            #expect(Self.names(["finalizer-at-exit"]) == ["finalizer-at-exit"])
            #expect(Self.names(["finalizer"]) == nil)
        }

        @Test func aPartOfANameSelectsEveryListedChapterContainingIt() {
            #expect(Self.names(["cache"]) == ["000-07-image-cache", "001-02-ref-cache"])
            #expect(Self.names(["proxy"]) == ["002-04-proxy", "002-05-proxy-callbacks"])
        }

        @Test func matchingIgnoresCase() {
            #expect(Self.names(["CaChE"]) == ["000-07-image-cache", "001-02-ref-cache"])
        }

        @Test func severalWordsSelectInTheirOrderEachChapterOnce() {
            #expect(
                Self.names(["weak-set", "cache", "001-02-ref-cache"])
                    == ["002-08-weak-set", "000-07-image-cache", "001-02-ref-cache"])
        }

        @Test func theFirstWordThatSelectsNothingIsReported() {
            let result = ChapterSelection.chapters(matching: ["cache", "nosuch", "other"], in: Self.chapters)
            #expect(throws: ChapterSelection.Unmatched(word: "nosuch")) { try result.get() }
            #expect(Self.names([""]) == nil)
        }

        @Test func suggestionsFindATypoInAWordOfTheName() {
            let suggestions = ChapterSelection.suggestions(for: "proxi", among: Self.chapters)
            #expect(suggestions.prefix(2) == ["002-04-proxy", "002-05-proxy-callbacks"])
        }

        @Test func suggestionsFindTheNameWithoutItsNumber() {
            #expect(
                ChapterSelection.suggestions(for: "weakset", among: Self.chapters).first == "002-08-weak-set")
            #expect(
                ChapterSelection.suggestions(for: "cycle-fnder", among: Self.chapters).first
                    == "004-cycle-finder")
        }

        @Test func suggestionsAreAtMostTheLimitAndNeverHidden() {
            let suggestions = ChapterSelection.suggestions(for: "finalizer-at-exit", among: Self.chapters)
            #expect(suggestions.count == 3)
            #expect(!suggestions.contains("finalizer-at-exit"))
            #expect(ChapterSelection.suggestions(for: "x", among: Self.chapters, limit: 1).count == 1)
        }

        @Test(arguments: [
            ("", "", 0), ("abc", "", 3), ("", "ab", 2), ("kitten", "sitting", 3), ("flaw", "lawn", 2),
            ("weakset", "weak-set", 1), ("same", "same", 0),
        ])
        func editDistance(from a: String, to b: String, is expected: Int) {
            #expect(ChapterSelection.editDistance(Array(a), Array(b)) == expected)
            #expect(ChapterSelection.editDistance(Array(b), Array(a)) == expected)
        }
    }
}
