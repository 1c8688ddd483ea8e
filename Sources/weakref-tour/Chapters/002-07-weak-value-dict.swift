import Weakref

func runWeakValueDictEmployees() {
    var employee1: Employee? = Employee(123, "William", 30)
    let employee2 = Employee(456, "Dalton", 35)
    let employee3 = Employee(789, "Russell", 40)

    let weakValueDict: WeakValueDictionary<String, Employee> = [
        employee1!.name: employee1!,
        employee2.name: employee2,
        employee3.name: employee3,
    ]

    print("Weak Value Dictionary : \(weakValueDict.valueReferences())\n")
    print("Dictionary Values : \(weakValueDict.valueReferences().compactMap { $0()?.name })\n")

    employee1 = nil

    print("Dictionary Values : \(weakValueDict.valueReferences().compactMap { $0()?.name })\n")

    let employee4 = Employee(135, "Peter", 32)

    weakValueDict.merge([employee4.name: employee4])

    print("Dictionary Values : \(weakValueDict.valueReferences().compactMap { $0()?.name })\n")

    section("the dictionary itself")
    print(weakValueDict)
    withExtendedLifetime((employee2, employee3, employee4)) {}

    swiftNote(
        "the first line lists `valueReferences()` without the keys: Python's `.data` is the private "
            + "dict of `KeyedRef`s, which has no public Swift counterpart, and each call makes new "
            + "references; the dictionary is built from a literal rather than from a `Dictionary`, "
            + "whose order is random in Swift; `update` is `merge`, and William leaves inside "
            + "`employee1 = nil`.")
}
