/// A dictionary whose keys are held weakly: Python's `weakref.WeakKeyDictionary`.
///
/// Use it to attach data to objects you do not own, without keeping them alive. Keys are matched by
/// identity (`===`), never by their own `Equatable`; an entry leaves when its key is deallocated.
/// Values are held strongly.
///
/// ```swift
/// let metadata = WeakKeyDictionary<Document, [String: Int]>()
/// var document: Document? = Document(title: "Report")
/// metadata[document!] = ["views": 100]
/// print(metadata[document!]!)  // ["views": 100]
/// document = nil
/// print(metadata.count)        // 0 (a DeinitObservable Document leaves at once)
/// ```
///
/// A weak dictionary is a shared, live view — a class — safe to use from any thread. It keeps
/// insertion order (re-assigning a key keeps its position). Iteration walks a snapshot taken when the
/// loop starts, so the body may mutate the dictionary. Removed values are released after the
/// dictionary's lock is released, so a value's `deinit` may use the dictionary.
///
/// A value that strongly references its own key keeps that key alive forever: the classic leak of
/// weak-keyed maps without garbage-collector support.
public final class WeakKeyDictionary<Key: AnyObject, Value> {
    @usableFromInline
    let _table = _WeakTable<_AddressKey, Key, Value>()

    /// Creates an empty dictionary.
    ///
    /// ```swift
    /// let sizes = WeakKeyDictionary<Image, Int>()
    /// ```
    ///
    /// - Complexity: O(1).
    @inlinable
    public init() {}

    /// Creates a dictionary from key-value pairs; a later pair wins over an earlier one with the same
    /// key, which keeps its first position.
    ///
    /// ```swift
    /// let ages = WeakKeyDictionary([(william, 30), (dalton, 35)])
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public init(_ pairs: some Sequence<(Key, Value)>) {
        merge(pairs)
    }

    /// Creates a dictionary with the live entries of `other`, in its order.
    ///
    /// ```swift
    /// let copy = WeakKeyDictionary(metadata)
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public convenience init(_ other: WeakKeyDictionary<Key, Value>) {
        self.init()
        merge(other)
    }

    /// The value for `key`, or `nil`. Assigning `nil` removes the entry.
    ///
    /// ```swift
    /// metadata[document] = ["views": 1]
    /// let views = metadata[document]?["views"]
    /// metadata[document] = nil
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public subscript(key: Key) -> Value? {
        get { _table.payload(for: key) }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The value for `key`, or `defaultValue` if there is none. Assigning through it stores the value,
    /// so `dictionary[key, default: []].append(x)` works like Python's `setdefault(key, []).append(x)`.
    ///
    /// ```swift
    /// counts[user, default: 0] += 1
    /// ```
    ///
    /// The read and the write are two separate atomic steps; use ``updateValue(_:forKey:)`` or
    /// ``value(forKey:insertingIfAbsent:)`` for an atomic step.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { _table.payload(for: key) ?? defaultValue() }
        set { updateValue(newValue, forKey: key) }
    }

    /// The value for `key`; if there is none, stores `defaultValue` and returns it (Python's
    /// `setdefault`).
    ///
    /// ```swift
    /// let tags = index.value(forKey: document, insertingIfAbsent: [])
    /// ```
    ///
    /// `defaultValue` is evaluated only on a miss, once, outside the dictionary's lock (so building it
    /// may use this dictionary). The insertion does not replace a value: if another thread stored one
    /// for `key` while `defaultValue` was being built, that value is returned and the built one is
    /// dropped. Every caller for a key therefore gets the same value.
    ///
    /// - Complexity: O(1) amortized, plus the cost of `defaultValue` on a miss.
    @inlinable
    public func value(
        forKey key: Key, insertingIfAbsent defaultValue: @autoclosure () throws -> Value
    ) rethrows -> Value {
        if let current = _table.payload(for: key) { return current }
        let newValue = try defaultValue()
        return _table.store(key, payload: newValue, replace: false).previous ?? newValue
    }

