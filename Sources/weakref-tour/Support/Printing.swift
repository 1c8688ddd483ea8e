/// The object's address as CPython prints it: `0x` and lowercase hexadecimal digits.
func address(of object: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(object)), radix: 16)
}

/// CPython's default repr, `<__main__.Name object at 0x…>`, spelled with the Swift module name.
func defaultDescription(of object: AnyObject) -> String {
    "<\(String(reflecting: type(of: object))) object at \(address(of: object))>"
}

/// A class whose description is CPython's default repr (Swift's own `print` would omit the address).
protocol DefaultDescribed: AnyObject, CustomStringConvertible {}

extension DefaultDescribed {
    var description: String { defaultDescription(of: self) }
}

/// The value's description, or `nil` where Python prints `None`.
func describe<Value>(_ value: Value?) -> String {
    guard let value else { return "nil" }
    return String(describing: value)
}

/// The fully qualified name of the value's dynamic type, Swift's `type(x)`.
func typeName(of value: Any) -> String {
    String(reflecting: type(of: value))
}

/// Starts a labelled block of extra material that follows the transcript's lines.
func section(_ title: String) {
    print("-- \(title) --")
}

/// Prints the chapter's closing line: what differs in Swift, and why.
func swiftNote(_ text: String) {
    print("Swift: " + text)
}

/// Prints, in the shape of a Python traceback, the diagnostic `swiftc` gives for one line of a
/// hypothetical `main.swift`. The tour cannot contain the line itself: it would not compile.
func printCompileError(line: Int, column: Int, source: String, highlighting length: Int, message: String) {
    print("Compile error (swiftc rejects the program, so nothing runs):")
    print("  File \"main.swift\", line \(line), column \(column)")
    print("    " + source)
    print(
        "    " + String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: length - 1))
    print("error: " + message)
}
