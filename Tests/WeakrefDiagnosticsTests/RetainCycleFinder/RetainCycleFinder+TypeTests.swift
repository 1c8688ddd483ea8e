import Testing
import Weakref
import WeakrefDiagnostics

final class Cell<Value> {
    var value: Value?
    var count = 0
}

class Base {
    var link: Base?
    let id = 7
}

final class Derived: Base {
    var extra = "derived"
}

final class Registry {
    struct Entry {
        var weight = 1.0
        var node: Registry?
    }

    var table: [String: [Entry]] = [:]
}

/// A class whose custom mirror hides its real property and invents a fake one.
final class Disguised: CustomReflectable {
    var hidden: Disguised?
    let decoy = Node("decoy")

    var customMirror: Mirror {
        Mirror(self, children: ["fake": decoy as Any])
    }
}

final class Button: CustomStringConvertible {
    var action: (() -> Void)?
    var description: String { "ok" }
}

struct Failure: Error {
    var node: FailureHolder?
}

final class FailureHolder: @unchecked Sendable {
    var failure: (any Error)?
}

final class SlicesAndContiguous {
    var slice: ArraySlice<SlicesAndContiguous> = []
    var contiguous: ContiguousArray<SlicesAndContiguous> = []
}

final class KeyedByObject: Hashable {
    var table: [KeyedByObject: Int] = [:]
    static func == (lhs: KeyedByObject, rhs: KeyedByObject) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

enum Shape {
    case empty
    case circle(Double)
    case tagged(String, Int)
    case owner(ShapeHolder)
}

final class ShapeHolder {
    var shapes: [Shape] = []
}

final class LazyHolder {
    lazy var partner: LazyHolder? = nil
}

final class WithWeakrefTypes: DeinitObservable {
    let deinitObservers = DeinitObservers()
    var reference: WeakReference<WithWeakrefTypes>?
    var peers = WeakSet<WithWeakrefTypes>()
    var next: WithWeakrefTypes?
}

@Suite("RetainCycleFinder: kinds of types")
struct RetainCycleFinderTypeTests {
    @Test func genericClassWithAGenericProperty() {
        let a = Cell<AnyObject>()
        let b = Cell<AnyObject>()
        a.value = b
        b.value = a
        #expect(
            RetainCycleFinder().findCycles(from: a).cycles.map(\.description) == [
                "Cell<AnyObject>.value → Cell<AnyObject>.value → Cell<AnyObject>"
            ])
        let c = Cell<Cell<Int>>()
        c.value = Cell<Int>()
        #expect(!RetainCycleFinder().findCycles(from: c).hasCycles)
        a.value = nil
    }

