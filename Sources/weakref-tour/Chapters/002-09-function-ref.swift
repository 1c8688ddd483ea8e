import Weakref

func runFunctionRef() {
    var calculator: Calculator? = Calculator()
    let weakMethod = WeakMethod(calculator!, Calculator.addition)

    print("Method Weak Ref : \(weakMethod)")

    print("\nAddition of 10 & 20 is \(describe(weakMethod()?(10, 20)))")

    calculator = nil

    print("\nAddition of 20 & 20 is \(describe(weakMethod()?(10, 20)))")

    swiftNote(
        "Swift has no weak reference to a free function (a function is a value, not an object, so "
            + "`WeakReference(addition)` does not compile); the closest equivalent is a `WeakMethod` "
            + "on a `Calculator`, which describes its receiver rather than `(addition)` because Swift "
            + "functions carry no runtime name.")
}
