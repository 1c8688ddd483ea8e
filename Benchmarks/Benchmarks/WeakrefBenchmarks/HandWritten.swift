import Synchronization

// The wrappers people write today instead of a weak-collection library. They are the baselines: the
// library's targets are ratios to these, measured in the same run. Each purges dead boxes lazily with
// the same amortized policy as the library's collected tier (a full scan when the dictionary has
// doubled since the last purge), so churn does not grow them without bound.
//
// The profile driver (Profile/WeakrefProfile) compiles this file too, through a symbolic link, so that
// its callgrind baselines are these very wrappers.

/// The box people write today for a weak reference in a collection.
final class WeakBox {
    weak var value: AnyObject?
    init(_ value: AnyObject) { self.value = value }
}

/// `[Key: WeakBox]`: a weak-valued dictionary.
final class BoxDictionary<Key: Hashable> {
    var storage: [Key: WeakBox] = [:]
    private var purgeAt = 32

    @inline(__always)
    func value(forKey key: Key) -> AnyObject? {
        storage[key]?.value
    }

    @inline(__always)
    func set(_ object: AnyObject, forKey key: Key) {
        if storage.count >= purgeAt { purge() }
        storage[key] = WeakBox(object)
    }

    @inline(__always)
    @discardableResult
    func removeValue(forKey key: Key) -> AnyObject? {
        storage.removeValue(forKey: key)?.value
    }

    func purge() {
        storage = storage.filter { $0.value.value != nil }
        purgeAt = max(32, storage.count * 2)
    }
}

/// `[ObjectIdentifier: WeakBox]` with an `===` check (a freed object's address is reused at once, so
/// the identifier alone proves nothing): a weak set.
final class IdentityBoxSet {
    var storage: [ObjectIdentifier: WeakBox] = [:]
    private var purgeAt = 32

    @inline(__always)
    func contains(_ object: AnyObject) -> Bool {
        guard let box = storage[ObjectIdentifier(object)] else { return false }
        return box.value === object
    }

    @inline(__always)
    @discardableResult
    func insert(_ object: AnyObject) -> Bool {
        let key = ObjectIdentifier(object)
        if let box = storage[key], box.value === object { return false }
        if storage.count >= purgeAt { purge() }
        storage[key] = WeakBox(object)
        return true
    }

    @inline(__always)
    @discardableResult
    func remove(_ object: AnyObject) -> Bool {
        let key = ObjectIdentifier(object)
        guard let box = storage[key], box.value === object else { return false }
        storage[key] = nil
        return true
    }

    func purge() {
        storage = storage.filter { $0.value.value != nil }
        purgeAt = max(32, storage.count * 2)
    }
}

/// `[ObjectIdentifier: (WeakBox, Value)]` with an `===` check: a weak-keyed dictionary.
final class IdentityBoxDictionary<Value> {
    var storage: [ObjectIdentifier: (box: WeakBox, value: Value)] = [:]
    private var purgeAt = 32

    @inline(__always)
    func value(for object: AnyObject) -> Value? {
        guard let entry = storage[ObjectIdentifier(object)], entry.box.value === object else {
            return nil
        }
        return entry.value
    }

    @inline(__always)
    func set(_ value: Value, for object: AnyObject) {
        let key = ObjectIdentifier(object)
        if let entry = storage[key], entry.box.value === object {
            storage[key] = (entry.box, value)
            return
        }
        if storage.count >= purgeAt { purge() }
        storage[key] = (WeakBox(object), value)
    }

    @inline(__always)
    @discardableResult
    func removeValue(for object: AnyObject) -> Value? {
        let key = ObjectIdentifier(object)
        guard let entry = storage[key], entry.box.value === object else { return nil }
        storage[key] = nil
        return entry.value
    }

    func purge() {
        storage = storage.filter { $0.value.box.value != nil }
        purgeAt = max(32, storage.count * 2)
    }
}

/// The thread-safe version people write: a `Mutex` around `[Int: WeakBox]`.
final class LockedBoxDictionary: Sendable {
    private let state = Mutex<[Int: WeakBox]>([:])

    func value(forKey key: Int) -> AnyObject? {
        state.withLock { $0[key]?.value }
    }

    func set(_ object: AnyObject, forKey key: Int) {
        let box = WeakBox(object)
        // The replaced box is released under the lock; it holds nothing strongly, so that is safe.
        state.withLock { $0[key] = box }
    }
}

extension WeakBox: @unchecked Sendable {}
