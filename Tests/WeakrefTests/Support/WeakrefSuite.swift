import Testing

/// The root of every suite in this target.
///
/// The collected tier's deliveries are process-wide: any `Collector.collect()`, automatic
/// collection or periodic collection delivers every pending death, whichever test caused it. A test
/// that checks "not delivered until a collection" therefore cannot share the process with a test
/// that collects at the same moment. Every suite nests here, in an extension, and runs one test at a
/// time.
@Suite("swift-weakref", .serialized)
enum WeakrefSuite {}
