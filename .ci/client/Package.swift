// swift-tools-version: 6.2
// A client of the package, as a user would write one: it depends on the library by path and uses the
// API that issue 13 added through a plain (non-testable) import, so that every new declaration is
// checked to be public, inlinable where it must be, and warning-free in Swift 6 mode. CI builds and
// runs it (.ci/check-client.sh).
import PackageDescription

let package = Package(
    name: "weakref-client",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    dependencies: [.package(name: "swift-weakref", path: "../..")],
    targets: [
        .executableTarget(
            name: "WeakrefClient",
            dependencies: [.product(name: "Weakref", package: "swift-weakref")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
