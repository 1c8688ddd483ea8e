import Benchmark

// The benchmark suite of swift-weakref (issue 4). From the repository root:
//
//   swift package --package-path Benchmarks benchmark                           # wall clock
//   WEAKREF_BENCH_METRICS=malloc swift package --package-path Benchmarks benchmark   # mallocs, memory
//   WEAKREF_BENCH_SMOKE=1 swift package --package-path Benchmarks benchmark     # CI smoke
//   Benchmarks/compare.sh                                                        # RESULTS.md
//
// See Support.swift for the groups, and Benchmarks/README.md.

let benchmarks: @Sendable () -> Void = {
    registerCollectionBenchmarks()
    registerReferenceBenchmarks()
    registerConcurrencyBenchmarks()
    registerPauseBenchmarks()
    if Suite.recordsMallocs {
        registerMemoryBenchmarks()
    }
}