    /// Stores `value` for `key`.
    ///
    /// ```swift
    /// let old = metadata.updateValue(["views": 2], forKey: document)
    /// ```
    ///
    /// - Returns: The value that was replaced, or `nil` if the key was new.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func updateValue(_ value: Value, forKey key: Key) -> Value? {
        _table.store(key, payload: value, replace: true).previous
    }

    /// Removes the entry for `key` (Python's `pop` and `del`).
    ///
    /// ```swift
    /// let removed = metadata.removeValue(forKey: document)
    /// ```
    ///
    /// - Returns: The removed value, or `nil` if there was no entry.
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func removeValue(forKey key: Key) -> Value? {
        _table.remove(key)
    }

    /// Removes every entry.
    ///
    /// ```swift
    /// metadata.removeAll()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func removeAll() {
        _table.removeAll()
    }

    /// Makes room for `minimumCapacity` entries, so that inserting up to that many allocates no table
    /// storage.
    ///
    /// ```swift
    /// metadata.reserveCapacity(10_000)
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
    /// while let (key, value) = metadata.popFirst() { … }
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popFirst() -> (key: Key, value: Value)? {
        _table.pop(fromFront: true).map { ($0.object, $0.payload) }
    }

    /// Removes and returns the newest live entry (Python's `popitem`).
    ///
    /// ```swift
    /// let newest = metadata.popLast()
    /// ```
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    @inlinable
    public func popLast() -> (key: Key, value: Value)? {
        _table.pop(fromFront: false).map { ($0.object, $0.payload) }
    }

    /// Stores every pair of `pairs`, later ones winning (Python's `update`).
    ///
    /// ```swift
    /// metadata.merge([(report, ["views": 3])])
    /// ```
    ///
    /// - Complexity: O(*n*) amortized.
    @inlinable
    public func merge(_ pairs: some Sequence<(Key, Value)>) {
        for (key, value) in pairs { updateValue(value, forKey: key) }
    }

    /// Stores every live entry of `other`, its values winning (Python's `update`).
    ///
    /// ```swift
    /// metadata.merge(otherMetadata)
    /// ```
    ///
    /// - Complexity: O(*n*) amortized.
    @inlinable
    public func merge(_ other: WeakKeyDictionary<Key, Value>) {
        for (key, value) in other { updateValue(value, forKey: key) }
    }

    /// The live keys, in insertion order.
    ///
    /// ```swift
    /// let documents = metadata.keys
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var keys: [Key] { _table.objects() }

    /// The values of the live keys, in insertion order.
    ///
    /// ```swift
    /// let allMetadata = metadata.values
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public var values: [Value] {
        // The snapshot keeps each loaded key until after the table is unlocked (DESIGN §5.4).
        _table.snapshot().map(\.payload)
    }

    /// The number of live entries.
    ///
    /// ```swift
    /// print(metadata.count)
    /// ```
    ///
    /// - Complexity: O(*n*): dead collected-tier entries are purged first, and each prompt-tier key
    ///   is checked for a `deinit` in progress (a dying key is never counted, even while its own
    ///   `deinit` body runs). No weak load for prompt-tier keys, so a few nanoseconds each.
    @inlinable
    public var count: Int { _table.liveCount() }

    /// Whether there is no live entry.
    ///
    /// ```swift
    /// if metadata.isEmpty { … }
    /// ```
    ///
    /// Agrees with ``count`` at every moment.
    ///
    /// - Complexity: O(1) when the oldest stored key is alive; O(*n*) at worst.
    @inlinable
    public var isEmpty: Bool { _table.hasNoLiveEntry() }

    /// Whether `key` has an entry (by identity).
    ///
    /// ```swift
    /// if metadata.contains(key: document) { … }
    /// ```
    ///
    /// Like ``WeakSet/contains(_:)``, it takes `key` over and lets it go before it looks: if the
    /// argument was the object's last strong reference, the object is deallocated first and is not
    /// found.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func contains(key: consuming Key) -> Bool {
        _table.contains(key)
    }

    /// New weak references to the live keys, in insertion order (Python's `keyrefs`). Check each one
    /// before use: its key may die at any time.
    ///
    /// ```swift
    /// for reference in metadata.keyReferences() { print(reference) }
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func keyReferences() -> [WeakReference<Key>] {
        keys.map { WeakReference($0) }
    }

    /// A new dictionary with the same live entries.
    ///
    /// ```swift
    /// let copy = metadata.copy()
    /// ```
    ///
    /// - Complexity: O(*n*).
    @inlinable
    public func copy() -> WeakKeyDictionary<Key, Value> {
        WeakKeyDictionary(self)
    }
}

// @unchecked: the state is in the locked table; it hands back only keys and values, Sendable here.
extension WeakKeyDictionary: @unchecked Sendable where Key: Sendable, Value: Sendable {}
