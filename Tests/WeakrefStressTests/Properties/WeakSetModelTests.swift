import PropertyBased
import Testing
import Weakref

/// One step of a random `WeakSet` sequence. `slot` picks an object of the pool; `tier` (0–3) picks the
/// tier of a new object (even: prompt, odd: collected).
struct WeakSetStep: CustomStringConvertible, Sendable {
    enum Operation: String, CaseIterable, Sendable {
        case make, drop, insert, remove, contains, insertIntoOther, removeFromOther, collect, iterate
        case popFirst, popLast, removeAll, formUnion, formIntersection, subtract, formSymmetricDifference
        case algebra, copy
    }

    let operation: Operation
    let slot: Int
    let tier: Int

    var description: String {
        switch operation {
        case .make: "make(#\(slot), \(tier.isMultiple(of: 2) ? "prompt" : "collected"))"
        case .drop, .insert, .remove, .contains, .insertIntoOther, .removeFromOther: "\(operation)(#\(slot))"
        default: "\(operation)"
        }
    }
}

extension ReliabilitySuite {
    /// Issue 5, item 3: random sequences of operations on a `WeakSet` (and a second one for set
    /// algebra) and on a model — ordered arrays of ids plus the pool of live objects. After every step the
    /// members, their order, `count`, `isEmpty` and `contains` of every pooled object agree with the
    /// model, from which dead objects vanish the moment they die.
    @Suite struct WeakSetModelTests {
        @Test func weakSetAgreesWithItsModel() async {
            await propertyCheck(
                count: StressConfiguration.propertyRuns,
                input: stepSequences(WeakSetStep.Operation.self) {
                    WeakSetStep(operation: $0, slot: $1, tier: $2)
                }
            ) { steps in
                WeakSetModel().run(steps)
            }
        }
    }
}

/// A `WeakSet` pair and their model.
final class WeakSetModel {
    var pool = ModelPool()
    let set = WeakSet<StressObject>()
    let other = WeakSet<StressObject>()
    /// The model: live members' ids in insertion order.
    var members: [Int] = []
    var otherMembers: [Int] = []

    func run(_ steps: [WeakSetStep]) {
        runModel(steps, apply: apply, observe: observe)
    }

    private func apply(_ step: WeakSetStep, _ checks: inout ModelChecks) {
        // Loaded per case: a local holding the slot's object across `drop` would keep it alive.
        switch step.operation {
        case .make:
            pool.make(step.slot, tier: step.tier.isMultiple(of: 2) ? .prompt : .collected)
        case .drop:
            if let id = pool.drop(step.slot) {
                checks.check(!pool.isAlive(id), "the pool held the last reference (test bug)")
            }
        case .insert:
            guard let object = pool[step.slot] else { return }
            let (inserted, member) = set.insert(object)
            checks.check(inserted == !members.contains(object.id), "insert reported inserted: \(inserted)")
            checks.check(same(member, object), "insert returned another member")
            if inserted { members.append(object.id) }
        case .remove:
            guard let object = pool[step.slot] else { return }
            let removed = set.remove(object)
            checks.check(
                same(removed, members.contains(object.id) ? object : nil), "remove returned \(removed as Any)"
            )
            members.removeAll { $0 == object.id }
        case .contains:
            guard let object = pool[step.slot] else { return }
            checks.check(set.contains(object) == members.contains(object.id), "contains")
        case .insertIntoOther:
            guard let object = pool[step.slot] else { return }
            if other.insert(object).inserted { otherMembers.append(object.id) }
        case .removeFromOther:
            guard let object = pool[step.slot] else { return }
            other.remove(object)
            otherMembers.removeAll { $0 == object.id }
        case .collect:
            ReliabilityFigures.collect()
            // A collection purges every collection: no dead member is left behind.
            checks.check(set.census.deadEntries == 0, "after collect(): \(set.census)")
            checks.check(other.census.deadEntries == 0, "after collect(), other: \(other.census)")
        case .iterate:
            // The body may mutate the set: iteration walks a snapshot.
            var seen: [Int] = []
            for member in set {
                seen.append(member.id)
                if seen.count.isMultiple(of: 2) { set.remove(member) }
            }
            checks.check(seen == members, "iteration yielded \(seen)")
            members = members.enumerated().filter { !($0.offset + 1).isMultiple(of: 2) }.map(\.element)
        case .popFirst:
            checks.check(set.popFirst()?.id == members.first, "popFirst")
            if !members.isEmpty { members.removeFirst() }
        case .popLast:
            checks.check(set.popLast()?.id == members.last, "popLast")
            if !members.isEmpty { members.removeLast() }
        case .removeAll:
            set.removeAll()
            members = []
        case .formUnion:
            set.formUnion(other)
            members += otherMembers.filter { !members.contains($0) }
        case .formIntersection:
            set.formIntersection(other)
            members = members.filter(otherMembers.contains)
        case .subtract:
            set.subtract(other)
            members = members.filter { !otherMembers.contains($0) }
        case .formSymmetricDifference:
            set.formSymmetricDifference(other)
            for id in otherMembers {
                if let index = members.firstIndex(of: id) {
                    members.remove(at: index)
                } else {
                    members.append(id)
                }
            }
        case .algebra:
            let a = Set(members)
            let b = Set(otherMembers)
            checks.check(
                set.union(other).map(\.id) == members + otherMembers.filter { !a.contains($0) }, "union")
            checks.check(set.intersection(other).map(\.id) == otherMembers.filter(a.contains), "intersection")
            checks.check(
                set.subtracting(other).map(\.id) == members.filter { !b.contains($0) }, "subtracting")
            checks.check(
                set.symmetricDifference(other).map(\.id)
                    == members.filter { !b.contains($0) } + otherMembers.filter { !a.contains($0) },
                "symmetricDifference")
            checks.check(set.isSubset(of: other) == a.isSubset(of: b), "isSubset")
            checks.check(set.isStrictSubset(of: other) == a.isStrictSubset(of: b), "isStrictSubset")
            checks.check(set.isSuperset(of: other) == a.isSuperset(of: b), "isSuperset")
            checks.check(set.isStrictSuperset(of: other) == a.isStrictSuperset(of: b), "isStrictSuperset")
            checks.check(set.isDisjoint(with: other) == a.isDisjoint(with: b), "isDisjoint")
            checks.check((set == other) == (a == b), "==")
        case .copy:
            let copy = set.copy()
            checks.check(copy.map(\.id) == members && copy == set, "copy")
        }
    }

    private func observe(_ checks: inout ModelChecks) {
        // Objects leave the model the moment they die.
        members.removeAll { !pool.isAlive($0) }
        otherMembers.removeAll { !pool.isAlive($0) }
        pool.forgetDead()
        let listed = set.allObjects.map(\.id)
        checks.check(listed == members, "members \(listed.map(pool.name)), model \(members.map(pool.name))")
        checks.check(set.count == members.count, "count \(set.count), model \(members.count)")
        checks.check(set.isEmpty == members.isEmpty, "isEmpty")
        checks.check(other.allObjects.map(\.id) == otherMembers, "other set's members")
        checks.check(set.census.tombstonesAreBounded(live: members.count), "storage: \(set.census)")
        for object in pool.slots.compactMap({ $0 }) {
            checks.check(
                set.contains(object) == members.contains(object.id), "contains \(pool.name(object.id))")
        }
    }
}