    @Test func subclassWhoseSuperclassHoldsTheEdge() {
        let a = Derived()
        let b = Derived()
        a.link = b
        b.link = a
        #expect(
            RetainCycleFinder().findCycles(from: a).cycles.map(\.description) == [
                "Derived.link → Derived.link → Derived"
            ])
        a.link = nil
    }

    @Test func structInsideAnArrayInsideADictionary() {
        let a = Registry()
        let b = Registry()
        a.table = ["x": [Registry.Entry(), Registry.Entry(node: b)]]
        b.table = ["y": [Registry.Entry(node: a)]]
        let cycles = RetainCycleFinder().findCycles(from: a).cycles.map(\.description)
        #expect(cycles == [#"Registry.table["x"][1].node → Registry.table["y"][0].node → Registry"#])
        a.table = [:]
    }

    @Test func aCustomMirrorDoesNotFoolIt() {
        let d = Disguised()
        d.hidden = d
        #expect(Mirror(reflecting: d).children.map(\.label) == ["fake"])
        let report = RetainCycleFinder().findCycles(from: d)
        #expect(report.cycles.map(\.description) == ["Disguised.hidden → Disguised"])
        // The decoy is a real property too, reached through `decoy`, not through the mirror's `fake`.
        #expect(report.visitedObjectCount == 2)
        d.hidden = nil
    }

    @Test func closuresAreReportedAsOpaque() {
        let button = Button()
        button.action = { [button] in _ = button }
        let report = RetainCycleFinder().findCycles(from: button)
        #expect(report.cycles.isEmpty)
        #expect(
            report.opaqueReferences.map(\.description) == [
                "Button(ok).action: closure (captures not visible)"
            ])
        #expect(report.opaqueReferences.first?.kind == .closure)
        button.action = nil
        #expect(RetainCycleFinder().findCycles(from: button).opaqueReferences.isEmpty)
    }

    @Test func errorExistential() {
        let holder = FailureHolder()
        holder.failure = Failure(node: holder)
        #expect(
            RetainCycleFinder().findCycles(from: holder).cycles.map(\.description) == [
                "FailureHolder.failure.node → FailureHolder"
            ])
        holder.failure = nil
    }

    @Test func arraySlicesAndContiguousArrays() {
        let a = SlicesAndContiguous()
        let b = SlicesAndContiguous()
        a.slice = [b, a, b][1...]
        b.contiguous = [a]
        let cycles = RetainCycleFinder().findCycles(from: a).cycles.map(\.description)
        #expect(cycles.contains("SlicesAndContiguous.slice[0] → SlicesAndContiguous"))
        #expect(
            cycles.contains(
                "SlicesAndContiguous.slice[1] → SlicesAndContiguous.contiguous[0] → SlicesAndContiguous"))
        a.slice = []
        b.contiguous = []
    }

    @Test func dictionaryKeys() {
        let a = KeyedByObject()
        a.table = [a: 1]
        #expect(
            RetainCycleFinder().findCycles(from: a).cycles.map(\.description) == [
                "KeyedByObject.table[key: KeyedByObject] → KeyedByObject"
            ])
        a.table = [:]
    }

    @Test func multiPayloadEnumInAnArray() {
        let holder = ShapeHolder()
        holder.shapes = [.empty, .circle(1), .tagged("t", 2), .owner(holder)]
        #expect(
            RetainCycleFinder().findCycles(from: holder).cycles.map(\.description) == [
                "ShapeHolder.shapes[3].owner → ShapeHolder"
            ])
        // The original values are intact after projection.
        if case .tagged(let name, let count) = holder.shapes[2] {
            #expect(name == "t" && count == 2)
        } else {
            Issue.record("the enum was altered")
        }
        holder.shapes = []
    }

    @Test func lazyPropertiesAreNamedAsWritten() {
        let a = LazyHolder()
        a.partner = a
        #expect(
            RetainCycleFinder().findCycles(from: a).cycles.map(\.description) == [
                "LazyHolder.partner → LazyHolder"
            ])
        a.partner = nil
    }

    @Test func weakrefTypesHoldNoHiddenStrongReference() {
        let a = WithWeakrefTypes()
        let b = WithWeakrefTypes()
        a.reference = WeakReference(b)
        b.reference = WeakReference(a)
        a.peers.insert(b)
        b.peers.insert(a)
        // (The library's own bookkeeping may hold internal cycles while the referent lives; none of
        // them runs through the objects.)
        #expect(!RetainCycleFinder().findCycles(through: a).hasCycles)
        a.next = b
        b.next = a
        #expect(
            RetainCycleFinder().findCycles(through: a).cycles.map(\.description) == [
                "WithWeakrefTypes.next → WithWeakrefTypes.next → WithWeakrefTypes"
            ])
        a.next = nil
    }

    @Test func rootValuesAndCyclesThroughAnObject() {
        let n1 = Node("n1")
        let n2 = Node("n2")
        let n3 = Node("n3")
        n1.next = n2
        n2.next = n1
        n3.next = n3
        let report = RetainCycleFinder().findCycles(reachableFrom: ["a": [n1], "b": [n3]])
        #expect(
            Set(report.cycles.map(\.description)) == [
                "Node(n1).next → Node(n2).next → Node(n1)", "Node(n3).next → Node(n3)",
            ])
        #expect(
            RetainCycleFinder().findCycles(through: n2).cycles.map(\.description) == [
                "Node(n2).next → Node(n1).next → Node(n2)"
            ])
        let outside = Node("outside")
        outside.next = n1
        #expect(RetainCycleFinder().findCycles(through: outside).cycles.isEmpty)
        #expect(RetainCycleFinder().findCycles(from: outside).cycles.count == 1)
        n1.next = nil
        n3.next = nil
    }

    @Test func eachCycleIsReportedOnceAndTheLimitStopsTheSearch() {
        let nodes = (0..<6).map { Node("n\($0)") }
        for (index, node) in nodes.enumerated() { node.next = nodes[(index + 1) % 3 + (index / 3) * 3] }
        let holder = Cell<[Node]>()
        holder.value = nodes
        let report = RetainCycleFinder().findCycles(from: holder)
        #expect(report.cycles.count == 2)
        let limited = RetainCycleFinder(maximumCycleCount: 1).findCycles(from: holder)
        #expect(limited.cycles.count == 1)
        #expect(!limited.isComplete)
        for node in nodes { node.next = nil }
    }
}
