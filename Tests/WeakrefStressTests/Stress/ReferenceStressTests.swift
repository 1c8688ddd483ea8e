import Synchronization
import Testing
import Weakref

/// The shared state of one reference stress test.
final class ReferenceStressWorld: @unchecked Sendable {
    let threads: Int
    let anomalies = Anomalies()
    /// Each thread's registrations since the last checkpoint (touched only by that thread).
    let ledgers: [Ledger]
    /// Registrations made inside a dying object's `deinit`, on whichever thread it died.
    let bornDead = Locked<[Registration]>([])
    /// Objects handed from one thread to the next, to die there.
    let inboxes: [Locked<[StressObject]>]
    /// Weak references to the objects each thread holds, for the other threads to reach them.
    let board: Locked<[WeakReference<StressObject>?]>
    /// Finalizers published for the other threads to call while their objects die.
    let finalizerBoard: Locked<[(Finalizer<StressObject>, CallbackProbe)?]>
    /// The tokens callbacks and actions capture: every one must be released by the end.
    let captures = LifeCounter()
    static let slotsPerThread = 4

    init(threads: Int) {
        self.threads = threads
        ledgers = (0..<threads).map { _ in Ledger() }
        inboxes = (0..<threads).map { _ in Locked([]) }
        board = Locked(Array(repeating: nil, count: threads * Self.slotsPerThread))
        finalizerBoard = Locked(Array(repeating: nil, count: threads * Self.slotsPerThread))
    }

    /// Publishes weak references to up to `slotsPerThread` of `objects`; releases the old ones here.
    func publish(thread: Int, _ objects: [StressObject]) {
        let references = objects.prefix(Self.slotsPerThread).map { WeakReference($0) }
        let old = board.withLock { slots -> [WeakReference<StressObject>?] in
            var old: [WeakReference<StressObject>?] = []
            for index in 0..<Self.slotsPerThread {
                let slot = thread * Self.slotsPerThread + index
                old.append(slots[slot])
                slots[slot] = index < references.count ? references[index] : nil
            }
            return old
        }
        _ = old
    }

    /// A strong reference to an object another thread published, if it is still alive.
    func visit(_ context: inout StressContext) -> StressObject? {
        guard threads > 1 else { return nil }
        let other = (context.thread + 1 + context.random.next(threads - 1)) % threads
        let slot = other * Self.slotsPerThread + context.random.next(Self.slotsPerThread)
        let reference = board.withLock { $0[slot] }
        context.did()
        return reference?()
    }

    /// Drops what `thread` still holds or published.
    func quiesce(thread: Int) {
        _ = inboxes[thread].takeAll()
        publish(thread: thread, [])
        let old = finalizerBoard.withLock { slots in
            (0..<Self.slotsPerThread).map { index in
                let slot = thread * Self.slotsPerThread + index
                defer { slots[slot] = nil }
                return slots[slot]
            }
        }
        _ = old
    }

    /// Checks `thread`'s registrations (and thread 0 the born-dead ones).
    func verify(thread: Int) {
        ledgers[thread].verifyAll()
        if thread == 0 {
            for registration in bornDead.takeAll() { registration.verify() }
        }
    }
}

/// A kind of reference under stress: how to register one on a live object, and from inside a `deinit`.
struct ReferenceKind: Sendable {
    let name: String
    /// Registers on `object`, which the caller holds, and records the registration in the caller's
    /// ledger. `visiting` is true when `object` belongs to another thread.
    let register:
        @Sendable (StressObject, inout StressContext, _ visiting: Bool, ReferenceStressWorld) -> Void
    /// Registers on an object whose `deinit` is running: the registration is born dead.
    let registerWhileDying: @Sendable (StressObject, ReferenceStressWorld) -> Void
    /// Something else to do in a visited thread's round (finalizers: call a published finalizer).
    var visitExtra: @Sendable (inout StressContext, ReferenceStressWorld) -> Void = { _, _ in }
}

extension ReliabilitySuite {
    /// Issue 5, item 1: every reference type under threads, with objects of both tiers dying on every
    /// thread. Each callback (finalizer action) runs exactly once, or never for a reference dropped,
    /// detached or born dead before its referent died; checked exactly at every checkpoint.
    @Suite struct ReferenceStressTests {
        @Test func weakReference() {
            stress(.weakReference)
        }

