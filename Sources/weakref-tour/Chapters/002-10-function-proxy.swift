import Weakref

/// Calls a weak method like Python calls a callable proxy: through to the method while the receiver
/// lives, `ReferenceError` after.
private func callThrough<Object, each Argument, Result>(
    _ method: WeakMethod<Object, repeat each Argument, Result, Never>, _ argument: repeat each Argument
) throws(ReferenceError) -> Result {
    guard let bound = method() else { throw ReferenceError() }
    return bound(repeat each argument)
}

func runFunctionProxy() {
    var calculator: Calculator? = Calculator()
    let weakMethodProxy = WeakMethod(calculator!, Calculator.addition)

    print("Method Weak Ref : \(describe(weakMethodProxy()))")

    let isWeakMethod = (weakMethodProxy as Any) is WeakMethod<Calculator, Int, Int, Int, Never>
    print("\nIs weakMethodProxy proxy ? : \(isWeakMethod)")
    print("\nIs weakMethodProxy proxy ? : \((weakMethodProxy as Any) is any AnyWeakReference)")

    do {
        print("\nAddition of 10 & 20 is \(try callThrough(weakMethodProxy, 10, 20))")
        calculator = nil
        print("\nAddition of 20 & 20 is \(try callThrough(weakMethodProxy, 10, 20))")
    } catch {
        print("\nError : \(error)")
    }

    section("the same call through a WeakProxy of the receiver")
    var calculator2: Calculator? = Calculator()
    let proxy = WeakProxy(calculator2!)
    do {
        try print("try proxy.target().addition(10, 20) : \(proxy.target().addition(10, 20))")
        calculator2 = nil
        try print("try proxy.target().addition(10, 20) : \(proxy.target().addition(10, 20))")
    } catch {
        print("Error : \(error)")
    }

    swiftNote(
        "a free function cannot be weakly referenced in Swift (functions are values, not objects); "
            + "the closest callable proxy is a `WeakMethod` on a `Calculator`, called so that it throws "
            + "`ReferenceError` once the receiver is gone; it prints as the bound method, which cannot "
            + "name `addition` (Swift functions carry no runtime name).")
}
