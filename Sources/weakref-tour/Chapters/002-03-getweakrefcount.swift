import Weakref

func runGetWeakRefCount() {
    let employee1 = Employee(123, "William", 30)

    let e1Weak1 = WeakReference(employee1)
    let e1Weak3 = WeakReference(employee1)
    let e1Weak2 = WeakReference(employee1)

    print("WeakRef 1 : \(e1Weak1)")
    print("WeakRef 2 : \(e1Weak2)")
    print("WeakRef 3 : \(e1Weak3)")

    print("\nIs e1Weak1 weak ref ? : \((e1Weak1 as Any) is WeakReference<Employee>)")

    print("\nNumber of Weak References to employee1 : \(weakReferenceCount(of: employee1))")
    print("\nWeak References to Object : \(weakReferences(to: employee1))")

    section("three distinct reference objects that compare equal")
    print("e1Weak1 === e1Weak2 : \(e1Weak1 === e1Weak2)")
    print("e1Weak1 == e1Weak2  : \(e1Weak1 == e1Weak2)")
    withExtendedLifetime((employee1, e1Weak3)) {}

    swiftNote(
        "the count is 3, not 1, and the list holds three references (newest first): CPython hands "
            + "back one shared callback-less ref for all three calls, but a Swift initializer cannot "
            + "return an existing object, so each `WeakReference(employee1)` is a new reference.")
}
