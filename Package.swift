// swift-tools-version: 6.2
// 6.2: the sources use `weak let` (SE-0481), which a 6.1 compiler rejects after resolving the package.
import PackageDescription

let package = Package(
    name: "swift-weakref",
    // The minimums are Synchronization's: `Atomic` (in the public `DeinitObservers`, and the registry's
    // counters) is available from macOS 15, iOS 18, tvOS 18, watchOS 11 and visionOS 2 on, which covers
    // everything else the sources need (`Duration` and `Task.sleep(for:)` from macOS 13 / iOS 16,
    // parameter packs in generic types from macOS 14 / iOS 17). Linux and other platforms have no
    // deployment target. Apple platforms are declared, not tested in CI (README, "Supported platforms").
    platforms: [
        .macOS(.v15), .iOS(.v18), .macCatalyst(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2),
    ],
    products: [
        .library(name: "Weakref", targets: ["Weakref"]),
        .library(name: "WeakrefDiagnostics", targets: ["WeakrefDiagnostics"]),
        .library(name: "WeakrefTesting", targets: ["WeakrefTesting"]),
        .executable(name: "weakref-tour", targets: ["weakref-tour"]),
    ],
    dependencies: [
        // Test-only: the model-based tests of WeakrefStressTests. No library product depends on it.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1")
    ],
    targets: [
        .target(
            name: "Weakref",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "WeakrefDiagnostics",
            dependencies: ["Weakref"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "WeakrefTesting",
            dependencies: ["Weakref", "WeakrefDiagnostics"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "weakref-tour",
            dependencies: ["Weakref", "WeakrefDiagnostics"],
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "WeakrefTests",
            dependencies: ["Weakref", "weakref-tour"],
            exclude: ["Tour/Transcripts"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "WeakrefDiagnosticsTests",
            dependencies: ["Weakref", "WeakrefDiagnostics", "WeakrefTesting"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "WeakrefStressTests",
            dependencies: [
                "Weakref",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "weakref-leak-scenario",
            dependencies: ["Weakref"],
            path: "Tests/weakref-leak-scenario",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)

// CI (.ci/run) builds the stress tests twice more in release, with lexical lifetimes disabled and at
// -Osize, to run them under an adversarial optimizer. Those builds need only the library and the stress
// target, and building everything else in release would triple their time; with WEAKREF_STRESS_TESTS_ONLY
// set, the manifest declares just those two targets. Left unset (always, outside those two CI steps), the
// package is the one above.
if Context.environment["WEAKREF_STRESS_TESTS_ONLY"] != nil {
    package.targets.removeAll { !["Weakref", "WeakrefStressTests"].contains($0.name) }
    package.products.removeAll { $0.name != "Weakref" }
}
