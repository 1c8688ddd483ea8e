import Weakref

func runBasicRef() {
    var employee1: Employee? = Employee(123, "William", 30)

    print("Type of Employee (employee1) : \(typeName(of: employee1!))")
    print("\nEmployee Details (Normal) : \(employee1!)")

    let e1Weak = WeakReference(employee1!)

    print("\nWeak Reference : \(e1Weak)")

    var empl1 = e1Weak()

    print("\nEmployee Details (Instance Created through Weakref) : \(describe(empl1))")
    print("\nType of Employee (empl1) : \(typeName(of: empl1!))")
    print("\nIs empl1 and employee1 same? : \(empl1 === employee1)")

    employee1 = nil
    empl1 = nil

    print("\nWeak Reference after deletion of both references : \(e1Weak)")
    print("\nEmployee Details (Weakref) : \(describe(e1Weak()))")

    swiftNote(
        "nothing differs but spelling: `e1Weak()` returns `Employee?` (nil for None), `===` is `is`, "
            + "and the object dies at `empl1 = nil`, its last strong reference, as under CPython's "
            + "refcounting.")
}