        @Test func weakProxy() {
            stress(.weakProxy)
        }

        @Test func weakMethod() {
            stress(.weakMethod)
        }

        @Test func finalizer() {
            stress(.finalizer)
        }

        private func stress(_ kind: ReferenceKind) {
            let world = ReferenceStressWorld(threads: StressConfiguration.threads)
            let registryBefore = LeakCounters.afterCollection
            StressHarness(name: kind.name).run(
                round: { context in referenceRound(&context, kind: kind, world: world) },
                quiesce: { thread in world.quiesce(thread: thread) },
                verify: { thread in world.verify(thread: thread) })
            world.anomalies.expectNone(kind.name)
            // Every callback and action was released with its reference, finalizer or delivery.
            #expect(world.captures.live == 0, "\(kind.name): captured tokens still alive")
            _ = ReliabilityFigures.collect()
            LeakCounters.current.expectEqual(to: registryBefore, kind.name)
        }
    }
}

/// One round of a reference stress test on one thread.
private func referenceRound(_ context: inout StressContext, kind: ReferenceKind, world: ReferenceStressWorld)
{
    let thread = context.thread
    // Objects handed over by the previous thread die here, at the end of this round (or later).
    var held = world.inboxes[thread].takeAll()
    for _ in 0..<4 {
        let object = StressTier.pick(&context.random).make(thread: thread)
        if context.random.oneIn(4) {
            object.onDeinit = { dying in kind.registerWhileDying(dying, world) }
        }
        held.append(object)
    }
    for object in held { kind.register(object, &context, false, world) }
    world.publish(thread: thread, held)
    context.did()
    // Other threads' objects, kept to the end of the round (the last release may then happen here) but
    // never handed over: only the thread that holds an object as its own writes to it.
    var visitedAndKept: [StressObject] = []
    for _ in 0..<2 {
        guard let visited = world.visit(&context) else { continue }
        kind.register(visited, &context, true, world)
        if context.random.oneIn(2) { visitedAndKept.append(visited) }
    }
    kind.visitExtra(&context, world)
    if context.random.oneIn(6) {
        ReliabilityFigures.collect()
        context.did()
    }
    if context.random.oneIn(2), let object = held.popLast() {
        world.inboxes[(thread + 1) % world.threads].append(object)
    }
    // `held` and `visitedAndKept` are released here: prompt-tier objects whose last reference they held
    // die on this thread.
    withExtendedLifetime(visitedAndKept) {}
}

