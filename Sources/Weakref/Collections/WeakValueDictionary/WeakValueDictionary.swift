/// A dictionary whose values are held weakly: Python's `weakref.WeakValueDictionary`.
///
/// Use it for caches and interning tables that hand out the same object while anyone still uses it,
/// without keeping it alive themselves. Keys are ordinary `Hashable` values, held strongly; an entry
/// leaves when its value is deallocated.
///
/// ```swift
/// let cache = WeakValueDictionary<Int, User>()
/// func user(id: Int) -> User {
///     if let cached = cache[id] { return cached }
///     let user = User(id: id)
///     cache[id] = user
///     return user
/// }
/// var u: User? = user(id: 1)
/// print(cache.count)  // 1
/// u = nil
/// print(cache.count)  // 0 (a DeinitObservable User leaves at once)
/// ```
///
/// A weak dictionary is a shared, live view — a class — safe to use from any thread. It keeps
/// insertion order (re-assigning a key keeps its position); iteration walks a snapshot. Replacing a
/// value never lets the old value's later death remove the new entry.
///
/// `Key`'s `hash(into:)` and `==` run while the dictionary is locked: they must not release the last
/// reference to a value of the same dictionary (ordinary keys — strings, numbers, plain structs —
/// never do).
public final class WeakValueDictionary<Key: Hashable, Value: AnyObject> {
    @usableFromInline
    let _table = _WeakTable<Key, Value, Void>()

    /// Creates an empty dictionary.
    ///
    /// ```swift
    /// let cache = WeakValueDictionary<String, Image>()
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public init() {}

    /// Creates a dictionary from key-value pairs; a later pair wins over an earlier one with the same
    /// key, which keeps its first position.
    ///
    /// ```swift
    /// let staff = WeakValueDictionary([(1, william), (2, dalton)])
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public init(_ pairs: some Sequence<(Key, Value)>) {
        merge(pairs)
    }

    /// Creates a dictionary from the entries of `dictionary`, in its iteration order.
    ///
    /// ```swift
    /// let staff = WeakValueDictionary(["William": william])
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(_ dictionary: [Key: Value]) {
        self.init()
        merge(dictionary)
    }

