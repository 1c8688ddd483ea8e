import PropertyBased
import Testing
import Weakref

/// The objects a random sequence works on: a few slots, each holding a live object or nothing. Only the
/// pool holds them strongly, so dropping a slot's object kills it on the spot; a native `weak`
/// reference per object is the ground truth of which objects are alive.
struct ModelPool {
    static let size = 6
    private(set) var slots: [StressObject?] = Array(repeating: nil, count: ModelPool.size)
    private var oracle: [Int: NativeWeak<StressObject>] = [:]

    /// A pool whose every slot holds an object: even slots prompt-tier, odd slots collected-tier.
    init() {
        for slot in 0..<Self.size { make(slot, tier: slot.isMultiple(of: 2) ? .prompt : .collected) }
    }

    subscript(slot: Int) -> StressObject? { slots[slot % Self.size] }

    /// Puts a new object of `tier` in `slot`; the object there before is dropped.
    mutating func make(_ slot: Int, tier: StressTier) {
        let object = tier.make()
        oracle[object.id] = NativeWeak(object)
        slots[slot % Self.size] = object
    }

    /// Drops `slot`'s object; returns its id.
    mutating func drop(_ slot: Int) -> Int? {
        let id = slots[slot % Self.size]?.id
        slots[slot % Self.size] = nil
        return id
    }

    func isAlive(_ id: Int) -> Bool { oracle[id]?.object != nil }

    /// Forgets dead objects' oracles.
    mutating func forgetDead() { oracle = oracle.filter { $0.value.object != nil } }

    /// Where `id` lives, for messages.
    func name(_ id: Int) -> String {
        guard let slot = slots.firstIndex(where: { $0?.id == id }) else { return "dead#\(id)" }
        return "slot \(slot) (\(slots[slot]!))"
    }
}

/// The failures of one step, reported together.
struct ModelChecks {
    private(set) var failures: [String] = []

    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { failures.append(message()) }
    }
}

/// Runs `steps` on a fresh model, checking the whole observable state after every step; records one
/// issue at the first step that disagrees (propertyCheck then shrinks the sequence and reports the
/// minimal one with the seed to replay it).
func runModel<Step: CustomStringConvertible>(
    _ steps: [Step], apply: (Step, inout ModelChecks) -> Void, observe: (inout ModelChecks) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    ReliabilityFigures.add(ReliabilityFigures.modelSequences, 1)
    for (index, step) in steps.enumerated() {
        var checks = ModelChecks()
        apply(step, &checks)
        observe(&checks)
        ReliabilityFigures.add(ReliabilityFigures.modelSteps, 1)
        if !checks.failures.isEmpty {
            Issue.record(
                "step \(index + 1) of \(steps.count), \(step): \(checks.failures.joined(separator: "; "))",
                sourceLocation: sourceLocation)
            return
        }
    }
}

/// A generator of operation sequences: each step is an operation picked from `Operation.allCases` with
/// two small arguments. Shrinking removes steps and moves operations and arguments towards the first
/// ones, so a failure reduces to a short readable sequence.
func stepSequences<Operation: CaseIterable & Sendable, Step>(
    _: Operation.Type, maxLength: Int = 60,
    _ make: @escaping @Sendable (Operation, Int, Int) -> Step
) -> Generator<[Step], some SendableSequenceType> where Operation.AllCases: Sendable {
    let operations = Array(Operation.allCases)
    return zip(
        Gen.int(in: 0...(operations.count - 1)), Gen.int(in: 0...(ModelPool.size - 1)), Gen.int(in: 0...3)
    )
    .map { choice in make(operations[choice.0], choice.1, choice.2) }
    .array(of: 1...maxLength)
}
