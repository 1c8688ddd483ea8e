import PropertyBased
import Testing
import Weakref

/// One step of a random `WeakValueDictionary` sequence. `key` (0–3) is the dictionary key; `slot`
/// picks a value object of the pool (for `make`, `key` even: prompt, odd: collected).
struct WeakValueDictionaryStep: CustomStringConvertible, Sendable {
    enum Operation: String, CaseIterable, Sendable {
        case make, drop, set, update, get, remove, setNil, insertIfAbsent, setThroughDefault, contains
        case storeInOther, collect, iterate, popFirst, popLast, removeAll, mergeOther, mergeDictionary, copy
    }

    let operation: Operation
    let slot: Int
    let key: Int

    var description: String {
        switch operation {
        case .make: "make(#\(slot), \(key.isMultiple(of: 2) ? "prompt" : "collected"))"
        case .drop: "drop(#\(slot))"
        case .set, .update, .insertIfAbsent, .setThroughDefault, .storeInOther, .mergeDictionary:
            "\(operation)(\(key): #\(slot))"
        case .get, .remove, .setNil, .contains: "\(operation)(\(key))"
        default: "\(operation)"
        }
    }
}

extension ReliabilitySuite {
    /// Issue 5, item 3: random sequences on a `WeakValueDictionary` (and a second one to merge from)
    /// against an ordered dictionary model. After every step the pairs, their order, `count`, `keys`,
    /// `values` and every key's lookup agree; a key whose value died is absent at once, and storing
    /// under it again appends it at the end.
    @Suite struct WeakValueDictionaryModelTests {
        @Test func weakValueDictionaryAgreesWithItsModel() async {
            await propertyCheck(
                count: StressConfiguration.propertyRuns,
                input: stepSequences(WeakValueDictionaryStep.Operation.self) {
                    WeakValueDictionaryStep(operation: $0, slot: $1, key: $2)
                }
            ) { steps in
                WeakValueDictionaryModel().run(steps)
            }
        }
    }
}

/// A `WeakValueDictionary` pair and their model.
final class WeakValueDictionaryModel {
    typealias Dictionary = WeakValueDictionary<Int, StressObject>
    var pool = ModelPool()
    let dictionary = Dictionary()
    let other = Dictionary()
    /// The model: keys with their live values' ids, in insertion order.
    var entries: [(key: Int, id: Int)] = []
    var otherEntries: [(key: Int, id: Int)] = []
    static let keys = 0...3

    func run(_ steps: [WeakValueDictionaryStep]) {
        runModel(steps, apply: apply, observe: observe)
    }

    private func modelValue(_ key: Int) -> Int? { entries.first { $0.key == key }?.id }

