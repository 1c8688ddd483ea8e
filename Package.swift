// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-weakref",
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
