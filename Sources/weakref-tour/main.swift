import Foundation

// weakref-tour             runs every listed chapter, each after a `== NAME: title ==` header
// weakref-tour NAME…       runs the named chapters (a hidden check such as finalizer-at-exit included)
// weakref-tour --list      prints the listed chapters, one a line, with a summary

func printUsage() {
    print(
        """
        usage: weakref-tour [--list | --help | NAME…]
          (no argument)  run every chapter in order
          --list         list the chapters with a one-line summary
          NAME…          run the named chapters
        """)
}

func fail(_ message: String) -> Never {
    let names = Tour.chapters.map(\.name).joined(separator: "\n  ")
    FileHandle.standardError.write(Data("weakref-tour: \(message)\nvalid names:\n  \(names)\n".utf8))
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
    guard arguments.count == 1 else { fail("--list takes no other argument") }
    let listed = Tour.chapters.filter(\.isListed)
    let width = listed.map(\.name.count).max() ?? 0
    for chapter in listed {
        print(chapter.name + String(repeating: " ", count: width - chapter.name.count + 2) + chapter.summary)
    }
case "--help", "-h":
    printUsage()
default:
    var selected: [Chapter] = []
    for name in arguments {
        guard let chapter = Tour.chapter(named: name) else {
            fail(name.hasPrefix("-") ? "unknown option '\(name)'" : "unknown chapter '\(name)'")
        }
        selected.append(chapter)
    }
    run(selected, headers: selected.count > 1)
}
