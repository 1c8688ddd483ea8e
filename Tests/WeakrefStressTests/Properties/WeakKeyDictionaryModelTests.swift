import PropertyBased
import Testing
import Weakref

/// One step of a random `WeakKeyDictionary` sequence. `slot` picks a key object of the pool; `number`
/// (0–3) is the value to store, or the tier of a new object for `make` (even: prompt, odd: collected).
struct WeakKeyDictionaryStep: CustomStringConvertible, Sendable {
    enum Operation: String, CaseIterable, Sendable {
        case make, drop, set, update, get, remove, setNil, insertIfAbsent, setThroughDefault, contains
        case storeInOther, collect, iterate, popFirst, popLast, removeAll, mergeOther, mergePairs, copy
    }

    let operation: Operation
    let slot: Int
    let number: Int

    var description: String {
        switch operation {
        case .make: "make(#\(slot), \(number.isMultiple(of: 2) ? "prompt" : "collected"))"
        case .set, .update, .insertIfAbsent, .setThroughDefault, .storeInOther, .mergePairs:
            "\(operation)(#\(slot), \(number))"
        case .drop, .get, .remove, .setNil, .contains: "\(operation)(#\(slot))"
        default: "\(operation)"
        }
    }
}

extension ReliabilitySuite {
    /// Issue 5, item 3: random sequences on a `WeakKeyDictionary` (and a second one to merge from)
    /// against an ordered dictionary model. After every step the pairs, their order, `count`, `keys`,
    /// `values` and every pooled key's lookup agree; after a collection the values of dead keys have
    /// been released and no storage is left for them.
    @Suite struct WeakKeyDictionaryModelTests {
        @Test func weakKeyDictionaryAgreesWithItsModel() async {
            await propertyCheck(
                count: StressConfiguration.propertyRuns,
                input: stepSequences(WeakKeyDictionaryStep.Operation.self) {
                    WeakKeyDictionaryStep(operation: $0, slot: $1, number: $2)
                }
            ) { steps in
                WeakKeyDictionaryModel().run(steps)
            }
        }
    }
}

/// A value that counts its lives, so that a collection can prove it released the values of dead keys.
final class ModelValue: Sendable, CustomStringConvertible {
    let number: Int
    private let lives: LifeCounter
    init(_ number: Int, lives: LifeCounter) {
        self.number = number
        self.lives = lives
        lives.created()
    }
    deinit { lives.destroyed() }
    var description: String { "\(number)" }
}

/// A `WeakKeyDictionary` pair and their model.
final class WeakKeyDictionaryModel {
    typealias Dictionary = WeakKeyDictionary<StressObject, ModelValue>
    var pool = ModelPool()
    let lives = LifeCounter()
    let dictionary = Dictionary()
    let other = Dictionary()
    /// The model: live keys' ids with their values' numbers, in insertion order.
    var entries: [(id: Int, number: Int)] = []
    var otherEntries: [(id: Int, number: Int)] = []

    func run(_ steps: [WeakKeyDictionaryStep]) {
        runModel(steps, apply: apply, observe: observe)
    }

    private func value(_ number: Int) -> ModelValue { ModelValue(number, lives: lives) }

    private func modelValue(_ id: Int) -> Int? { entries.first { $0.id == id }?.number }

    /// Stores in the model: replaces in place or appends.
    private static func store(_ id: Int, _ number: Int, in entries: inout [(id: Int, number: Int)]) {
        if let index = entries.firstIndex(where: { $0.id == id }) {
            entries[index].number = number
        } else {
            entries.append((id, number))
        }
    }