    /// Stores in the model: replaces in place or appends.
    private static func store(_ key: Int, _ id: Int, in entries: inout [(key: Int, id: Int)]) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].id = id
        } else {
            entries.append((key, id))
        }
    }

    private func apply(_ step: WeakValueDictionaryStep, _ checks: inout ModelChecks) {
        let key = step.key
        switch step.operation {
        case .make:
            pool.make(step.slot, tier: key.isMultiple(of: 2) ? .prompt : .collected)
        case .drop:
            if let id = pool.drop(step.slot) {
                checks.check(!pool.isAlive(id), "the pool held the last reference (test bug)")
            }
        case .set:
            guard let object = pool[step.slot] else { return }
            dictionary[key] = object
            Self.store(key, object.id, in: &entries)
        case .update:
            guard let object = pool[step.slot] else { return }
            let previous = dictionary.updateValue(object, forKey: key)
            checks.check(previous?.id == modelValue(key), "updateValue returned \(previous as Any)")
            Self.store(key, object.id, in: &entries)
        case .get:
            checks.check(dictionary[key]?.id == modelValue(key), "subscript get")
        case .remove:
            let removed = dictionary.removeValue(forKey: key)
            checks.check(removed?.id == modelValue(key), "removeValue returned \(removed as Any)")
            entries.removeAll { $0.key == key }
        case .setNil:
            dictionary[key] = nil
            entries.removeAll { $0.key == key }
        case .insertIfAbsent:
            guard let object = pool[step.slot] else { return }
            let result = dictionary.value(forKey: key, insertingIfAbsent: object)
            checks.check(
                result.id == modelValue(key) ?? object.id,
                "value(forKey:insertingIfAbsent:) returned \(result)")
            if modelValue(key) == nil { entries.append((key, object.id)) }
        case .setThroughDefault:
            guard let object = pool[step.slot] else { return }
            checks.check(dictionary[key, default: object].id == modelValue(key) ?? object.id, "default get")
            dictionary[key, default: object] = object
            Self.store(key, object.id, in: &entries)
        case .contains:
            checks.check(dictionary.contains(key: key) == (modelValue(key) != nil), "contains(key:)")
        case .storeInOther:
            guard let object = pool[step.slot] else { return }
            other[key] = object
            Self.store(key, object.id, in: &otherEntries)
        case .collect:
            ReliabilityFigures.collect()
            checks.check(dictionary.census.deadEntries == 0, "after collect(): \(dictionary.census)")
            checks.check(other.census.deadEntries == 0, "after collect(), other: \(other.census)")
        case .iterate:
            var seen: [(key: Int, id: Int)] = []
            for (key, value) in dictionary {
                seen.append((key, value.id))
                if seen.count.isMultiple(of: 2) { dictionary.removeValue(forKey: key) }
            }
            checks.check(seen.elementsEqual(entries, by: ==), "iteration yielded \(seen)")
            entries = entries.enumerated().filter { !($0.offset + 1).isMultiple(of: 2) }.map(\.element)
        case .popFirst:
            let popped = dictionary.popFirst()
            checks.check(
                popped?.key == entries.first?.key && popped?.value.id == entries.first?.id, "popFirst")
            if !entries.isEmpty { entries.removeFirst() }
        case .popLast:
            let popped = dictionary.popLast()
            checks.check(popped?.key == entries.last?.key && popped?.value.id == entries.last?.id, "popLast")
            if !entries.isEmpty { entries.removeLast() }
        case .removeAll:
            dictionary.removeAll()
            entries = []
        case .mergeOther:
            dictionary.merge(other)
            for entry in otherEntries { Self.store(entry.key, entry.id, in: &entries) }
        case .mergeDictionary:
            guard let object = pool[step.slot] else { return }
            // One key, so that the plain dictionary's own order does not matter.
            dictionary.merge([key: object])
            Self.store(key, object.id, in: &entries)
        case .copy:
            let copy = dictionary.copy()
            checks.check(copy.map(\.key) == entries.map(\.key), "copy's keys")
            checks.check(copy.map(\.value.id) == entries.map(\.id), "copy's values")
        }
    }

    private func observe(_ checks: inout ModelChecks) {
        entries.removeAll { !pool.isAlive($0.id) }
        otherEntries.removeAll { !pool.isAlive($0.id) }
        pool.forgetDead()
        let pairs = Array(dictionary)
        checks.check(
            pairs.map(\.key) == entries.map(\.key), "keys \(pairs.map(\.key)), model \(entries.map(\.key))")
        checks.check(
            pairs.map(\.value.id) == entries.map(\.id),
            "values \(pairs.map { pool.name($0.value.id) }), model \(entries.map { pool.name($0.id) })")
        checks.check(dictionary.count == entries.count, "count \(dictionary.count), model \(entries.count)")
        checks.check(dictionary.isEmpty == entries.isEmpty, "isEmpty")
        checks.check(dictionary.keys == entries.map(\.key), "keys")
        checks.check(dictionary.values.map(\.id) == entries.map(\.id), "values")
        checks.check(dictionary.valueReferences().map { $0()?.id } == entries.map(\.id), "valueReferences")
        checks.check(other.map(\.key) == otherEntries.map(\.key), "other dictionary's keys")
        checks.check(
            dictionary.census.tombstonesAreBounded(live: entries.count), "storage: \(dictionary.census)")
        for key in Self.keys {
            checks.check(dictionary[key]?.id == modelValue(key), "lookup of \(key)")
            checks.check(dictionary.contains(key: key) == (modelValue(key) != nil), "contains(key: \(key))")
        }
    }
}
