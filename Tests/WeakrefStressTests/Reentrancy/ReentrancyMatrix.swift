import Foundation
import Synchronization
import Weakref

/// A value of the weak-keyed dictionaries that may own something (the victim of a death).
final class Holder: Equatable, CustomStringConvertible, @unchecked Sendable {
    let number: Int
    let owned: AnyObject?
    init(_ number: Int, owning owned: AnyObject? = nil) {
        self.number = number
        self.owned = owned
    }
    static func == (lhs: Holder, rhs: Holder) -> Bool { lhs.number == rhs.number }
    var description: String { "Holder(\(number))" }
}

/// A key of the weak-valued dictionaries that may own something. Equal and hashed by `id` only, so that
/// a probe without the owned object finds the entry and the stored key is the last owner.
struct OwningKey: Hashable, CustomStringConvertible, @unchecked Sendable {
    let id: Int
    let owned: AnyObject?
    init(_ id: Int, owning owned: AnyObject? = nil) {
        self.id = id
        self.owned = owned
    }
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
    var description: String { "k\(id)" }
}

/// A sequence that gives up the last strong reference to an object while it is being iterated, so that
/// the object dies in the middle of the operation that iterates it.
struct ReleasingSequence: Sequence, @unchecked Sendable {
    let elements: [StressObject]
    let doomed: Locked<StressObject?>

    func makeIterator() -> AnyIterator<StressObject> {
        var index = 0
        return AnyIterator {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            if index == 1 { _ = doomed.exchange(nil) }
            return elements[index]
        }
    }
}

/// Everything a re-entrant callback works on: two of each collection (index 0 is the one whose
/// operation causes the death, index 1 another), objects of both tiers the test keeps alive, and
/// references to them.
final class ReentrancyStructures: @unchecked Sendable {
    let sets = [WeakSet<StressObject>(), WeakSet<StressObject>()]
    let keyed = [WeakKeyDictionary<StressObject, Holder>(), WeakKeyDictionary<StressObject, Holder>()]
    let valued = [
        WeakValueDictionary<OwningKey, StressObject>(), WeakValueDictionary<OwningKey, StressObject>(),
    ]
    /// Operands, alive until the case ends: prompt, collected, prompt, collected.
    let keep: [StressObject]
    let finalizers: [Finalizer<StressObject>]
    /// Callbacks and actions of references made by the actions.
    let lateCallbacks = Atomic<Int>(0)
    /// Operations run inside callbacks.
    let nestedOperations = Atomic<Int>(0)

    init() {
        keep = [
            StressTier.prompt.make(), StressTier.collected.make(), StressTier.prompt.make(),
            StressTier.collected.make(),
        ]
        finalizers = keep.map { object in Finalizer(object) {} }
        refill()
    }

    /// Puts the kept objects back into every structure.
    func refill() {
        for index in 0..<2 {
            for (position, object) in keep.enumerated() {
                sets[index].insert(object)
                if keyed[index][object] == nil { keyed[index][object] = Holder(position) }
                valued[index][OwningKey(position)] = object
            }
        }
    }
}

/// One public operation, run on structure `index` (0: the one being operated on; 1: another one).
struct ReentrantAction: Sendable {
    let name: String
    let run: @Sendable (ReentrancyStructures, _ index: Int) -> Void

    init(_ name: String, _ run: @escaping @Sendable (ReentrancyStructures, Int) -> Void) {
        self.name = name
        self.run = run
    }

    /// Every public operation of the library.
    static let all: [ReentrantAction] =
        setActions + keyedActions + valuedActions + referenceActions + concurrencyActions

    private static func fresh(_ s: ReentrancyStructures) -> StressObject {
        (s.nestedOperations.load(ordering: .relaxed).isMultiple(of: 2) ? StressTier.prompt : .collected)
            .make()
    }

