import Synchronization
import Testing
import Weakref

/// A key of the stressed `WeakValueDictionary`: the thread that owns it and a serial number.
struct StressKey: Hashable, Sendable, CustomStringConvertible {
    let thread: Int
    let serial: Int
    var description: String { "k\(thread).\(serial)" }
}

/// State shared by the threads of one collection stress test.
final class CollectionStressWorld: @unchecked Sendable {
    let threads: Int
    let anomalies = Anomalies()
    /// Objects handed from one thread to the next, to die there.
    let inboxes: [Locked<[StressObject]>]
    /// Objects every thread keeps for the whole test (both tiers), stored before the threads start and
    /// dropped after they finish.
    private(set) var anchors: [[StressObject]]
    /// Per thread: objects it dropped, to check once they are dead that no structure shows them.
    let graveyards: [Locked<[(id: Int, object: NativeWeak<StressObject>)]>]
    /// Per thread: a serial number for keys (touched only by that thread).
    let serials: [Locked<Int>]
    /// The values of the weak-keyed dictionary, counted so that none outlives its entry.
    let valueLives = LifeCounter()

    init(threads: Int, anchorsPerThread: Int = 4) {
        self.threads = threads
        inboxes = (0..<threads).map { _ in Locked([]) }
        anchors = (0..<threads).map { thread in
            (0..<anchorsPerThread).map { index in
                (index % 2 == 0 ? StressTier.prompt : .collected).make(thread: thread)
            }
        }
        allAnchorIDs = anchors.flatMap { $0.map(\.id) }
        graveyards = (0..<threads).map { _ in Locked([]) }
        serials = (0..<threads).map { _ in Locked(0) }
    }

    let allAnchorIDs: [Int]

    func dropAnchors() { anchors = [] }

    func nextSerial(thread: Int) -> Int {
        serials[thread].withLock { serial in
            serial += 1
            return serial
        }
    }

    /// Remembers `objects`, which the caller is about to drop.
    func bury(thread: Int, _ objects: [StressObject]) {
        let entries = objects.map { (id: $0.id, object: NativeWeak($0)) }
        graveyards[thread].withLock { $0.append(contentsOf: entries) }
    }

    /// Ids of buried objects that are dead now (and forgets them); the others stay buried.
    func confirmedDead(thread: Int) -> Set<Int> {
        graveyards[thread].withLock { graves in
            var dead: Set<Int> = []
            graves.removeAll { grave in
                guard grave.object.isDead else { return false }
                dead.insert(grave.id)
                return true
            }
            return dead
        }
    }

    /// Hands `object` to the next thread.
    func handOver(from thread: Int, _ object: StressObject) {
        inboxes[(thread + 1) % threads].append(object)
    }

    func quiesce(thread: Int) {
        let inherited = inboxes[thread].takeAll()
        bury(thread: thread, inherited)
    }

    /// Checks that `ids` (a snapshot of a structure's objects) has no duplicate and no confirmed-dead id.
    func checkSnapshot(_ ids: [Int], dead: Set<Int>, _ what: String) {
        anomalies.check(Set(ids).count == ids.count, "\(what): an object appears twice in \(ids)")
        let resurrected = ids.filter { dead.contains($0) }
        anomalies.check(resurrected.isEmpty, "\(what): dead objects \(resurrected) are visible")
    }
}

