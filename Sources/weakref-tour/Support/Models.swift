import Weakref

/// The tutorials' `Employee`, in either tier. (`SendableMetatype` lets the library's `@Sendable`
/// callbacks describe references to a generic `Employee`.)
protocol TourEmployee: AnyObject, CustomStringConvertible, SendableMetatype {
    var empID: Int { get }
    var name: String { get }
    var age: Int { get }
    init(_ empID: Int, _ name: String, _ age: Int)
}

extension TourEmployee {
    /// The tutorials' `__repr__`: `123 : William : 30`.
    var description: String { "\(empID) : \(name) : \(age)" }

    func prettyPrint() {
        print("Employee Details (ID : \(empID), Name : \(name), Age : \(age))")
    }
}

/// An employee in the prompt tier: the library observes its deinitialization, so callbacks and
/// finalizers run inside `employee = nil`, as in CPython.
final class Employee: TourEmployee, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let empID: Int
    let name: String
    let age: Int

    init(_ empID: Int, _ name: String, _ age: Int) {
        self.empID = empID
        self.name = name
        self.age = age
    }
}

/// The tutorials' `Resource`, in either tier.
protocol TourResource: AnyObject, CustomStringConvertible, SendableMetatype {
    var name: String { get }
    init(_ name: String)
}

extension TourResource {
    var description: String { "Resource(\(name))" }
}

/// A resource in the prompt tier.
final class Resource: TourResource, DeinitObservable {
    let deinitObservers = DeinitObservers()
    let name: String

    init(_ name: String) {
        self.name = name
    }
}

/// The same classes without `DeinitObservable`: the collected tier. The library learns of their
/// deaths only at a collection (`Collector.collect()`, the analogue of `gc.collect()`).
enum Plain {
    final class Employee: TourEmployee {
        let empID: Int
        let name: String
        let age: Int

        init(_ empID: Int, _ name: String, _ age: Int) {
            self.empID = empID
            self.name = name
            self.age = age
        }
    }

    final class Resource: TourResource {
        let name: String

        init(_ name: String) {
            self.name = name
        }
    }
}

/// The object that owns `addition` in the function chapters: Swift cannot weakly reference a free
/// function, so the function becomes a method and the receiver is what the reference holds weakly.
final class Calculator: DefaultDescribed {
    func addition(_ a: Int, _ b: Int) -> Int {
        a + b
    }
}

/// Prints the lines that show a collected-tier callback still pending, then runs the collection that
/// delivers it.
func collectPending(_ pendingNote: String) {
    print("(\(pendingNote))")
    print("Collector.collect():")
    Collector.collect()
}
