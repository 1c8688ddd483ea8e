import Foundation

// weakref-tour             runs every listed chapter, each after a `== NAME: title ==` header
// weakref-tour WORD…       runs the chapters each word names: the chapter of that exact name (a hidden
//                          check such as finalizer-at-exit included), else every listed chapter whose
//                          name contains the word, ignoring case (ChapterSelection.swift)
// weakref-tour --list      prints the listed chapters, one a line, with a summary

let usage = """
    usage: weakref-tour [--list | --help | NAME…]
      (no argument)  run every chapter in order
      --list         list the chapters with a one-line summary
      NAME…          run the named chapters; a part of a name runs every chapter whose name
                     contains it (`weakref-tour cache` runs the caching chapters)
    """

/// Writes `lines` to standard error after the program's name, and exits with status 1.
func fail(_ lines: String...) -> Never {
    FileHandle.standardError.write(Data(("weakref-tour: " + lines.joined(separator: "\n") + "\n").utf8))
    exit(1)
}

func run(_ chapters: [Chapter], headers: Bool) {
    for (index, chapter) in chapters.enumerated() {
        if headers {
            if index > 0 { print() }
            print("== \(chapter.name): \(chapter.title) ==")
        }
        chapter.run()
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())

switch arguments.first {
case nil:
    run(Tour.chapters.filter(\.isListed), headers: true)
case "--list":
    guard arguments.count == 1 else { fail("--list takes no other argument", usage) }
    let listed = Tour.chapters.filter(\.isListed)
    let width = listed.map(\.name.count).max() ?? 0
    for chapter in listed {
        print(chapter.name + String(repeating: " ", count: width - chapter.name.count + 2) + chapter.summary)
    }
case "--help", "-h":
    print(usage)
default:
    if let option = arguments.first(where: { $0.hasPrefix("-") }) {
        fail("unknown option '\(option)'", usage)
    }
    switch ChapterSelection.chapters(matching: arguments, in: Tour.chapters) {
    case .success(let selected):
        run(selected, headers: selected.count > 1)
    case .failure(let unmatched):
        let suggestions = ChapterSelection.suggestions(for: unmatched.word, among: Tour.chapters)
        fail(
            "unknown chapter '\(unmatched.word)': no chapter's name is or contains it",
            "the closest names: " + suggestions.joined(separator: ", "),
            "`weakref-tour --list` lists every chapter")
    }
}
