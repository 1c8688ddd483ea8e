import Weakref

func runWeakMethod() {
    var employee1: Employee? = Employee(123, "William", 30)

    let weakMethod = WeakMethod(employee1!, Employee.prettyPrint)

    print("Weak Ref to Method : \(weakMethod)")

    print("\nMethod Ref : \(describe(weakMethod()))\n")

    weakMethod()?()

    employee1 = nil

    print("\nWeak Ref to Method : \(weakMethod)")

    swiftNote(
        "the same, except that the bound method prints as `<bound method Employee of …>` without "
            + "`.prettyPrint`: a Swift function value carries no runtime name; the WeakMethod itself "
            + "names its receiver, and is dead right after `employee1 = nil`.")
}
