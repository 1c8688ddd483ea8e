import Weakref

func runWeakKeyDictEmployees() {
    var employee1: Employee? = Employee(123, "William", 30)
    let employee2 = Employee(456, "Dalton", 35)
    let employee3 = Employee(789, "Russell", 40)

    let weakKeyDict: WeakKeyDictionary<Employee, String> = [
        employee1!: employee1!.name,
        employee2: employee2.name,
        employee3: employee3.name,
    ]

    print("Weak Key Dictionary : \(weakKeyDict.keyReferences())\n")
    print("Dictionary Keys : \(weakKeyDict.keyReferences().compactMap { $0()?.name })\n")

    employee1 = nil

    print("Dictionary Keys : \(weakKeyDict.keyReferences().compactMap { $0()?.name })\n")

    let employee4 = Employee(135, "Peter", 32)

    weakKeyDict.merge([employee4: employee4.name])

    print("Dictionary Keys : \(weakKeyDict.keyReferences().compactMap { $0()?.name })\n")

    section("the dictionary's entries")
    for (employee, name) in weakKeyDict {
        print("\(employee) -> \(name)")
    }
    withExtendedLifetime((employee2, employee3, employee4)) {}

    swiftNote(
        "the first line lists `keyReferences()`, not the values: Python's `.data` is the private "
            + "dict of weakref keys, which has no public Swift counterpart, and each call makes new "
            + "references; the dictionary is built from a literal (Swift's `Dictionary` needs Hashable "
            + "keys and has no order), `update` is `merge`, and William leaves inside `employee1 = nil`.")
}
