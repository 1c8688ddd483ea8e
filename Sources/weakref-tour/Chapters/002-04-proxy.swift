import Weakref

func runProxy() {
    var employee1: Employee? = Employee(123, "William", 30)

    print("Type of Employee (employee1) : \(typeName(of: employee1!))")
    print("\nEmployee Details (Normal) : \(employee1!)")

    let e1Weak = WeakProxy(employee1!)

    print("\nType of Employee (e1Weak) : \(typeName(of: e1Weak))")
    print("\nIs e1Weak proxy ? : \((e1Weak as Any) is WeakProxy<Employee>)")
    print("\nIs e1Weak proxy ? : \((e1Weak as Any) is any AnyWeakReference)")
    print("\nEmployee Details (Weakref) : \(describe(try? e1Weak.target()))")

    employee1 = nil

    do {
        try print("\nWeak Reference after deletion of both references : \(e1Weak.target())")
    } catch {
        print("\nError : \(type(of: error)) : Access to weak referenced object failed.")
    }

    section("member reads through a proxy, before and after the object goes")
    var employee2: Employee? = Employee(456, "Dalton", 35)
    let e2Weak = WeakProxy(employee2!)
    do {
        try print("try e2Weak.name : \(e2Weak.name)")
    } catch {
        print("unexpected: \(error)")
    }
    print("e2Weak : \(e2Weak)")
    employee2 = nil
    do {
        try print("try e2Weak.name : \(e2Weak.name)")
    } catch {
        print("try e2Weak.name threw: \(error)")
    }
    print("e2Weak : \(e2Weak)")

    swiftNote(
        "a Swift proxy is not transparent: members are read with `try e1Weak.name` and everything else "
            + "goes through `try e1Weak.target()`, both throwing `ReferenceError` once the object is "
            + "gone; printing the proxy itself shows `<weakproxy …>`, not the referent.")
}