    static let setActions: [ReentrantAction] = [
        .init("WeakSet.insert") { s, i in
            s.sets[i].insert(s.keep[0])
            s.sets[i].insert(fresh(s))
        },
        .init("WeakSet.remove") { s, i in
            s.sets[i].remove(s.keep[1])
            s.sets[i].insert(s.keep[1])
        },
        .init("WeakSet.contains") { s, i in _ = s.sets[i].contains(s.keep[2]) },
        .init("WeakSet.count, isEmpty, allObjects") { s, i in
            _ = (s.sets[i].count, s.sets[i].isEmpty, s.sets[i].allObjects)
        },
        .init("WeakSet iteration") { s, i in
            for member in s.sets[i] {
                s.sets[i].remove(member)
                s.sets[i].insert(member)
            }
        },
        .init("WeakSet.popFirst, popLast") { s, i in
            if let member = s.sets[i].popFirst() { s.sets[i].insert(member) }
            if let member = s.sets[i].popLast() { s.sets[i].insert(member) }
        },
        .init("WeakSet union, intersection, subtracting, symmetricDifference") { s, i in
            let other = s.sets[1 - i]
            _ = s.sets[i].union(other).intersection(s.keep).subtracting([fresh(s)])
            _ = s.sets[i].symmetricDifference(other)
        },
        .init("WeakSet subset and superset predicates, ==") { s, i in
            let other = s.sets[1 - i]
            _ = s.sets[i].isSubset(of: other) || s.sets[i].isStrictSubset(of: s.keep)
            _ = s.sets[i].isSuperset(of: other) || s.sets[i].isStrictSuperset(of: s.keep)
            _ = s.sets[i].isDisjoint(with: [fresh(s)])
            _ = s.sets[i] == other
        },
        .init("WeakSet formUnion, formIntersection, subtract, formSymmetricDifference") { s, i in
            s.sets[i].formUnion(s.sets[1 - i])
            s.sets[i].formIntersection(s.keep + [fresh(s)])
            s.sets[i].subtract([fresh(s)])
            s.sets[i].formSymmetricDifference([fresh(s)])
        },
        .init("WeakSet filter, removeAll(where:), update(with:), reserveCapacity") { s, i in
            // The predicates call back into the set they select from.
            _ = s.sets[i].filter { s.sets[i].contains($0) && $0 !== s.keep[0] }
            s.sets[i].removeAll { $0 === s.keep[1] || s.sets[i].isEmpty }
            _ = s.sets[i].update(with: s.keep[1])
            _ = s.sets[i].update(with: fresh(s))
            s.sets[i].reserveCapacity(16)
        },
        .init("WeakSet copy, init, literal, description") { s, i in
            _ = s.sets[i].copy().description
            _ = WeakSet(s.sets[i])
            let literal: WeakSet<StressObject> = [s.keep[0], fresh(s)]
            _ = literal.count
        },
        .init("WeakSet.removeAll") { s, i in
            s.sets[i].removeAll()
            s.refill()
        },
    ]

