import Weakref

/// The tutorial's steps with either tier's `Employee`: three proxies whose callbacks were registered in
/// the order 1, 3, 2. Returns the proxies, which must outlive the object for their callbacks to run.
private func proxyCallbackSteps<E: TourEmployee>(_: E.Type) -> [WeakProxy<E>] {
    var employee1: E? = E(123, "William", 30)

    let e1Weak1 = WeakProxy(employee1!) { _ in print("\nFirst Callback Executed.") }
    let e1Weak3 = WeakProxy(employee1!) { _ in print("\nThird Callback Executed.") }
    let e1Weak2 = WeakProxy(employee1!) { _ in print("\nSecond Callback Executed.") }

    print("Employee Details (Weakref-e1Weak1) : \(describe(try? e1Weak1.target()))")
    print("\nEmployee Details (Weakref-e1Weak2) : \(describe(try? e1Weak2.target()))")
    print("\nEmployee Details (Weakref-e1Weak3) : \(describe(try? e1Weak3.target()))")

    employee1 = nil
    return [e1Weak1, e1Weak3, e1Weak2]
}

func runProxyCallbacks() {
    let proxies = proxyCallbackSteps(Employee.self)

    section("the same steps with a plain class (collected tier)")
    let plainProxies = proxyCallbackSteps(Plain.Employee.self)
    collectPending("employee1 = nil printed nothing; e1Weak1.isAlive is already \(plainProxies[0].isAlive)")
    withExtendedLifetime((proxies, plainProxies)) {}

    swiftNote(
        "the order is the same (most recent first, inside `employee1 = nil` for a DeinitObservable "
            + "Employee, at `Collector.collect()` for a plain class); the details are read through "
            + "`try e1Weak1.target()`, because a Swift proxy does not stand in for its referent when "
            + "printed.")
}
