// swift-tools-version: 6.1
// The benchmark suite of swift-weakref: a separate package so that users of the library never
// resolve package-benchmark. Run from the repository root with
//   swift package --package-path Benchmarks benchmark
// (see Benchmarks/README.md for the wall-clock / malloc-count groups, the smoke mode and compare.sh).
import PackageDescription

let package = Package(
    name: "swift-weakref-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-weakref", path: ".."),
        // The trait list turns off package-benchmark's default "RuntimeInterposer" trait, whose
        // dependency does not resolve here; "MallocInterposer" backs the malloc metrics.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // package-benchmark's own malloc backend; the memory benchmarks read its live-heap counters.
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "WeakrefBenchmarks",
            dependencies: [
                .product(name: "Weakref", package: "swift-weakref"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Benchmarks/WeakrefBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // Runs one workload without the framework, for valgrind --tool=callgrind (see its main.swift).
        // Not under Benchmarks/, so the benchmark plugin does not treat it as a suite.
        .executableTarget(
            name: "weakref-profile",
            dependencies: [.product(name: "Weakref", package: "swift-weakref")],
            path: "Profile/WeakrefProfile",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
