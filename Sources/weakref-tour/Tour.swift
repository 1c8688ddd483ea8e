/// One chapter of the tour: a seed program's walkthrough, ported.
struct Chapter: Sendable {
    /// The kebab-case transcript id, e.g. `002-02-ref-callbacks`.
    let name: String
    /// The header shown when all chapters run.
    let title: String
    /// The line `--list` shows.
    let summary: String
    /// Whether the chapter runs without arguments and appears in `--list`.
    let isListed: Bool
    let run: @Sendable () -> Void

    init(
        name: String, title: String, summary: String, isListed: Bool = true,
        run: @escaping @Sendable () -> Void
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.isListed = isListed
        self.run = run
    }
}

/// The chapter registry, in tour order.
enum Tour {
    static let chapters: [Chapter] = [
        Chapter(
            name: "000-01-strong-ref-problem",
            title: "the strong-reference problem",
            summary: "a plain dictionary keeps its values alive",
            run: runStrongRefProblem
        ),
        Chapter(
            name: "000-02-weak-ref",
            title: "weak references",
            summary: "a weak reference reads nil once its object is freed",
            run: runWeakRef
        ),
        Chapter(
            name: "000-03-weak-value-dict",
            title: "WeakValueDictionary",
            summary: "a get-or-create cache whose entry leaves with its value",
            run: runWeakValueDict
        ),
        Chapter(
            name: "000-04-weak-key-dict",
            title: "WeakKeyDictionary",
            summary: "metadata attached to an object without keeping it alive",
            run: runWeakKeyDict
        ),
        Chapter(
            name: "000-05-weak-set",
            title: "WeakSet",
            summary: "a set whose members leave when they die",
            run: runWeakSet
        ),
        Chapter(
            name: "000-06-callback",
            title: "callbacks on collection",
            summary: "a callback runs when the object goes",
            run: runCallback
        ),
        Chapter(
            name: "000-07-image-cache",
            title: "image cache",
            summary: "a WeakValueDictionary cache as a static property",
            run: runImageCache
        ),
        Chapter(
            name: "000-08-observer",
            title: "observer pattern",
            summary: "observers in a WeakSet get no message once gone",
            run: runObserver
        ),
        Chapter(
            name: "000-09-finalize-tempfile",
            title: "finalize a temporary file",
            summary: "a Finalizer created in init that captures only the path",
            run: runFinalizeTempFile
        ),
        Chapter(
            name: "000-10-limitations",
            title: "limitations",
            summary: "value types are rejected at compile time; every class instance works",
            run: runLimitations
        ),
        Chapter(
            name: "001-01-basic-example",
            title: "basic example",
            summary: "create a weak reference and read it",
            run: runBasicExample
        ),
        Chapter(
            name: "001-02-ref-cache",
            title: "a cache of weak references",
            summary: "a hand-rolled dictionary of WeakReferences",
            run: runRefCache
        ),
        Chapter(
            name: "002-01-basic-ref",
            title: "basic ref",
            summary: "descriptions of a live and a dead reference",
            run: runBasicRef
        ),
        Chapter(
            name: "002-02-ref-callbacks",
            title: "ref callbacks",
            summary: "callbacks registered 1, 3, 2 run Second, Third, First",
            run: runRefCallbacks
        ),
        Chapter(
            name: "002-03-getweakrefcount",
            title: "getweakrefcount and getweakrefs",
            summary: "weakReferenceCount(of:) and weakReferences(to:)",
            run: runGetWeakRefCount
        ),
        Chapter(
            name: "002-04-proxy",
            title: "proxy",
            summary: "WeakProxy, and ReferenceError after the object goes",
            run: runProxy
        ),
        Chapter(
            name: "002-05-proxy-callbacks",
            title: "proxy callbacks",
            summary: "proxy callbacks run most recent first",
            run: runProxyCallbacks
        ),
        Chapter(
            name: "002-06-weak-key-dict",
            title: "WeakKeyDictionary of employees",
            summary: "keyReferences(), a death, and merge",
            run: runWeakKeyDictEmployees
        ),
        Chapter(
            name: "002-07-weak-value-dict",
            title: "WeakValueDictionary of employees",
            summary: "valueReferences(), a death, and merge",
            run: runWeakValueDictEmployees
        ),
        Chapter(
            name: "002-08-weak-set",
            title: "WeakSet of employees",
            summary: "iteration in insertion order, a death, and insert",
            run: runWeakSetEmployees
        ),
        Chapter(
            name: "002-09-function-ref",
            title: "weak reference to a function",
            summary: "no weak function references in Swift: a WeakMethod instead",
            run: runFunctionRef
        ),
        Chapter(
            name: "002-10-function-proxy",
            title: "proxy to a function",
            summary: "a WeakMethod called like a callable proxy",
            run: runFunctionProxy
        ),
        Chapter(
            name: "002-11-weakmethod",
            title: "WeakMethod",
            summary: "a method bound weakly to its receiver",
            run: runWeakMethod
        ),
        Chapter(
            name: "002-12-finalize",
            title: "finalize",
            summary: "three finalizers, one detached; isAlive and runsAtExit",
            run: runFinalize
        ),
        Chapter(
            name: "003-01-list-typeerror",
            title: "weak reference to a list",
            summary: "an Array is rejected at compile time; wrap it in a class",
            run: runListTypeError
        ),
        Chapter(
            name: "003-exercise-cache",
            title: "exercise: a tiny object cache",
            summary: "three objects cached, two dropped, one remains",
            run: runExerciseCache
        ),
        Chapter(
            name: "004-01-refcount-test1",
            title: "reference counting",
            summary: "locals die when the function is done with them",
            run: runRefcountTest1
        ),
        Chapter(
            name: "004-02-cycles",
            title: "reference cycles",
            summary: "a cycle leaks; a weak back-link fixes it",
            run: runCycles
        ),
        Chapter(
            name: "004-03-cycles-gc-collect",
            title: "cycles and gc.collect()",
            summary: "Collector.collect() notices deaths but frees no cycle",
            run: runCyclesCollect
        ),
        Chapter(
            name: "004-04-weakref-demo",
            title: "weakref demo",
            summary: "a weak reference adds no strong count; check before use",
            run: runWeakrefDemo
        ),
        Chapter(
            name: "004-05-weak-value-cache",
            title: "weak value cache",
            summary: "a WeakValueDictionary emptied by obj = nil",
            run: runWeakValueCache
        ),
        Chapter(
            name: "004-06-weak-set-listeners",
            title: "WeakSet listeners",
            summary: "listeners in a WeakSet, one dropped",
            run: runWeakSetListeners
        ),
        Chapter(
            name: "004-07-publisher-subscriber",
            title: "publisher and subscriber",
            summary: "notify walks a snapshot of the live subscribers",
            run: runPublisherSubscriber
        ),
        Chapter(
            name: "004-08-ref-callback",
            title: "ref callback",
            summary: "the callback receives the same, now dead, reference",
            run: runRefCallback
        ),
        Chapter(
            name: "004-cycle-finder",
            title: "finding the cycle",
            summary: "RetainCycleFinder prints the n1/n2 cycle; a weak back-link leaves nothing to print",
            run: runCycleFinder
        ),
        Chapter(
            name: "concurrency",
            title: "weak references and Swift concurrency",
            summary: "a task bound to its owner, an awaited death, a stream of what died, the tier caveat",
            run: runConcurrency
        ),
        Chapter(
            name: "finalizer-at-exit",
            title: "finalizers at exit",
            summary: "check: exit finalizers print f4, f3, g1, f1 (run only by name)",
            isListed: false,
            run: runFinalizerAtExit
        ),
    ]
}