extension ReliabilitySuite {
    /// Issue 5, item 1: the three weak collections shared by every thread, with members of both tiers
    /// dying on every thread. Each thread checks what it owns exactly while the others mutate the same
    /// collection; at every checkpoint the contents, counts and storage are checked against the model
    /// (the anchors every thread keeps, in their insertion order) and no value outlives its entry.
    @Suite struct CollectionStressTests {
        @Test func weakSet() {
            let world = CollectionStressWorld(threads: StressConfiguration.threads)
            let set = WeakSet<StressObject>()
            let promptSet = WeakSet<PromptObject>()
            for object in world.anchors.joined() {
                set.insert(object)
                if let prompt = object as? PromptObject { promptSet.insert(prompt) }
            }
            let promptAnchorIDs = world.anchors.joined().filter { $0.tier == .prompt }.map(\.id)
            let baseline = LeakCounters.afterCollection
            StressHarness(name: "WeakSet").run(
                round: { context in weakSetRound(&context, world: world, set: set, promptSet: promptSet) },
                quiesce: { thread in world.quiesce(thread: thread) },
                verify: { thread in
                    guard thread == 0 else { return }
                    let members = set.allObjects.map(\.id)
                    world.anomalies.check(
                        members == world.allAnchorIDs, "WeakSet at a checkpoint: \(members), expected anchors"
                    )
                    world.anomalies.check(
                        set.count == members.count, "WeakSet: count disagrees with contents")
                    let census = set.census
                    world.anomalies.check(
                        census.deadEntries == 0 && census.tombstonesAreBounded(live: members.count),
                        "WeakSet after a collection: \(census)")
                    world.anomalies.check(
                        promptSet.allObjects.map(\.id) == promptAnchorIDs, "WeakSet<PromptObject>")
                    world.anomalies.check(
                        promptSet.census.tombstonesAreBounded(live: promptSet.count),
                        "WeakSet<PromptObject>: \(promptSet.census)")
                })
            world.anomalies.expectNone("WeakSet")
            finish(world: world, baseline: baseline, counts: { (set.count, set.storageCount) })
            #expect(promptSet.isEmpty && promptSet.storageCount == 0, "WeakSet<PromptObject> kept entries")
        }

        @Test func weakKeyDictionary() {
            let world = CollectionStressWorld(threads: StressConfiguration.threads)
            let dictionary = WeakKeyDictionary<StressObject, StressValue>()
            for object in world.anchors.joined() {
                dictionary[object] = StressValue(keyID: object.id, serial: 0, lives: world.valueLives)
            }
            let baseline = LeakCounters.afterCollection
            StressHarness(name: "WeakKeyDictionary").run(
                round: { context in weakKeyDictionaryRound(&context, world: world, dictionary: dictionary) },
                quiesce: { thread in world.quiesce(thread: thread) },
                verify: { thread in
                    guard thread == 0 else { return }
                    let pairs = Array(dictionary)
                    world.anomalies.check(
                        pairs.map(\.key.id) == world.allAnchorIDs,
                        "WeakKeyDictionary at a checkpoint: \(pairs.map(\.key.id)), expected anchors")
                    world.anomalies.check(
                        pairs.allSatisfy { $0.value.keyID == $0.key.id && $0.value.serial == 0 },
                        "WeakKeyDictionary: an anchor's value changed")
                    world.anomalies.check(dictionary.count == pairs.count, "WeakKeyDictionary: count")
                    let census = dictionary.census
                    world.anomalies.check(
                        census.deadEntries == 0 && census.tombstonesAreBounded(live: pairs.count),
                        "WeakKeyDictionary after a collection: \(census)")
                    // Every value removed, replaced or orphaned by its key's death has been released.
                    world.anomalies.check(
                        world.valueLives.live == pairs.count,
                        "WeakKeyDictionary: \(world.valueLives.live) values alive for \(pairs.count) entries")
                })
            world.anomalies.expectNone("WeakKeyDictionary")
            finish(world: world, baseline: baseline, counts: { (dictionary.count, dictionary.storageCount) })
            #expect(world.valueLives.live == 0, "values outlived their entries")
        }

        @Test func weakValueDictionary() {
            let world = CollectionStressWorld(threads: StressConfiguration.threads)
            let dictionary = WeakValueDictionary<StressKey, StressObject>()
            for object in world.anchors.joined() {
                dictionary[StressKey(thread: object.thread, serial: -object.id)] = object
            }
            let baseline = LeakCounters.afterCollection
            StressHarness(name: "WeakValueDictionary").run(
                round: { context in weakValueDictionaryRound(&context, world: world, dictionary: dictionary)
                },
                quiesce: { thread in world.quiesce(thread: thread) },
                verify: { thread in
                    guard thread == 0 else { return }
                    let pairs = Array(dictionary)
                    world.anomalies.check(
                        pairs.map(\.value.id) == world.allAnchorIDs,
                        "WeakValueDictionary at a checkpoint: \(pairs.map(\.value.id)), expected anchors")
                    world.anomalies.check(
                        pairs.allSatisfy { $0.key.serial == -$0.value.id },
                        "WeakValueDictionary: an anchor moved")
                    world.anomalies.check(dictionary.count == pairs.count, "WeakValueDictionary: count")
                    let census = dictionary.census
                    world.anomalies.check(
                        census.deadEntries == 0 && census.tombstonesAreBounded(live: pairs.count),
                        "WeakValueDictionary after a collection: \(census)")
                })
            world.anomalies.expectNone("WeakValueDictionary")
            finish(world: world, baseline: baseline, counts: { (dictionary.count, dictionary.storageCount) })
        }

