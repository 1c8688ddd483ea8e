import Testing
import WeakrefDiagnostics

final class Parent {
    var children: [Child] = []
}

final class Child {
    weak var weakParent: Parent?
    unowned var unownedParent: Parent
    unowned(unsafe) var unsafeParent: Parent

    init(_ parent: Parent) {
        weakParent = parent
        unownedParent = parent
        unsafeParent = parent
    }
}

/// A struct holding an `unowned(unsafe)` reference whose bits the test overwrites.
struct UnsafeSlot {
    unowned(unsafe) var target: Parent
    var count = 0
}

final class UnsafeHolder {
    var slot: UnsafeSlot
    var next: UnsafeHolder?

    init(_ target: Parent) {
        slot = UnsafeSlot(target: target)
    }
}

final class DeadUnownedHolder {
    unowned let parent: Parent
    weak var weakParent: Parent?
    var next: DeadUnownedHolder?

    init(_ parent: Parent) {
        self.parent = parent
        weakParent = parent
    }
}

/// Weak, unowned and unowned(unsafe) back-edges are never reported, and never loaded.
@Suite("RetainCycleFinder: weak and unowned references")
struct RetainCycleFinderOwnershipTests {
    @Test func backEdgesOfEveryNonStrongKindAreNotCycles() {
        let parent = Parent()
        parent.children = (0..<3).map { _ in Child(parent) }
        let report = RetainCycleFinder().findCycles(from: parent)
        #expect(report.cycles.isEmpty, "\(report)")
        #expect(report.visitedObjectCount == 4)
        #expect(report.opaqueReferences.isEmpty, "\(report.opaqueReferences)")
    }

    @Test func aWeakBackLinkIsNotACycleButAStrongOneIs() {
        let n1 = Node("n1")
        let n2 = Node("n2")
        n1.next = n2
        n2.back = n1
        #expect(!RetainCycleFinder().findCycles(from: n1).hasCycles)
        n2.next = n1
        #expect(
            RetainCycleFinder().findCycles(from: n1).cycles.map(\.description) == [
                "Node(n1).next → Node(n2).next → Node(n1)"
            ])
        n2.next = nil
    }

    @Test func anUnownedUnsafeFieldWithGarbageBitsIsNeverLoaded() {
        let parent = Parent()
        let holder = UnsafeHolder(parent)
        holder.next = holder
        // Point the unowned(unsafe) field at an address that no retain could survive.
        // (A key path cannot name an unowned(unsafe) property: `target` is the first field, before `count`.)
        #expect(MemoryLayout<UnsafeSlot>.offset(of: \UnsafeSlot.count) == 8)
        let offset = 0
        withUnsafeMutableBytes(of: &holder.slot) { bytes in
            bytes.storeBytes(of: UInt(0x10), toByteOffset: offset, as: UInt.self)
        }
        let report = RetainCycleFinder().findCycles(from: holder)
        #expect(report.cycles.map(\.description) == ["UnsafeHolder.next → UnsafeHolder"])
        holder.next = nil
        withExtendedLifetime(parent) {}
    }

    @Test func unownedAndWeakFieldsToADeadObjectAreNeverLoaded() {
        var parent: Parent? = Parent()
        let holder = DeadUnownedHolder(parent!)
        holder.next = holder
        parent = nil
        // Loading `holder.parent` now would trap; the finder does not.
        let report = RetainCycleFinder().findCycles(from: holder)
        #expect(report.cycles.map(\.description) == ["DeadUnownedHolder.next → DeadUnownedHolder"])
        holder.next = nil
    }
}
