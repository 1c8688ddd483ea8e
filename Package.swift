// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-weakref",
    products: [
        .library(name: "Weakref", targets: ["Weakref"]),
        .executable(name: "weakref-tour", targets: ["weakref-tour"]),
    ],
    targets: [
        .target(
            name: "Weakref",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "weakref-tour",
            dependencies: ["Weakref"],
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "WeakrefTests",
            dependencies: ["Weakref", "weakref-tour"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
