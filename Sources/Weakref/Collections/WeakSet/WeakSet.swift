/// A set of objects that does not keep its members alive: Python's `weakref.WeakSet`.
///
/// Members are matched by identity (`===`), never by their own `Equatable`; a member leaves the set
/// when it is deallocated. Typical use is a set of observers that must not outlive their owners.
///
/// ```swift
/// let observers = WeakSet<Observer>()
/// var observer: Observer? = Observer(name: "A")
/// observers.insert(observer!)
/// for observer in observers { observer.notify("hello") }
/// observer = nil
/// print(observers.count)  // 0 (a DeinitObservable Observer leaves at once)
/// ```
///
/// A weak set is a shared, live view — a class, not a value — that changes when members die. It is
/// safe to use from any thread. Iteration walks a snapshot of strong references taken when the loop
/// starts, in insertion order: the loop body may mutate the set, and members stay alive while the
/// loop holds them. Members of a ``DeinitObservable`` class leave at once when they die; other members
/// are invisible at once and physically purged amortized and at ``Collector/collect()``.
public final class WeakSet<Element: AnyObject> {
    @usableFromInline
    let _table = _WeakTable<_AddressKey, Element, Void>()

    /// Creates an empty set.
    ///
    /// ```swift
    /// let listeners = WeakSet<Listener>()
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public init() {}

    /// Creates a set of the members of `elements`, in their order, without duplicates.
    ///
    /// ```swift
    /// let set = WeakSet([a, b, a])  // 2 members
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public init(_ elements: some Sequence<Element>) {
        for element in elements { _ = _table.store(element, payload: (), replace: false) }
    }

    /// Inserts `newMember` if it is not a member yet.
    ///
    /// ```swift
    /// let (inserted, member) = set.insert(listener)
    /// ```
    ///
    /// - Returns: Whether it was inserted, and the member equal to it after the call — always
    ///   `newMember` itself, since members are matched by identity.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func insert(_ newMember: Element) -> (inserted: Bool, memberAfterInsert: Element) {
        let (inserted, _) = _table.store(newMember, payload: (), replace: false)
        return (inserted, newMember)
    }

    /// Inserts `newMember`, whether or not it is a member already (`SetAlgebra`'s `update(with:)`).
    ///
    /// ```swift
    /// if set.update(with: listener) == nil { print("new listener") }
    /// ```
    ///
    /// - Returns: `newMember` if it was a member already (members are matched by identity, so the
    ///   member "replaced" is itself), otherwise `nil`.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func update(with newMember: Element) -> Element? {
        let (inserted, _) = _table.store(newMember, payload: (), replace: false)
        return inserted ? nil : newMember
    }

    /// Removes `member` if it is in the set.
    ///
    /// ```swift
    /// set.remove(listener)
    /// ```
    ///
    /// - Returns: `member`, or `nil` if it was not a member (Python's `discard`; `remove` raised).
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func remove(_ member: Element) -> Element? {
        _table.remove(member) != nil ? member : nil
    }

    /// Whether `member` is in the set (by identity).
    ///
    /// ```swift
    /// if set.contains(listener) { … }
    /// ```
    ///
    /// The set needs only the object's identity, so it takes `member` over and lets it go before it
    /// looks (no retain and release of the object, which for a weakly referenced object are a trip to
    /// its side table each). If the argument was the object's last strong reference, as in
    /// `set.contains(reference()!)`, the object is deallocated first and is not found.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func contains(_ member: consuming Element) -> Bool {
        _table.contains(member)
    }

    /// The number of live members.
    ///
    /// ```swift
    /// print(set.count)
    /// ```
    ///
    /// - Complexity: O(*n*): dead collected-tier members are purged first, and each prompt-tier member
    ///   is checked for a `deinit` in progress (a dying member is never counted, even while its own
    ///   `deinit` body runs). No weak load for prompt-tier members, so a few nanoseconds each.
    @inlinable
    public var count: Int { _table.liveCount() }

    /// Whether the set has no live member.
    ///
    /// ```swift
    /// if set.isEmpty { … }
    /// ```
    ///
    /// Agrees with ``count`` at every moment.
    ///
    /// - Complexity: O(1) when the oldest stored member is alive; O(*n*) at worst.
    @inlinable
    public var isEmpty: Bool { _table.hasNoLiveEntry() }

    /// Removes every member.
    ///
    /// ```swift
    /// set.removeAll()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func removeAll() {
        _table.removeAll()
    }

    /// Makes room for `minimumCapacity` members, so that inserting up to that many allocates no table
    /// storage.
    ///
    /// ```swift
    /// listeners.reserveCapacity(1_000)
    /// ```
    ///
    /// - Complexity: O(*n*) when the storage grows, otherwise O(1).
    @inlinable
    public func reserveCapacity(_ minimumCapacity: Int) {
        _table.reserveCapacity(minimumCapacity)
    }

    /// Removes and returns the oldest live member (Python's `pop`).
    ///
    /// ```swift
    /// while let member = set.popFirst() { … }
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popFirst() -> Element? {
        _table.pop(fromFront: true)?.object
    }

    /// Removes and returns the newest live member.
    ///
    /// ```swift
    /// let newest = set.popLast()
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popLast() -> Element? {
        _table.pop(fromFront: false)?.object
    }

    /// The live members, in insertion order.
    ///
    /// ```swift
    /// let members: [Listener] = set.allObjects
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var allObjects: [Element] { _table.objects() }

    /// A new set with the same live members (Python's `copy`).
    ///
    /// ```swift
    /// let copy = set.copy()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func copy() -> WeakSet<Element> {
        WeakSet(allObjects)
    }
}

// @unchecked: the state is in the locked table, and the set hands back only `Element`s, Sendable here.
extension WeakSet: @unchecked Sendable where Element: Sendable {}