    private func apply(_ step: WeakKeyDictionaryStep, _ checks: inout ModelChecks) {
        let number = step.number
        switch step.operation {
        case .make:
            pool.make(step.slot, tier: number.isMultiple(of: 2) ? .prompt : .collected)
        case .drop:
            if let id = pool.drop(step.slot) {
                checks.check(!pool.isAlive(id), "the pool held the last reference (test bug)")
            }
        case .set:
            guard let key = pool[step.slot] else { return }
            dictionary[key] = value(number)
            Self.store(key.id, number, in: &entries)
        case .update:
            guard let key = pool[step.slot] else { return }
            let previous = dictionary.updateValue(value(number), forKey: key)
            checks.check(previous?.number == modelValue(key.id), "updateValue returned \(previous as Any)")
            Self.store(key.id, number, in: &entries)
        case .get:
            guard let key = pool[step.slot] else { return }
            checks.check(dictionary[key]?.number == modelValue(key.id), "subscript get")
            checks.check(dictionary[key, default: value(9)].number == modelValue(key.id) ?? 9, "default get")
        case .remove:
            guard let key = pool[step.slot] else { return }
            let removed = dictionary.removeValue(forKey: key)
            checks.check(removed?.number == modelValue(key.id), "removeValue returned \(removed as Any)")
            entries.removeAll { $0.id == key.id }
        case .setNil:
            guard let key = pool[step.slot] else { return }
            dictionary[key] = nil
            entries.removeAll { $0.id == key.id }
        case .insertIfAbsent:
            guard let key = pool[step.slot] else { return }
            let result = dictionary.value(forKey: key, insertingIfAbsent: value(number))
            let expected = modelValue(key.id) ?? number
            checks.check(result.number == expected, "value(forKey:insertingIfAbsent:) returned \(result)")
            if modelValue(key.id) == nil { entries.append((key.id, number)) }
        case .setThroughDefault:
            guard let key = pool[step.slot] else { return }
            dictionary[key, default: value(9)] = value(number)
            Self.store(key.id, number, in: &entries)
        case .contains:
            guard let key = pool[step.slot] else { return }
            checks.check(dictionary.contains(key: key) == (modelValue(key.id) != nil), "contains(key:)")
        case .storeInOther:
            guard let key = pool[step.slot] else { return }
            other[key] = value(number)
            Self.store(key.id, number, in: &otherEntries)
        case .collect:
            ReliabilityFigures.collect()
            checks.check(dictionary.census.deadEntries == 0, "after collect(): \(dictionary.census)")
            checks.check(other.census.deadEntries == 0, "after collect(), other: \(other.census)")
            // Every value of a dead, removed or replaced entry has been released: the values alive are
            // exactly those of the live entries (merging shares values between the two dictionaries).
            let held = Set(
                dictionary.values.map(ObjectIdentifier.init) + other.values.map(ObjectIdentifier.init))
            checks.check(
                lives.live == held.count, "\(lives.live) values alive for \(held.count) held by live entries")
        case .iterate:
            var seen: [(id: Int, number: Int)] = []
            for (key, value) in dictionary {
                seen.append((key.id, value.number))
                // Mutating inside the loop is allowed: iteration walks a snapshot.
                if seen.count.isMultiple(of: 2) { dictionary[key] = nil }
            }
            checks.check(seen.elementsEqual(entries, by: ==), "iteration yielded \(seen)")
            entries = entries.enumerated().filter { !($0.offset + 1).isMultiple(of: 2) }.map(\.element)
        case .popFirst:
            let popped = dictionary.popFirst()
            checks.check(
                popped?.key.id == entries.first?.id && popped?.value.number == entries.first?.number,
                "popFirst")
            if !entries.isEmpty { entries.removeFirst() }
        case .popLast:
            let popped = dictionary.popLast()
            checks.check(
                popped?.key.id == entries.last?.id && popped?.value.number == entries.last?.number, "popLast")
            if !entries.isEmpty { entries.removeLast() }
        case .removeAll:
            dictionary.removeAll()
            entries = []
        case .mergeOther:
            dictionary.merge(other)
            for entry in otherEntries { Self.store(entry.id, entry.number, in: &entries) }
        case .mergePairs:
            let keys = pool.slots.compactMap { $0 }
            dictionary.merge(keys.map { ($0, value(number)) })
            for key in keys { Self.store(key.id, number, in: &entries) }
        case .copy:
            let copy = dictionary.copy()
            checks.check(copy.map(\.key.id) == entries.map(\.id), "copy's keys")
            checks.check(copy.map(\.value.number) == entries.map(\.number), "copy's values")
        }
    }

    private func observe(_ checks: inout ModelChecks) {
        entries.removeAll { !pool.isAlive($0.id) }
        otherEntries.removeAll { !pool.isAlive($0.id) }
        pool.forgetDead()
        let pairs = Array(dictionary)
        checks.check(
            pairs.map(\.key.id) == entries.map(\.id),
            "keys \(pairs.map { pool.name($0.key.id) }), model \(entries.map { pool.name($0.id) })")
        checks.check(
            pairs.map(\.value.number) == entries.map(\.number), "values \(pairs.map(\.value.number))")
        checks.check(dictionary.count == entries.count, "count \(dictionary.count), model \(entries.count)")
        checks.check(dictionary.isEmpty == entries.isEmpty, "isEmpty")
        checks.check(dictionary.keys.map(\.id) == entries.map(\.id), "keys")
        checks.check(dictionary.values.map(\.number) == entries.map(\.number), "values")
        checks.check(dictionary.keyReferences().map { $0()?.id } == entries.map(\.id), "keyReferences")
        checks.check(other.map(\.key.id) == otherEntries.map(\.id), "other dictionary's keys")
        checks.check(
            dictionary.census.tombstonesAreBounded(live: entries.count), "storage: \(dictionary.census)")
        for key in pool.slots.compactMap({ $0 }) {
            checks.check(dictionary[key]?.number == modelValue(key.id), "lookup of \(pool.name(key.id))")
        }
    }
}