        /// Drops the anchors, collects, and checks that the collection is empty with no storage left and
        /// that the library's registries are back to where they were.
        private func finish(
            world: CollectionStressWorld, baseline: LeakCounters, counts: () -> (count: Int, storage: Int),
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            world.dropAnchors()
            ReliabilityFigures.collect()
            let (count, storage) = counts()
            #expect(
                count == 0 && storage == 0, "\(count) entries in \(storage) slots",
                sourceLocation: sourceLocation)
            LeakCounters.current.expectEqual(
                to: baseline, "after the stress run", sourceLocation: sourceLocation)
        }
    }
}

/// One round of the `WeakSet` stress test on one thread.
private func weakSetRound(
    _ context: inout StressContext, world: CollectionStressWorld, set: WeakSet<StressObject>,
    promptSet: WeakSet<PromptObject>
) {
    let thread = context.thread
    let anomalies = world.anomalies
    let dead = world.confirmedDead(thread: thread)
    // Handed over by the previous thread: still members (nobody removes another thread's objects).
    let inherited = world.inboxes[thread].takeAll()
    for object in inherited {
        anomalies.check(set.contains(object), "WeakSet: a handed-over member vanished")
        if context.random.oneIn(2) { anomalies.check(same(set.remove(object), object), "WeakSet: remove") }
        context.did(2)
    }
    let fresh = (0..<6).map { _ in StressTier.pick(&context.random).make(thread: thread) }
    var kept: [StressObject] = []
    var removed: [StressObject] = []
    for object in fresh {
        let (inserted, member) = set.insert(object)
        anomalies.check(inserted && same(member, object), "WeakSet: inserting a new object")
        anomalies.check(!set.insert(object).inserted, "WeakSet: inserting a member twice")
        anomalies.check(set.contains(object), "WeakSet: a member is not contained")
        if let prompt = object as? PromptObject { promptSet.insert(prompt) }
        context.did(4)
        if context.random.oneIn(3) {
            anomalies.check(same(set.remove(object), object), "WeakSet: remove returned another object")
            anomalies.check(set.remove(object) == nil, "WeakSet: removed twice")
            anomalies.check(!set.contains(object), "WeakSet: contains a removed object")
            removed.append(object)
            context.did(3)
        } else {
            kept.append(object)
        }
    }
    let keptIDs = kept.map(\.id)
    let removedIDs = removed.map(\.id)
    // Set algebra between the shared set and local ones: what this thread owns is exact.
    anomalies.check(set.intersection(fresh).map(\.id) == keptIDs, "WeakSet: intersection")
    anomalies.check(set.isSuperset(of: kept), "WeakSet: isSuperset")
    anomalies.check(set.isDisjoint(with: removed), "WeakSet: isDisjoint")
    let local = WeakSet(fresh)
    anomalies.check(local.isStrictSuperset(of: kept) == !removed.isEmpty, "WeakSet: isStrictSuperset")
    local.subtract(set)
    anomalies.check(local.map(\.id) == removedIDs, "WeakSet: subtract a shared set")
    local.formUnion(kept)
    anomalies.check(local.map(\.id) == removedIDs + keptIDs, "WeakSet: formUnion")
    anomalies.check(WeakSet(kept).isSubset(of: set), "WeakSet: isSubset")
    anomalies.check(WeakSet(kept).isStrictSubset(of: set), "WeakSet: isStrictSubset (anchors are members)")
    anomalies.check(
        local.symmetricDifference(removed).map(\.id) == keptIDs, "WeakSet: symmetricDifference")
    anomalies.check(local.union(removed).count == fresh.count, "WeakSet: union")
    anomalies.check(local.subtracting(kept).map(\.id) == removedIDs, "WeakSet: subtracting")
    local.formIntersection(set)
    anomalies.check(local.map(\.id) == keptIDs, "WeakSet: formIntersection with a shared set")
    local.formSymmetricDifference(removed)
    anomalies.check(local.map(\.id) == keptIDs + removedIDs, "WeakSet: formSymmetricDifference")
    anomalies.check(local == WeakSet(fresh), "WeakSet: ==")
    if local.count >= 2 {
        anomalies.check(local.popFirst()?.id == keptIDs.first ?? removedIDs.first, "WeakSet: popFirst")
        anomalies.check(local.popLast()?.id == removedIDs.last ?? keptIDs.last, "WeakSet: popLast")
    }
    local.removeAll()
    anomalies.check(local.isEmpty && local.count == 0 && local.allObjects.isEmpty, "WeakSet: removeAll")
    context.did(20)
    // The whole shared set, while the other threads mutate it.
    let snapshot = set.allObjects.map(\.id)
    world.checkSnapshot(snapshot, dead: dead, "WeakSet")
    let present = Set(snapshot)
    anomalies.check(keptIDs.allSatisfy(present.contains), "WeakSet: a kept member is missing")
    anomalies.check(!removedIDs.contains(where: present.contains), "WeakSet: a removed object is listed")
    let anchors = world.anchors[thread].map(\.id)
    anomalies.check(snapshot.filter(Set(anchors).contains) == anchors, "WeakSet: anchors out of order")
    anomalies.check(set.count >= world.allAnchorIDs.count, "WeakSet: count below the anchors")
    var iterated = 0
    for member in set {
        iterated += 1
        anomalies.check(!dead.contains(member.id), "WeakSet: iteration yields a dead object")
    }
    world.checkSnapshot(promptSet.allObjects.map(\.id), dead: dead, "WeakSet<PromptObject>")
    context.did(5 + iterated)
    if context.random.oneIn(8) {
        ReliabilityFigures.collect()
        context.did()
    }
    if let object = kept.last, context.random.oneIn(2) { world.handOver(from: thread, object) }
    world.bury(thread: thread, fresh + inherited)
}