    static let keyedActions: [ReentrantAction] = [
        .init("WeakKeyDictionary subscript get, set, set nil") { s, i in
            let key = fresh(s)
            s.keyed[i][key] = Holder(10)
            _ = s.keyed[i][key]
            s.keyed[i][key] = nil
            s.keyed[i][fresh(s)] = Holder(11)
        },
        .init("WeakKeyDictionary subscript(_:default:)") { s, i in
            _ = s.keyed[i][s.keep[0], default: Holder(12)]
            s.keyed[i][s.keep[1], default: Holder(13)] = Holder(1)
        },
        .init("WeakKeyDictionary value(forKey:insertingIfAbsent:), updateValue") { s, i in
            _ = s.keyed[i].value(forKey: s.keep[2], insertingIfAbsent: Holder(14))
            s.keyed[i].updateValue(Holder(3), forKey: s.keep[3])
        },
        .init("WeakKeyDictionary.removeValue") { s, i in
            let removed = s.keyed[i].removeValue(forKey: s.keep[0])
            s.keyed[i][s.keep[0]] = removed ?? Holder(0)
        },
        .init("WeakKeyDictionary count, isEmpty, contains, keys, values") { s, i in
            _ = (s.keyed[i].count, s.keyed[i].isEmpty, s.keyed[i].contains(key: s.keep[1]))
            _ = (s.keyed[i].keys, s.keyed[i].values)
        },
        .init("WeakKeyDictionary keyReferences, copy, init, literal, description, ==") { s, i in
            _ = s.keyed[i].keyReferences().map(\.isAlive)
            _ = s.keyed[i].copy() == WeakKeyDictionary(s.keyed[1 - i])
            let literal: WeakKeyDictionary<StressObject, Holder> = [s.keep[0]: Holder(0)]
            _ = literal.description + s.keyed[i].description
        },
        .init("WeakKeyDictionary iteration") { s, i in
            for (key, value) in s.keyed[i] {
                s.keyed[i][key] = nil
                s.keyed[i][key] = value
            }
        },
        .init("WeakKeyDictionary popFirst, popLast") { s, i in
            if let (key, value) = s.keyed[i].popFirst() { s.keyed[i][key] = value }
            if let (key, value) = s.keyed[i].popLast() { s.keyed[i][key] = value }
        },
        .init("WeakKeyDictionary merge") { s, i in
            s.keyed[i].merge([(fresh(s), Holder(15))])
            s.keyed[i].merge(s.keyed[1 - i])
        },
        .init("WeakKeyDictionary merge(uniquingKeysWith:), merging") { s, i in
            let dictionary = s.keyed[i]
            dictionary.merge([(s.keep[0], Holder(16)), (fresh(s), Holder(17))]) { current, new in
                dictionary[s.keep[1]] = Holder(18)
                return current.number < new.number ? new : current
            }
            _ = dictionary.merging(s.keyed[1 - i]) { _, new in new }
        },
        .init("WeakKeyDictionary filter, mapValues, compactMapValues, removeAll(where:)") { s, i in
            let dictionary = s.keyed[i]
            _ = dictionary.filter { dictionary.contains(key: $0.key) }
            _ = dictionary.mapValues { Holder($0.number + dictionary.count) }
            _ = dictionary.compactMapValues { $0.number == 0 ? nil : $0 }
            dictionary.removeAll { entry in
                dictionary[fresh(s)] = Holder(19)
                return entry.key === s.keep[2]
            }
            dictionary.reserveCapacity(16)
            s.refill()
        },
        .init("WeakKeyDictionary value(forKey:insertingIfAbsent:) building re-entrantly") { s, i in
            let dictionary = s.keyed[i]
            _ = dictionary.value(forKey: fresh(s), insertingIfAbsent: Holder(dictionary.count))
        },
        .init("WeakKeyDictionary.removeAll") { s, i in
            s.keyed[i].removeAll()
            s.refill()
        },
    ]

    static let valuedActions: [ReentrantAction] = [
        .init("WeakValueDictionary subscript get, set, set nil") { s, i in
            let object = fresh(s)
            s.valued[i][OwningKey(20)] = object
            _ = s.valued[i][OwningKey(20)]
            s.valued[i][OwningKey(20)] = nil
            s.valued[i][OwningKey(21)] = fresh(s)
        },
        .init("WeakValueDictionary subscript(_:default:)") { s, i in
            _ = s.valued[i][OwningKey(22), default: s.keep[0]]
            s.valued[i][OwningKey(1), default: s.keep[2]] = s.keep[1]
        },
        .init("WeakValueDictionary value(forKey:insertingIfAbsent:), updateValue") { s, i in
            _ = s.valued[i].value(forKey: OwningKey(2), insertingIfAbsent: s.keep[0])
            s.valued[i].updateValue(s.keep[3], forKey: OwningKey(3))
        },
        .init("WeakValueDictionary.removeValue") { s, i in
            let removed = s.valued[i].removeValue(forKey: OwningKey(0))
            s.valued[i][OwningKey(0)] = removed ?? s.keep[0]
        },
        .init("WeakValueDictionary count, isEmpty, contains, keys, values") { s, i in
            _ = (s.valued[i].count, s.valued[i].isEmpty, s.valued[i].contains(key: OwningKey(1)))
            _ = (s.valued[i].keys, s.valued[i].values)
        },
        .init("WeakValueDictionary valueReferences, copy, init, literal, description") { s, i in
            _ = s.valued[i].valueReferences().map(\.isAlive)
            _ = s.valued[i].copy().count + WeakValueDictionary(s.valued[1 - i]).count
            _ = WeakValueDictionary([OwningKey(23): s.keep[1]]).description + s.valued[i].description
        },
        .init("WeakValueDictionary iteration") { s, i in
            for (key, value) in s.valued[i] {
                s.valued[i][key] = nil
                s.valued[i][key] = value
            }
        },
        .init("WeakValueDictionary popFirst, popLast") { s, i in
            if let (key, value) = s.valued[i].popFirst() { s.valued[i][key] = value }
            if let (key, value) = s.valued[i].popLast() { s.valued[i][key] = value }
        },
        .init("WeakValueDictionary merge") { s, i in
            s.valued[i].merge([(OwningKey(24), fresh(s))])
            s.valued[i].merge([OwningKey(25): s.keep[3]])
            s.valued[i].merge(s.valued[1 - i])
        },
        .init("WeakValueDictionary merge(uniquingKeysWith:), merging") { s, i in
            let dictionary = s.valued[i]
            dictionary.merge([(OwningKey(1), s.keep[3]), (OwningKey(26), fresh(s))]) { current, new in
                dictionary[OwningKey(27)] = s.keep[0]
                return current === s.keep[1] ? current : new
            }
            _ = dictionary.merging([OwningKey(2): s.keep[2]]) { current, _ in current }
            _ = dictionary.merging(s.valued[1 - i]) { _, new in new }
        },
        .init("WeakValueDictionary filter, mapValues, compactMapValues, removeAll(where:)") { s, i in
            let dictionary = s.valued[i]
            _ = dictionary.filter { dictionary.contains(key: $0.key) }
            _ = dictionary.mapValues { _ in fresh(s) }
            _ = dictionary.compactMapValues { $0 === s.keep[0] ? nil : $0 }
            dictionary.removeAll { entry in
                dictionary[OwningKey(28)] = fresh(s)
                return entry.value === s.keep[2]
            }
            dictionary.reserveCapacity(16)
            s.refill()
        },
        .init("WeakValueDictionary value(forKey:insertingIfAbsent:) building re-entrantly") { s, i in
            let dictionary = s.valued[i]
            _ = dictionary.value(forKey: OwningKey(29), insertingIfAbsent: fresh(s))
        },
        .init("WeakValueDictionary.removeAll") { s, i in
            s.valued[i].removeAll()
            s.refill()
        },
    ]

