import Weakref

func runWeakSetEmployees() {
    var employee1: Employee? = Employee(123, "William", 30)
    let employee2 = Employee(456, "Dalton", 35)
    let employee3 = Employee(789, "Russell", 40)

    let weakSet = WeakSet([employee1!, employee2, employee3])

    print("Weak Set : \(weakSet.map { WeakReference($0) })\n")

    for value in weakSet {
        print(value)
    }

    print("\nWeakset Values : \(weakSet.map(\.name))\n")

    employee1 = nil

    print("Weakset Values : \(weakSet.map(\.name))\n")

    let employee4 = Employee(135, "Peter", 32)

    weakSet.insert(employee4)

    print("Weakset Values : \(weakSet.map(\.name))\n")

    section("the set itself")
    print(weakSet)
    withExtendedLifetime((employee2, employee3, employee4)) {}

    swiftNote(
        "the order differs and is fixed: a WeakSet iterates in insertion order, deterministically, "
            + "where CPython's follows identity hashes (an address-dependent sample); William leaves "
            + "inside `employee1 = nil`, because Swift's loop variable does not outlive its loop, where "
            + "Python's `value` still holds the last member the loop visited (William, under CPython 3.13) "
            + "and keeps it alive; the first line shows new references to the members, since `.data` has "
            + "no public Swift counterpart.")
}