extension ReferenceKind {
    static let weakReference = ReferenceKind(
        name: "WeakReference",
        register: { object, context, visiting, world in
            let probe = CallbackProbe("WeakReference to \(object)", anomalies: world.anomalies)
            let token = CaptureToken(world.captures)
            let reference = WeakReference(object) { dead in
                withExtendedLifetime(token) {}
                probe.callbackRan(received: dead, referentIsAlive: dead() != nil)
            }
            probe.expect(reference)
            let plain = WeakReference(object)
            let anomalies = world.anomalies
            anomalies.check(same(reference(), object), "WeakReference: does not yield its live referent")
            anomalies.check(reference.isAlive, "WeakReference: not alive while its referent is")
            anomalies.check(plain == reference, "WeakReference: two references to one live object differ")
            anomalies.check(plain.hashValue == reference.hashValue, "WeakReference: hash differs")
            anomalies.check(
                weakReferences(to: object).contains { $0 === reference },
                "WeakReference: weakReferences(to:) misses a live reference")
            anomalies.check(weakReferenceCount(of: object) >= 2, "WeakReference: weakReferenceCount too low")
            // Counted above: an optimizer free to end lifetimes at last use would drop it earlier.
            withExtendedLifetime(plain) {}
            anomalies.check(
                reference.description.hasPrefix("<weakref at 0x"), "WeakReference: description")
            context.did(9)
            let ledger = world.ledgers[context.thread]
            if !visiting, context.random.oneIn(3) {
                // Dropped while its referent is alive (the caller holds it): its callback never runs.
                ledger.add(Registration(probe: probe, expectation: .never, referent: object, reference: nil))
            } else {
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object, reference: reference,
                        afterDeath: {
                            reference() == nil && !reference.isAlive
                                && reference.description.hasSuffix("; dead>")
                                && reference == reference
                        }))
            }
        },
        registerWhileDying: { dying, world in
            let probe = CallbackProbe("WeakReference made in deinit", anomalies: world.anomalies)
            let reference = WeakReference(dying) { dead in
                probe.callbackRan(received: dead, referentIsAlive: dead() != nil)
            }
            world.anomalies.check(
                !reference.isAlive && reference() == nil, "WeakReference: born alive in deinit")
            world.bornDead.append(
                Registration(probe: probe, expectation: .never, referent: nil, reference: reference))
        })

    static let weakProxy = ReferenceKind(
        name: "WeakProxy",
        register: { object, context, visiting, world in
            let probe = CallbackProbe("WeakProxy to \(object)", anomalies: world.anomalies)
            let token = CaptureToken(world.captures)
            let proxy = WeakProxy(object) { dead in
                withExtendedLifetime(token) {}
                probe.callbackRan(received: dead, referentIsAlive: dead.isAlive)
            }
            probe.expect(proxy)
            let anomalies = world.anomalies
            anomalies.check((try? proxy.id) == object.id, "WeakProxy: member read failed on a live object")
            anomalies.check(same(try? proxy.target(), object), "WeakProxy: target() is not the referent")
            anomalies.check(proxy.isAlive, "WeakProxy: not alive while its referent is")
            anomalies.check(proxy.description.hasPrefix("<weakproxy at 0x"), "WeakProxy: description")
            context.did(5)
            if !visiting {
                // Only the thread that holds an object as its own writes `note`.
                do {
                    try proxy.set(\.note, to: context.round)
                    anomalies.check(object.note == context.round, "WeakProxy: set(_:to:) did not write")
                } catch {
                    anomalies.check(false, "WeakProxy: set(_:to:) threw on a live object")
                }
                context.did()
            }
            let ledger = world.ledgers[context.thread]
            if !visiting, context.random.oneIn(3) {
                ledger.add(Registration(probe: probe, expectation: .never, referent: object, reference: nil))
            } else {
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object, reference: proxy,
                        afterDeath: {
                            guard !proxy.isAlive, proxy.description.hasSuffix("; dead>") else { return false }
                            do {
                                _ = try proxy.target()
                                return false
                            } catch {
                                return (try? proxy.id) == nil
                            }
                        }))
            }
        },
        registerWhileDying: { dying, world in
            let probe = CallbackProbe("WeakProxy made in deinit", anomalies: world.anomalies)
            let proxy = WeakProxy(dying) { dead in
                probe.callbackRan(received: dead, referentIsAlive: dead.isAlive)
            }
            world.anomalies.check(!proxy.isAlive, "WeakProxy: born alive in deinit")
            world.bornDead.append(
                Registration(probe: probe, expectation: .never, referent: nil, reference: proxy))
        })

    static let weakMethod = ReferenceKind(
        name: "WeakMethod",
        register: { object, context, visiting, world in
            let probe = CallbackProbe("WeakMethod of \(object)", anomalies: world.anomalies)
            let token = CaptureToken(world.captures)
            let method = WeakMethod(object, StressObject.offset) { dead in
                withExtendedLifetime(token) {}
                probe.callbackRan(received: dead, referentIsAlive: dead.isAlive)
            }
            probe.expect(method)
            let anomalies = world.anomalies
            anomalies.check(method()?(1) == object.id + 1, "WeakMethod: bound call failed on a live object")
            anomalies.check(method.isAlive, "WeakMethod: not alive while its receiver is")
            anomalies.check(
                same(method()?.receiver, object), "WeakMethod: the bound method's receiver is not the object")
            context.did(4)
            let ledger = world.ledgers[context.thread]
            if !visiting, context.random.oneIn(3) {
                ledger.add(Registration(probe: probe, expectation: .never, referent: object, reference: nil))
            } else {
                // `WeakMethod` is not `Sendable` (it stores a non-`@Sendable` method); this one's method is an
                // unapplied method reference, which captures nothing.
                let box = UncheckedSendable(method)
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object, reference: method,
                        afterDeath: { box.value() == nil && !box.value.isAlive }))
            }
        },
        registerWhileDying: { dying, world in
            let probe = CallbackProbe("WeakMethod made in deinit", anomalies: world.anomalies)
            let method = WeakMethod(dying, StressObject.offset) { dead in
                probe.callbackRan(received: dead, referentIsAlive: dead.isAlive)
            }
            world.anomalies.check(!method.isAlive && method() == nil, "WeakMethod: born alive in deinit")
            world.bornDead.append(
                Registration(probe: probe, expectation: .never, referent: nil, reference: method))
        })

    static let finalizer = ReferenceKind(
        name: "Finalizer",
        register: { object, context, visiting, world in
            let probe = CallbackProbe("Finalizer for \(object)", anomalies: world.anomalies)
            let token = CaptureToken(world.captures)
            let finalizer = Finalizer(object) {
                withExtendedLifetime(token) {}
                probe.actionRan()
            }
            let anomalies = world.anomalies
            anomalies.check(finalizer.isAlive, "Finalizer: not alive while its object is")
            anomalies.check(same(finalizer.peek()?.object, object), "Finalizer: peek() lost the object")
            anomalies.check(
                finalizer.description.hasPrefix("<finalize object at 0x"), "Finalizer: description")
            context.did(4)
            let ledger = world.ledgers[context.thread]
            let deadState: @Sendable () -> Bool = {
                !finalizer.isAlive && finalizer.peek() == nil && finalizer.detach() == nil && !finalizer()
                    && !finalizer.runsAtExit
            }
            switch visiting ? 0 : context.random.next(4) {
            case 1:
                // Run explicitly: exactly once now, never again at death.
                anomalies.check(finalizer(), "Finalizer: an explicit call on a live finalizer did not run")
                anomalies.check(probe.timesFired == 1, "Finalizer: the explicit call did not run the action")
                anomalies.check(!finalizer(), "Finalizer: a second explicit call ran again")
                context.did(2)
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object, reference: finalizer,
                        afterDeath: deadState))
            case 2:
                // Detached: the action is handed back and never runs.
                let detached = finalizer.detach()
                anomalies.check(same(detached?.object, object), "Finalizer: detach() lost the object")
                anomalies.check(!finalizer.isAlive, "Finalizer: alive after detach()")
                context.did(2)
                ledger.add(
                    Registration(
                        probe: probe, expectation: .never, referent: object, reference: finalizer,
                        afterDeath: deadState))
            case 3:
                // Published: other threads call it while its object dies; it runs exactly once.
                finalizer.runsAtExit = false
                anomalies.check(!finalizer.runsAtExit, "Finalizer: runsAtExit did not change")
                let slot =
                    context.thread * ReferenceStressWorld.slotsPerThread
                    + context.random.next(ReferenceStressWorld.slotsPerThread)
                let old = world.finalizerBoard.withLock { slots in
                    defer { slots[slot] = (finalizer, probe) }
                    return slots[slot]
                }
                _ = old
                context.did(2)
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object, reference: finalizer,
                        afterDeath: { deadState() && probe.timesRunExplicitly <= 1 }))
            default:
                // Left alone, even dropped: it runs at its object's death.
                ledger.add(
                    Registration(
                        probe: probe, expectation: .exactlyOnce, referent: object,
                        reference: context.random.oneIn(2) ? finalizer : nil, afterDeath: { true }))
            }
        },
        registerWhileDying: { dying, world in
            let probe = CallbackProbe("Finalizer made in deinit", anomalies: world.anomalies)
            let finalizer = Finalizer(dying) { probe.actionRan() }
            world.anomalies.check(!finalizer.isAlive && !finalizer(), "Finalizer: born alive in deinit")
            world.bornDead.append(
                Registration(probe: probe, expectation: .never, referent: nil, reference: finalizer))
        },
        visitExtra: { context, world in
            guard world.threads > 1 else { return }
            let other = (context.thread + 1 + context.random.next(world.threads - 1)) % world.threads
            let slot =
                other * ReferenceStressWorld.slotsPerThread
                + context.random.next(ReferenceStressWorld.slotsPerThread)
            guard let (finalizer, probe) = world.finalizerBoard.withLock({ $0[slot] }) else { return }
            if finalizer() { probe.ranExplicitly() }
            context.did()
        })
}
