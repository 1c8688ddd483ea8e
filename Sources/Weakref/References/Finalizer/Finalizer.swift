/// Runs an action once when an object is deallocated, when called, or at process exit — whichever
/// comes first: Python's `weakref.finalize`.
///
/// ```swift
/// final class TempFile: DeinitObservable {
///     let deinitObservers = DeinitObservers()
///     let path: String
///     init(path: String) {
///         self.path = path
///         Finalizer(self) { [path] in print("Cleaning up", path) }
///     }
/// }
/// var file: TempFile? = TempFile(path: "/tmp/data.txt")
/// file = nil  // Cleaning up /tmp/data.txt
/// ```
///
/// A finalizer keeps itself registered until it runs or is detached, so dropping the returned value is
/// fine. The action must not capture the object strongly; capture what it needs to clean up instead.
///
/// Several finalizers of one object run most recently created first. Finalizers still alive at normal
/// process exit (returning from `main` or calling `exit`) run then, most recently created first, if
/// ``runsAtExit`` is `true`; after that, no finalizer runs again.
///
/// A finalizer is `Sendable` only when its `Object` is, since ``peek()`` and ``detach()`` hand the
/// object back.
public final class Finalizer<Object: AnyObject> {
    @usableFromInline
    let core: _FinalizerCore

    // Inlinable so that clients create a finalizer of their concrete `Object` without the generic
    // overhead of an unspecialized initializer (about 300 instructions, 7% of a finalizer's life).
    /// Registers `action` to run when `object` is deallocated.
    ///
    /// ```swift
    /// let finalizer = Finalizer(employee) { print("Object deleted") }
    /// ```
    ///
    /// - Parameters:
    ///   - object: The object to watch. If it is already deinitializing, the finalizer is born dead.
    ///   - action: Runs at most once, on the thread that observed the death (or the caller's thread
    ///     for ``callAsFunction()``, or at exit).
    /// - Complexity: O(1) amortized.
    @inlinable
    @discardableResult
    public init(_ object: Object, _ action: @escaping @Sendable () -> Void) {
        core = _FinalizerRegistry.shared.makeCore(for: object, action: action)
    }

    /// Runs the action now if the finalizer is still alive, and marks it dead.
    ///
    /// ```swift
    /// if finalizer() { print("cleaned up early") }
    /// ```
    ///
    /// - Returns: Whether the action ran.
    /// - Complexity: O(1) plus the action.
    @discardableResult
    public func callAsFunction() -> Bool {
        _FinalizerRegistry.shared.run(core)
    }

    /// Marks the finalizer dead without running it.
    ///
    /// ```swift
    /// if let (object, action) = finalizer.detach() { … }
    /// ```
    ///
    /// - Returns: The object and the action, or `nil` if the finalizer was already dead or the object
    ///   is gone.
    /// - Complexity: O(1).
    @discardableResult
    public func detach() -> (object: Object, action: @Sendable () -> Void)? {
        guard let (object, action) = _FinalizerRegistry.shared.detach(core) else { return nil }
        return (unsafeDowncast(object, to: Object.self), action)
    }

    /// The object and the action, if the finalizer is alive; changes nothing.
    ///
    /// ```swift
    /// if let (object, _) = finalizer.peek() { print(object) }
    /// ```
    ///
    /// - Complexity: O(1).
    public func peek() -> (object: Object, action: @Sendable () -> Void)? {
        guard let (object, action) = _FinalizerRegistry.shared.peek(core) else { return nil }
        return (unsafeDowncast(object, to: Object.self), action)
    }

    /// Whether the finalizer has neither run nor been detached.
    ///
    /// A finalizer of a collected-tier object that died but has not been collected yet is still alive:
    /// it runs at the next collection. Its ``peek()`` and ``detach()`` already return `nil`, since
    /// the object is gone.
    ///
    /// ```swift
    /// print(finalizer.isAlive)
    /// ```
    ///
    /// - Complexity: O(1).
    public var isAlive: Bool {
        _FinalizerRegistry.shared.isAlive(core)
    }

    /// Whether the finalizer runs at normal process exit if still alive. `true` by default; reads
    /// `false` once the finalizer is dead, and setting it on a dead finalizer does nothing.
    ///
    /// ```swift
    /// finalizer.runsAtExit = false
    /// ```
    ///
    /// - Complexity: O(1).
    public var runsAtExit: Bool {
        get { _FinalizerRegistry.shared.runsAtExit(core) }
        set { _FinalizerRegistry.shared.setRunsAtExit(core, newValue) }
    }
}

extension Finalizer: CustomStringConvertible {
    /// `<finalize object at 0x…; for 'Employee' at 0x…>` while alive, `<finalize object at 0x…; dead>`
    /// after (Python's format). A finalizer of a collected-tier object that died but was not collected
    /// yet reads `<finalize object at 0x…; pending>`: it runs at the next collection.
    ///
    /// ```swift
    /// print(finalizer)
    /// ```
    ///
    /// - Complexity: O(1).
    public var description: String {
        guard isAlive else {
            return _referenceDescription(kind: "finalize object", of: self, referent: nil)
        }
        guard let object = core.object else { return "<finalize object at \(_address(of: self)); pending>" }
        return _referenceDescription(
            kind: "finalize object", of: self, referent: object, preposition: "for")
    }
}