    static let referenceActions: [ReentrantAction] = [
        .init("WeakReference") { s, i in
            let object = s.keep[i]
            let reference = WeakReference(object) { _ in s.lateCallbacks.add(1, ordering: .relaxed) }
            _ = (reference(), reference.object, reference.isAlive, reference == WeakReference(object))
            _ = reference.hashValue
            _ = reference.description
            // A reference to an object that dies at once: its callback runs (or waits for a collection).
            let doomed = WeakReference(fresh(s)) { _ in s.lateCallbacks.add(1, ordering: .relaxed) }
            _ = doomed.isAlive
        },
        .init("WeakProxy") { s, i in
            let object = s.keep[i + 2]
            let proxy = WeakProxy(object) { _ in s.lateCallbacks.add(1, ordering: .relaxed) }
            _ = try? proxy.id
            _ = try? proxy.target()
            try? proxy.set(\.note, to: 1)
            _ = (proxy.isAlive, proxy.description)
        },
        .init("WeakMethod") { s, i in
            let method = WeakMethod(s.keep[i], StressObject.offset) { _ in
                s.lateCallbacks.add(1, ordering: .relaxed)
            }
            _ = (method()?(1), method.isAlive, method.description)
            let asyncMethod = WeakAsyncMethod(s.keep[i + 2], StressObject.offsetLater) { _ in
                s.lateCallbacks.add(1, ordering: .relaxed)
            }
            _ = (asyncMethod() != nil, asyncMethod.isAlive, asyncMethod.description)
        },
        .init("Finalizer") { s, i in
            let finalizer = Finalizer(s.keep[i]) { s.lateCallbacks.add(1, ordering: .relaxed) }
            _ = (finalizer.peek(), finalizer.isAlive, finalizer.description)
            finalizer.runsAtExit = !finalizer.runsAtExit
            _ = finalizer()
            _ = s.finalizers[i].peek()
            _ = Finalizer(s.keep[i + 2]) {}.detach()
            Finalizer(fresh(s)) { s.lateCallbacks.add(1, ordering: .relaxed) }
        },
        .init("weakReferenceCount, weakReferences") { s, i in
            _ = weakReferenceCount(of: s.keep[i])
            _ = weakReferences(to: s.keep[i + 2]).map(\.description)
        },
        .init("Collector") { s, _ in
            Collector.collect()
            _ = Collector.isCollectingPeriodically
            // A period so long that it never collects before it is stopped.
            Collector.startPeriodicCollection(every: .seconds(3600))
            Collector.stopPeriodicCollection()
        },
    ]