    /// Creates a dictionary with the live entries of `other`, in its order.
    ///
    /// ```swift
    /// let copy = WeakValueDictionary(cache)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(_ other: WeakValueDictionary<Key, Value>) {
        self.init()
        merge(other)
    }

    /// The live value for `key`, or `nil`. Assigning `nil` removes the entry.
    ///
    /// ```swift
    /// cache["logo"] = image
    /// let image = cache["logo"]
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public subscript(key: Key) -> Value? {
        get { _table.object(forKey: key) }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The live value for `key`, or `defaultValue` if there is none. Assigning through it stores the
    /// value.
    ///
    /// ```swift
    /// let image = cache["logo", default: placeholder]
    /// ```
    ///
    /// The read and the write are separate atomic steps; ``value(forKey:insertingIfAbsent:)`` is one.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { _table.object(forKey: key) ?? defaultValue() }
        set { updateValue(newValue, forKey: key) }
    }

    /// The live value for `key`; if there is none (or it died), stores `defaultValue` and returns it
    /// (Python's `setdefault`). It never returns a dead value.
    ///
    /// ```swift
    /// let shared = interned.value(forKey: name, insertingIfAbsent: Symbol(name))
    /// ```
    ///
    /// `defaultValue` is evaluated only on a miss, once, outside the dictionary's lock (so building it
    /// may use this dictionary). The insertion does not replace a live value: if another thread stored
    /// one for `key` while `defaultValue` was being built, that value is returned and the built one is
    /// dropped. Every caller for a key therefore gets the same object while it lives.
    ///
    /// - Complexity: O(1) amortized, plus the cost of `defaultValue` on a miss.
    @inlinable
    public func value(
        forKey key: Key, insertingIfAbsent defaultValue: @autoclosure () throws -> Value
    ) rethrows -> Value {
        if let current = _table.object(forKey: key) { return current }
        let newValue = try defaultValue()
        return _table.store(newValue, forKey: key, replace: false) ?? newValue
    }

    /// Stores `value` for `key`.
    ///
    /// ```swift
    /// let old = cache.updateValue(image, forKey: "logo")
    /// ```
    ///
    /// - Returns: The live value that was replaced, or `nil`.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func updateValue(_ value: Value, forKey key: Key) -> Value? {
        _table.store(value, forKey: key, replace: true)
    }

    /// Removes the entry for `key` (Python's `pop` and `del`). A dead value counts as missing.
    ///
    /// ```swift
    /// let removed = cache.removeValue(forKey: "logo")
    /// ```
    ///
    /// - Returns: The removed value if it was alive, otherwise `nil`.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func removeValue(forKey key: Key) -> Value? {
        _table.removeObject(forKey: key)
    }

    /// Removes every entry.
    ///
    /// ```swift
    /// cache.removeAll()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func removeAll() {
        _table.removeAll()
    }

    /// Makes room for `minimumCapacity` entries, so that inserting up to that many allocates nothing.
    ///
    /// ```swift
    /// cache.reserveCapacity(10_000)
    /// ```
    ///
    /// - Complexity: O(*n*) when the storage grows, otherwise O(1).
    @inlinable
    public func reserveCapacity(_ minimumCapacity: Int) {
        _table.reserveCapacity(minimumCapacity)
    }

    /// Removes and returns the oldest live entry.
    ///
    /// ```swift
    /// while let (key, value) = cache.popFirst() { … }
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popFirst() -> (key: Key, value: Value)? {
        _table.pop(fromFront: true).map { ($0.key, $0.object) }
    }

    /// Removes and returns the newest live entry (Python's `popitem`).
    ///
    /// ```swift
    /// let newest = cache.popLast()
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popLast() -> (key: Key, value: Value)? {
        _table.pop(fromFront: false).map { ($0.key, $0.object) }
    }

    /// Stores every pair of `pairs`, later ones winning (Python's `update`).
    ///
    /// ```swift
    /// cache.merge([("logo", image)])
    /// ```
    ///
    /// - Complexity: O(*n*) amortized.
    @inlinable
    public func merge(_ pairs: some Sequence<(Key, Value)>) {
        for (key, value) in pairs { updateValue(value, forKey: key) }
    }

    /// Stores every entry of `dictionary` (Python's `update`).
    ///
    /// ```swift
    /// cache.merge(["logo": image])
    /// ```
    ///
    /// - Complexity: O(*n*) amortized.
    @inlinable
    public func merge(_ dictionary: [Key: Value]) {
        for (key, value) in dictionary { updateValue(value, forKey: key) }
    }

    /// Stores every live entry of `other`, its values winning (Python's `update`).
    ///
    /// ```swift
    /// cache.merge(otherCache)
    /// ```
    ///
    /// - Complexity: O(*n*) amortized.
    @inlinable
    public func merge(_ other: WeakValueDictionary<Key, Value>) {
        for (key, value) in other { updateValue(value, forKey: key) }
    }

    /// The keys of the live values, in insertion order.
    ///
    /// ```swift
    /// let names = cache.keys
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var keys: [Key] {
        // The snapshot keeps each loaded value until after the table is unlocked (DESIGN §5.4).
        _table.snapshot().map(\.key)
    }

    /// The live values, in insertion order.
    ///
    /// ```swift
    /// let images = cache.values
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var values: [Value] { _table.objects() }

    /// The number of live entries.
    ///
    /// ```swift
    /// print(cache.count)
    /// ```
    ///
    /// - Complexity: O(*n*): dead collected-tier entries are purged first, and each prompt-tier value
    ///   is checked for a `deinit` in progress (a dying value is never counted, even while its own
    ///   `deinit` body runs). No weak load for prompt-tier values, so a few nanoseconds each.
    @inlinable
    public var count: Int { _table.liveCount() }

    /// Whether there is no live entry.
    ///
    /// ```swift
    /// if cache.isEmpty { … }
    /// ```
    ///
    /// Agrees with ``count`` at every moment.
    ///
    /// - Complexity: O(1) when the oldest stored value is alive; O(*n*) at worst.
    @inlinable
    public var isEmpty: Bool { _table.hasNoLiveEntry() }

    /// Whether `key` has a live value.
    ///
    /// ```swift
    /// if cache.contains(key: "logo") { … }
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public func contains(key: Key) -> Bool {
        _table.containsKey(key)
    }

    /// New weak references to the live values, in insertion order (Python's `valuerefs`). Check each
    /// one before use: its value may die at any time.
    ///
    /// ```swift
    /// for reference in cache.valueReferences() { print(reference) }
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func valueReferences() -> [WeakReference<Value>] {
        values.map { WeakReference($0) }
    }

    /// A new dictionary with the same live entries.
    ///
    /// ```swift
    /// let copy = cache.copy()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func copy() -> WeakValueDictionary<Key, Value> {
        WeakValueDictionary(self)
    }
}

// @unchecked: the state is in the locked table; it hands back only keys and values, Sendable here.
extension WeakValueDictionary: @unchecked Sendable where Key: Sendable, Value: Sendable {}
