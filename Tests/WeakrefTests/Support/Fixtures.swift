import Weakref

/// The shape shared by the two tiers' fixture classes, so that one generic test body runs on both.
///
/// The fixtures are `@unchecked Sendable`: their mutable fields are only touched by one thread at a
/// time in these tests, and callbacks must be `@Sendable`.
protocol Subject: AnyObject, Sendable, CustomStringConvertible {
    init(name: String, age: Int)
    var name: String { get set }
    var age: Int { get set }
    /// Runs at the start of `deinit` with the dying object, to create references from inside it.
    var onDeinit: (@Sendable (Self) -> Void)? { get set }
    static var tier: Tier { get }
}

extension Subject {
    static func make(_ name: String = "William", age: Int = 30) -> Self {
        Self(name: name, age: age)
    }

    /// The class name as references print it.
    static var typeName: String { String(describing: self) }

    var description: String { "\(name) : \(age)" }

    func prettyPrint() -> String { "\(name) : \(age)" }

    func greet(_ other: String, _ times: Int) -> String {
        Array(repeating: "Hello \(other)", count: times).joined(separator: ", ") + " from \(name)"
    }

    func birthday() { age += 1 }

    /// A method with a typed error, for `WeakMethod`'s `Failure`.
    func checkedAge(atLeast minimum: Int) throws(AgeError) -> Int {
        guard age >= minimum else { throw AgeError(age: age) }
        return age
    }

    /// A method with an untyped error.
    func rename(_ newName: String) throws -> String {
        guard !newName.isEmpty else { throw AgeError(age: age) }
        name = newName
        return name
    }

    /// An `async` method, for `WeakAsyncMethod`.
    func ageLater(plus years: Int) async -> Int {
        await Task.yield()
        return age + years
    }

    /// An `async throws(AgeError)` method.
    func checkedAgeLater(atLeast minimum: Int) async throws(AgeError) -> Int {
        await Task.yield()
        return try checkedAge(atLeast: minimum)
    }
}

/// The error of the fixtures' throwing methods.
struct AgeError: Error, Equatable {
    let age: Int
}

/// The prompt-tier fixture: its deaths are delivered synchronously, at deinit.
final class Employee: Subject, DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
    var name: String
    var age: Int
    var onDeinit: (@Sendable (Employee) -> Void)?
    static var tier: Tier { .prompt }

    init(name: String, age: Int) {
        self.name = name
        self.age = age
    }

    deinit { onDeinit?(self) }
}

/// The collected-tier fixture: an ordinary class, whose deaths are delivered at a collection.
final class PlainEmployee: Subject, @unchecked Sendable {
    var name: String
    var age: Int
    var onDeinit: (@Sendable (PlainEmployee) -> Void)?
    static var tier: Tier { .collected }

    init(name: String, age: Int) {
        self.name = name
        self.age = age
    }

    deinit { onDeinit?(self) }
}

/// A prompt-tier base class whose method a subclass overrides.
class Person: DeinitObservable, @unchecked Sendable {
    let deinitObservers = DeinitObservers()
    init() {}
    func title() -> String { "person" }
    func introduce(_ greeting: String, _ times: Int) -> String { "\(greeting) x\(times), a person" }
}

final class Manager: Person, @unchecked Sendable {
    override func title() -> String { "manager" }
    override func introduce(_ greeting: String, _ times: Int) -> String {
        "\(greeting) x\(times), a manager"
    }
}

/// The collected-tier counterpart of `Person`.
class PlainPerson: @unchecked Sendable {
    init() {}
    func title() -> String { "person" }
    func introduce(_ greeting: String, _ times: Int) -> String { "\(greeting) x\(times), a person" }
}

final class PlainManager: PlainPerson, @unchecked Sendable {
    override func title() -> String { "manager" }
    override func introduce(_ greeting: String, _ times: Int) -> String {
        "\(greeting) x\(times), a manager"
    }
}

/// Something an action or callback captures, to check that the library releases it.
final class Token: Sendable {}

/// A native weak reference in a box, for tests that compare the library with `weak var`.
final class NativeWeak<Object: AnyObject>: @unchecked Sendable {
    weak var object: Object?
    init(_ object: Object?) { self.object = object }
}