/// One round of the `WeakKeyDictionary` stress test on one thread.
private func weakKeyDictionaryRound(
    _ context: inout StressContext, world: CollectionStressWorld,
    dictionary: WeakKeyDictionary<StressObject, StressValue>
) {
    let thread = context.thread
    let anomalies = world.anomalies
    let lives = world.valueLives
    let dead = world.confirmedDead(thread: thread)
    func value(for key: StressObject) -> StressValue {
        StressValue(keyID: key.id, serial: world.nextSerial(thread: thread), lives: lives)
    }
    let inherited = world.inboxes[thread].takeAll()
    for key in inherited {
        anomalies.check(
            dictionary[key]?.keyID == key.id, "WeakKeyDictionary: a handed-over key lost its value")
        if context.random.oneIn(2) {
            anomalies.check(dictionary.removeValue(forKey: key)?.keyID == key.id, "WeakKeyDictionary: remove")
        }
        context.did(2)
    }
    let fresh = (0..<6).map { _ in StressTier.pick(&context.random).make(thread: thread) }
    var kept: [(key: StressObject, value: StressValue)] = []
    for key in fresh {
        anomalies.check(
            dictionary[key] == nil && !dictionary.contains(key: key), "WeakKeyDictionary: new key")
        let first = value(for: key)
        dictionary[key] = first
        anomalies.check(same(dictionary[key], first), "WeakKeyDictionary: subscript set/get")
        let second = value(for: key)
        anomalies.check(
            same(dictionary.updateValue(second, forKey: key), first), "WeakKeyDictionary: updateValue")
        anomalies.check(same(dictionary[key, default: value(for: key)], second), "WeakKeyDictionary: default")
        anomalies.check(
            same(dictionary.value(forKey: key, insertingIfAbsent: value(for: key)), second),
            "WeakKeyDictionary: value(forKey:insertingIfAbsent:) replaced a live value")
        anomalies.check(dictionary.contains(key: key), "WeakKeyDictionary: contains")
        context.did(7)
        switch context.random.next(4) {
        case 0:
            anomalies.check(
                same(dictionary.removeValue(forKey: key), second), "WeakKeyDictionary: removeValue")
            anomalies.check(dictionary[key] == nil, "WeakKeyDictionary: a removed key has a value")
            context.did(2)
        case 1:
            dictionary[key] = nil
            let third = value(for: key)
            anomalies.check(
                same(dictionary.value(forKey: key, insertingIfAbsent: third), third),
                "WeakKeyDictionary: value(forKey:insertingIfAbsent:) on an absent key")
            dictionary[key, default: value(for: key)] = second
            anomalies.check(same(dictionary[key], second), "WeakKeyDictionary: assigning through default")
            kept.append((key, second))
            context.did(4)
        default:
            kept.append((key, second))
        }
    }
    // Every pair is consistent (a value always belongs to its key), and no dead key is visible.
    var keys: [Int] = []
    for (key, value) in dictionary {
        keys.append(key.id)
        anomalies.check(value.keyID == key.id, "WeakKeyDictionary: \(key) paired with another key's value")
    }
    world.checkSnapshot(keys, dead: dead, "WeakKeyDictionary")
    world.checkSnapshot(dictionary.keys.map(\.id), dead: dead, "WeakKeyDictionary.keys")
    let present = Set(keys)
    anomalies.check(
        kept.allSatisfy { present.contains($0.key.id) }, "WeakKeyDictionary: a kept key is missing")
    anomalies.check(dictionary.values.count >= world.allAnchorIDs.count, "WeakKeyDictionary: values")
    anomalies.check(
        dictionary.count >= world.allAnchorIDs.count, "WeakKeyDictionary: count below the anchors")
    // Copies, merges and pops on local dictionaries.
    let copy = dictionary.copy()
    anomalies.check(
        kept.allSatisfy { same(copy[$0.key], $0.value) }, "WeakKeyDictionary: copy lost an own entry")
    let local = WeakKeyDictionary<StressObject, StressValue>()
    local.merge(kept.map { ($0.key, $0.value) })
    let other = WeakKeyDictionary<StressObject, StressValue>(
        kept.reversed().map { ($0.key, value(for: $0.key)) })
    local.merge(other)
    anomalies.check(local.keys.map(\.id) == kept.map(\.key.id), "WeakKeyDictionary: merge keeps positions")
    anomalies.check(
        kept.allSatisfy { same(local[$0.key], other[$0.key]) }, "WeakKeyDictionary: merge replaces values")
    if kept.count >= 2 {
        anomalies.check(local.popFirst()?.key.id == kept.first?.key.id, "WeakKeyDictionary: popFirst")
        anomalies.check(local.popLast()?.key.id == kept.last?.key.id, "WeakKeyDictionary: popLast")
    }
    let references = local.keyReferences()
    anomalies.check(references.allSatisfy(\.isAlive), "WeakKeyDictionary: keyReferences to held keys")
    local.removeAll()
    anomalies.check(local.isEmpty && local.count == 0, "WeakKeyDictionary: removeAll")
    context.did(12 + keys.count)
    if context.random.oneIn(8) {
        ReliabilityFigures.collect()
        context.did()
    }
    if let (key, _) = kept.last, context.random.oneIn(2) { world.handOver(from: thread, key) }
    world.bury(thread: thread, fresh + inherited)
}

