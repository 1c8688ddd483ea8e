import Foundation
import Weakref

private func optionalFinalizer() {
    print("This finalizer won't be executed when object will be deleted.")
}

private func logObjectDeletion() {
    print("Object deleted at : \(Date())")
}

private func freeUpResources(_ resources: String...) {
    print("\nReleasing all resources used by obejct before deleting it.")
    for resource in resources {
        print("Releasing : \(resource)")
    }
}

/// The tutorial's steps up to `employee1 = nil`, with either tier's `Employee`; returns the three
/// finalizers.
private func finalizeSteps<E: TourEmployee>(_: E.Type) -> [Finalizer<E>] {
    var employee1: E? = E(123, "William", 30)

    let finalizer1 = Finalizer(employee1!) { logObjectDeletion() }
    let finalizer2 = Finalizer(employee1!) { freeUpResources("db", "files") }
    let finalizer3 = Finalizer(employee1!) { optionalFinalizer() }

    finalizer3.detach()

    print("Type of Finalize Object : \(finalizer1) for object : \(employee1!)")

    print("\nIs finalizer1 alive? : \(finalizer1.isAlive)")
    print("Will finalizer1 be executed at exit? : \(finalizer1.runsAtExit)")

    print("\nIs finalizer2 alive? : \(finalizer2.isAlive)")
    print("Will finalizer2 be executed at exit? : \(finalizer2.runsAtExit)")

    print("\nIs finalizer3 alive? : \(finalizer3.isAlive)")
    print("Will finalizer3 be executed at exit? : \(finalizer3.runsAtExit)")

    employee1 = nil
    return [finalizer1, finalizer2, finalizer3]
}

/// The tutorial's last three lines (their labels all say finalizer1, as in the text).
private func printAliveness(_ finalizers: [Finalizer<some TourEmployee>]) {
    print("\nIs finalizer1 alive? : \(finalizers[0].isAlive)")
    print("Is finalizer1 alive? : \(finalizers[1].isAlive)")
    print("Is finalizer1 alive? : \(finalizers[2].isAlive)")
}

func runFinalize() {
    printAliveness(finalizeSteps(Employee.self))

    section("the same steps with a plain class (collected tier)")
    let plainFinalizers = finalizeSteps(Plain.Employee.self)
    print("(employee1 = nil ran nothing yet:)")
    printAliveness(plainFinalizers)
    collectPending("the finalizers are still alive until a collection")
    printAliveness(plainFinalizers)

    swiftNote(
        "nothing differs for a DeinitObservable Employee (newest finalizer first, the detached one "
            + "never); `isAlive`/`runsAtExit` are `alive`/`atexit`; a plain class's finalizers stay alive "
            + "until `Collector.collect()`; `Date()` prints in UTC with `+0000`, not Python's local "
            + "`datetime.now()`.")
}
