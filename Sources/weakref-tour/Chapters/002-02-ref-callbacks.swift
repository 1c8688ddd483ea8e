import Weakref

/// The tutorial's steps with either tier's `Employee`: three callbacks registered in the order 1, 3, 2.
/// Returns the references, which must outlive the object for their callbacks to run.
private func refCallbackSteps<E: TourEmployee>(_: E.Type) -> [WeakReference<E>] {
    var employee1: E? = E(123, "William", 30)

    let e1Weak1 = WeakReference(employee1!) { print("\nFirst Callback Executed. Weakref : \($0)") }
    let e1Weak3 = WeakReference(employee1!) { print("\nThird Callback Executed. Weakref : \($0)") }
    let e1Weak2 = WeakReference(employee1!) { print("\nSecond Callback Executed. Weakref : \($0)") }

    print("Employee Details (Weakref-e1Weak1) : \(describe(e1Weak1()))")
    print("\nEmployee Details (Weakref-e1Weak2) : \(describe(e1Weak2()))")
    print("\nEmployee Details (Weakref-e1Weak3) : \(describe(e1Weak3()))")

    employee1 = nil
    return [e1Weak1, e1Weak3, e1Weak2]
}

func runRefCallbacks() {
    let references = refCallbackSteps(Employee.self)

    section("the same steps with a plain class (collected tier)")
    let plainReferences = refCallbackSteps(Plain.Employee.self)
    collectPending(
        "employee1 = nil printed nothing; e1Weak1() is already \(describe(plainReferences[0]()))")
    withExtendedLifetime((references, plainReferences)) {}

    swiftNote(
        "nothing differs for a DeinitObservable Employee: the callbacks run inside `employee1 = nil`, "
            + "most recently registered first, each given its own dead reference; with a plain class "
            + "they wait for `Collector.collect()`, since Swift offers no deallocation hook for "
            + "arbitrary objects.")
}