/// One round of the `WeakValueDictionary` stress test on one thread.
private func weakValueDictionaryRound(
    _ context: inout StressContext, world: CollectionStressWorld,
    dictionary: WeakValueDictionary<StressKey, StressObject>
) {
    let thread = context.thread
    let anomalies = world.anomalies
    let dead = world.confirmedDead(thread: thread)
    func make() -> StressObject { StressTier.pick(&context.random).make(thread: thread) }
    // Handed-over objects are values under their creator's keys: find them through the snapshot.
    let inherited = world.inboxes[thread].takeAll()
    if !inherited.isEmpty {
        let ids = Set(inherited.map(\.id))
        for (key, value) in dictionary where ids.contains(value.id) {
            anomalies.check(same(dictionary[key], value), "WeakValueDictionary: a handed-over value moved")
            if context.random.oneIn(2) {
                anomalies.check(
                    same(dictionary.removeValue(forKey: key), value), "WeakValueDictionary: remove")
            }
            context.did(2)
        }
    }
    var made: [StressObject] = []
    var kept: [(key: StressKey, value: StressObject)] = []
    for _ in 0..<4 {
        let key = StressKey(thread: thread, serial: world.nextSerial(thread: thread))
        let first = make()
        let second = make()
        made += [first, second]
        anomalies.check(
            dictionary[key] == nil && !dictionary.contains(key: key), "WeakValueDictionary: new key")
        dictionary[key] = first
        anomalies.check(same(dictionary[key], first), "WeakValueDictionary: subscript set/get")
        anomalies.check(
            same(dictionary.updateValue(second, forKey: key), first), "WeakValueDictionary: updateValue")
        anomalies.check(same(dictionary[key, default: first], second), "WeakValueDictionary: default")
        anomalies.check(
            same(dictionary.value(forKey: key, insertingIfAbsent: first), second),
            "WeakValueDictionary: value(forKey:insertingIfAbsent:) replaced a live value")
        anomalies.check(dictionary.contains(key: key), "WeakValueDictionary: contains")
        context.did(7)
        switch context.random.next(4) {
        case 0:
            anomalies.check(
                same(dictionary.removeValue(forKey: key), second), "WeakValueDictionary: removeValue")
            anomalies.check(dictionary[key] == nil, "WeakValueDictionary: a removed key has a value")
            context.did(2)
        case 1:
            dictionary[key] = nil
            anomalies.check(
                same(dictionary.value(forKey: key, insertingIfAbsent: first), first),
                "WeakValueDictionary: value(forKey:insertingIfAbsent:) on an absent key")
            dictionary[key, default: second] = second
            anomalies.check(same(dictionary[key], second), "WeakValueDictionary: assigning through default")
            kept.append((key, second))
            context.did(4)
        default:
            kept.append((key, second))
        }
    }
    // Every pair is consistent (values are stored only under their creator's keys); no dead value.
    var values: [Int] = []
    for (key, value) in dictionary {
        values.append(value.id)
        anomalies.check(
            value.thread == key.thread, "WeakValueDictionary: \(key) holds another thread's value")
    }
    world.checkSnapshot(values, dead: dead, "WeakValueDictionary")
    world.checkSnapshot(dictionary.values.map(\.id), dead: dead, "WeakValueDictionary.values")
    let present = Set(values)
    anomalies.check(
        kept.allSatisfy { present.contains($0.value.id) }, "WeakValueDictionary: a kept value is missing")
    anomalies.check(dictionary.keys.count >= world.allAnchorIDs.count, "WeakValueDictionary: keys")
    anomalies.check(
        dictionary.count >= world.allAnchorIDs.count, "WeakValueDictionary: count below the anchors")
    let copy = dictionary.copy()
    anomalies.check(
        kept.allSatisfy { same(copy[$0.key], $0.value) }, "WeakValueDictionary: copy lost an own entry")
    let local = WeakValueDictionary<StressKey, StressObject>()
    local.merge(kept.map { ($0.key, $0.value) })
    local.merge(Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) }))
    local.merge(WeakValueDictionary(kept.reversed().map { ($0.key, $0.value) }))
    anomalies.check(local.keys == kept.map(\.key), "WeakValueDictionary: merge keeps positions")
    if kept.count >= 2 {
        anomalies.check(local.popFirst()?.key == kept.first?.key, "WeakValueDictionary: popFirst")
        anomalies.check(local.popLast()?.key == kept.last?.key, "WeakValueDictionary: popLast")
    }
    anomalies.check(local.valueReferences().allSatisfy(\.isAlive), "WeakValueDictionary: valueReferences")
    local.removeAll()
    anomalies.check(local.isEmpty && local.count == 0, "WeakValueDictionary: removeAll")
    context.did(14 + values.count)
    if context.random.oneIn(8) {
        ReliabilityFigures.collect()
        context.did()
    }
    if let (_, value) = kept.last, context.random.oneIn(2) { world.handOver(from: thread, value) }
    world.bury(thread: thread, made + inherited)
}