    /// The concurrency entry points (issue 14): each subscribes or registers, and unsubscribes, at once.
    static let concurrencyActions: [ReentrantAction] = [
        .init("Deallocation") { s, i in
            let deallocation = Deallocation(of: s.keep[i])
            _ = deallocation.isComplete
            _ = Deallocation(of: fresh(s)).isComplete
        },
        .init("Task(boundTo:), cancel(whenDeallocated:)") { s, i in
            // A fresh owner: a task bound to a kept object would hold a `WeakReference` to it until the
            // task ends, racing the introspection checks of `expectConsistent`.
            Task(boundTo: fresh(s)) { owner in _ = owner() }
            let task = Task {}
            task.cancel(whenDeallocated: s.keep[i + 2])
            task.cancel(whenDeallocated: fresh(s))
        },
        .init("valuesOfDeallocatedKeys, keysOfDeallocatedValues") { s, i in
            // Subscribing and dropping the sequence unsubscribes at once.
            _ = s.keyed[i].valuesOfDeallocatedKeys()
            _ = s.valued[i].keysOfDeallocatedValues(bufferingPolicy: .bufferingNewest(0))
            s.keyed[i][fresh(s)] = Holder(16)
        },
    ]

    /// Runs every action on structure 0 and on structure 1.
    static func runAll(on structures: ReentrancyStructures) {
        for index in 0..<2 {
            for action in all {
                action.run(structures, index)
                structures.nestedOperations.add(1, ordering: .relaxed)
            }
        }
    }
}

/// The kind of registration whose user code runs at the victim's death.
enum ObserverKind: String, CaseIterable, Sendable {
    case reference, proxy, method, finalizer
    /// The cancellation handler of a task started with `Task(boundTo:)`, run by the owner's death.
    case boundTask
    /// The cancellation handler of a task bound with `cancel(whenDeallocated:)`.
    case taskCancelledAtDeath
}

/// An operation during which an object (the victim) dies.
struct ReentrancyTrigger: Sendable, CustomStringConvertible {
    let name: String
    /// Arranges for `victim` to die during `fire`: makes it owned by part of the structures (the caller
    /// drops its own reference right after), and returns the operation to run.
    let arrange: @Sendable (ReentrancyStructures, StressObject) -> @Sendable () -> Void

    var description: String { name }

