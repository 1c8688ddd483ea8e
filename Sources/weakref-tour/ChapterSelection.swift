/// Which chapters one command-line word names, and what to suggest when it names none.
///
/// A word selects, in tour order:
/// - the chapter whose name it is exactly, listed or not (a hidden check such as `finalizer-at-exit`
///   runs only this way, since it ends the process's exit processing with its own lines);
/// - otherwise every listed chapter whose name contains it, ignoring case, so that `cache` runs the
///   four caching chapters.
///
/// When it selects nothing, ``suggestions(for:among:limit:)`` names the closest listed chapters.
enum ChapterSelection {
    /// The chapters `word` selects; empty when it names none.
    static func chapters(matching word: String, in chapters: [Chapter]) -> [Chapter] {
        if let exact = chapters.first(where: { $0.name == word }) { return [exact] }
        let needle = word.lowercased()
        guard !needle.isEmpty else { return [] }
        return chapters.filter { $0.isListed && $0.name.lowercased().contains(needle) }
    }

    /// The chapters all of `words` select, in the order given, each chapter once.
    ///
    /// - Returns: the chapters, or the first word that selects nothing.
    static func chapters(matching words: [String], in chapters: [Chapter]) -> Result<[Chapter], Unmatched> {
        var selected: [Chapter] = []
        for word in words {
            let matches = Self.chapters(matching: word, in: chapters)
            if matches.isEmpty { return .failure(Unmatched(word: word)) }
            for chapter in matches where !selected.contains(where: { $0.name == chapter.name }) {
                selected.append(chapter)
            }
        }
        return .success(selected)
    }

    /// A word that selects no chapter.
    struct Unmatched: Error, Equatable {
        let word: String
    }

    /// The names of up to `limit` listed chapters closest to `word`, closest first (tour order among
    /// equals).
    ///
    /// Closeness is the smallest edit distance between `word` and the whole name, the name without its
    /// number (`weak-set` for `002-08-weak-set`) or any one word of it (`proxy`), ignoring case: a typo
    /// in any of them, or a half-remembered word, still finds the chapter.
    static func suggestions(for word: String, among chapters: [Chapter], limit: Int = 3) -> [String] {
        let query = Array(word.lowercased())
        let ranked = chapters.filter(\.isListed).enumerated().map { index, chapter in
            (name: chapter.name, distance: distance(from: query, to: chapter.name), index: index)
        }
        return
            ranked
            .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
            .prefix(limit)
            .map(\.name)
    }

    /// The smallest edit distance from `query` to `name` or to one of its parts.
    private static func distance(from query: [Character], to name: String) -> Int {
        let lowered = name.lowercased()
        let words = lowered.split(separator: "-")
        // The name without its leading numbers: `000-05-weak-set` → `weak-set`.
        let title = words.drop { $0.allSatisfy(\.isNumber) }.joined(separator: "-")
        let candidates = [lowered, title] + words.map(String.init)
        return candidates.map { editDistance(query, Array($0)) }.min() ?? query.count
    }

    /// Levenshtein distance: the fewest single-character insertions, deletions and substitutions that
    /// turn `a` into `b`. Two rows of the table, since only the previous row is read.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