    static let all: [ReentrancyTrigger] = [
        .init(name: "WeakKeyDictionary.removeValue releases a value") { s, victim in
            s.keyed[0][s.keep[0]] = Holder(0, owning: victim)
            return { s.keyed[0].removeValue(forKey: s.keep[0]) }
        },
        .init(name: "WeakKeyDictionary subscript overwrites a value") { s, victim in
            s.keyed[0][s.keep[1]] = Holder(1, owning: victim)
            return { s.keyed[0][s.keep[1]] = Holder(1) }
        },
        .init(name: "WeakKeyDictionary.updateValue overwrites a value") { s, victim in
            s.keyed[0][s.keep[0]] = Holder(0, owning: victim)
            return { s.keyed[0].updateValue(Holder(0), forKey: s.keep[0]) }
        },
        .init(name: "WeakKeyDictionary subscript set to nil") { s, victim in
            s.keyed[0][s.keep[0]] = Holder(0, owning: victim)
            return { s.keyed[0][s.keep[0]] = nil }
        },
        .init(name: "WeakKeyDictionary.merge overwrites a value") { s, victim in
            s.keyed[0][s.keep[2]] = Holder(2, owning: victim)
            return { s.keyed[0].merge([(s.keep[2], Holder(2))]) }
        },
        .init(name: "WeakKeyDictionary.removeAll") { s, victim in
            s.keyed[0][s.keep[0]] = Holder(0, owning: victim)
            return { s.keyed[0].removeAll() }
        },
        .init(name: "WeakKeyDictionary.popLast") { s, victim in
            s.keyed[0][s.keep[3]] = nil
            s.keyed[0][s.keep[3]] = Holder(3, owning: victim)
            return { _ = s.keyed[0].popLast() }
        },
        .init(name: "a prompt-tier key dies and its entry releases the value") { s, victim in
            let key = Locked<StressObject?>(StressTier.prompt.make())
            s.keyed[0][key.current!] = Holder(9, owning: victim)
            return { _ = key.exchange(nil) }
        },
        .init(name: "count purges a dead collected-tier key and releases the value") { s, victim in
            let key = Locked<StressObject?>(StressTier.collected.make())
            s.keyed[0][key.current!] = Holder(9, owning: victim)
            return {
                _ = key.exchange(nil)
                _ = s.keyed[0].count
            }
        },
        .init(name: "WeakValueDictionary.removeValue releases a key") { s, victim in
            s.valued[0][OwningKey(7, owning: victim)] = s.keep[0]
            return { s.valued[0].removeValue(forKey: OwningKey(7)) }
        },
        .init(name: "WeakValueDictionary subscript replaces a value and re-keys") { s, victim in
            s.valued[0][OwningKey(7, owning: victim)] = s.keep[0]
            return { s.valued[0][OwningKey(7)] = s.keep[1] }
        },
        .init(name: "WeakValueDictionary.removeAll") { s, victim in
            s.valued[0][OwningKey(7, owning: victim)] = s.keep[0]
            return { s.valued[0].removeAll() }
        },
        .init(name: "a prompt-tier value dies and its entry releases the key") { s, victim in
            let value = Locked<StressObject?>(StressTier.prompt.make())
            s.valued[0][OwningKey(7, owning: victim)] = value.current!
            return { _ = value.exchange(nil) }
        },
        .init(name: "WeakSet.isSuperset iterates a sequence that drops the victim") { s, victim in
            let sequence = ReleasingSequence(
                elements: [s.keep[0], s.keep[1], s.keep[2]], doomed: Locked(victim))
            return { _ = s.sets[0].isSuperset(of: sequence) }
        },
        .init(name: "WeakSet.formUnion iterates a sequence that drops the victim") { s, victim in
            let sequence = ReleasingSequence(elements: [s.keep[3], s.keep[1]], doomed: Locked(victim))
            return { s.sets[0].formUnion(sequence) }
        },
        .init(name: "a callback releases the object it captured") { s, victim in
            let carrier = Locked<StressObject?>(StressTier.prompt.make())
            let reference = WeakReference(carrier.current!) { _ in withExtendedLifetime(victim) {} }
            return {
                _ = carrier.exchange(nil)
                withExtendedLifetime(reference) {}
            }
        },
        .init(name: "dropping a reference releases its callback") { s, victim in
            let reference = Locked<WeakReference<StressObject>?>(
                WeakReference(s.keep[0]) { _ in withExtendedLifetime(victim) {} })
            return { _ = reference.exchange(nil) }
        },
        .init(name: "calling a finalizer releases its action") { s, victim in
            let finalizer = Finalizer(s.keep[2]) { withExtendedLifetime(victim) {} }
            return { _ = finalizer() }
        },
        .init(name: "Finalizer.detach hands back its action") { s, victim in
            let finalizer = Finalizer(s.keep[1]) { withExtendedLifetime(victim) {} }
            return { _ = finalizer.detach() }
        },
        .init(name: "a death stream drops the value of a dead key, which releases the victim") { s, victim in
            let key = Locked<StressObject?>(StressTier.prompt.make())
            // A buffer of none: the value is dropped, and released, inside the delivery.
            let stream = s.keyed[0].valuesOfDeallocatedKeys(bufferingPolicy: .bufferingNewest(0))
            s.keyed[0][key.current!] = Holder(9, owning: victim)
            return {
                _ = key.exchange(nil)
                withExtendedLifetime(stream) {}
            }
        },
        .init(name: "a death stream drops the key of a dead value, which releases the victim") { s, victim in
            let value = Locked<StressObject?>(StressTier.collected.make())
            let stream = s.valued[0].keysOfDeallocatedValues(bufferingPolicy: .bufferingNewest(0))
            s.valued[0][OwningKey(7, owning: victim)] = value.current!
            return {
                _ = value.exchange(nil)
                _ = s.valued[0].count  // purges the dead entry, whose key the stream drops
                withExtendedLifetime(stream) {}
            }
        },
        .init(name: "the last strong reference goes") { _, victim in
            let holder = Locked<StressObject?>(victim)
            return { _ = holder.exchange(nil) }
        },
    ]
}
