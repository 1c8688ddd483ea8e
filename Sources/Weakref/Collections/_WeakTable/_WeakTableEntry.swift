/// One entry of a ``_WeakTable``: the weakly held object, the key it is found under, its payload, and
/// for a prompt-tier object how its death reaches the table (``_EntryRegistration``).
///
/// Entries are structs stored inline in the table's ``_WeakTableStorage`` (no allocation per entry for
/// the collected tier). They are read and written only in place, field by field, through a pointer
/// into the storage: reading the weak field of a struct copied out of an array would copy the weak
/// reference (`swift_weakCopyInit` + `swift_weakDestroy`, twice the cost of the load); see
/// ``_WeakCell`` for what else copies.
///
/// The entry owns its key and payload; when it leaves the table, both are moved out and go into the
/// critical section's bag (``_WeakTableState/dispose(_:into:)``), never destroyed under the lock. Its
/// weak reference is destroyed in place: destroying a weak reference runs no `deinit`.
@usableFromInline
struct _WeakTableEntry<LookupKey: Hashable, Object: AnyObject, Payload> {
    @usableFromInline
    typealias Registration = _EntryRegistration<LookupKey, Payload>

    /// The object, held weakly (read it with ``_WeakTableStorage/object(at:)``).
    @usableFromInline
    var cell: _WeakCell
    @usableFromInline
    var lookupKey: LookupKey
    @usableFromInline
    var payload: Payload
    /// What the object's death finds this entry by: nothing for the collected tier, whose dead entries
    /// are purged by scans; for the prompt tier, the entry's own observer or the object's address.
    @usableFromInline
    var registration: Registration
}

/// How a prompt-tier object's death reaches its entry, in one word (a multi-payload enum of two class
/// references keeps its tag in their spare bits: 8 bytes, the size of the optional observer it replaced).
@usableFromInline
enum _EntryRegistration<LookupKey, Payload> {
    /// The collected tier: nothing is registered; a purge finds the dead entry.
    case collected
    /// An observer of the entry's own, registered on the object: a table whose `Object` type is not
    /// `DeinitObservable` holding an object whose dynamic type is. It knows the entry's slot.
    case observer(_WeakTableObserver<LookupKey, Payload>)
    /// The table's link, registered inline on the object (``_InlineRegistrant``), whose death hands
    /// back this address (unretained: the object may be deinitializing while the entry is stored).
    case inline(Unmanaged<AnyObject>)

    /// The registration of an entry registered inline on the object at `identity`.
    @inlinable
    @inline(__always)
    static func inline(_ identity: ObjectIdentifier) -> Self {
        .inline(
            Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: UInt(bitPattern: identity)).unsafelyUnwrapped))
    }

    /// Whether the object is in the collected tier.
    @inlinable
    @inline(__always)
    var isCollected: Bool {
        if case .collected = self { return true }
        return false
    }

    /// The identity of a prompt-tier object, read from the registration (no weak load); `nil` for the
    /// collected tier.
    @inlinable
    @inline(__always)
    var promptIdentity: ObjectIdentifier? {
        switch self {
        case .collected: return nil
        case .observer(let observer): return observer.identity
        case .inline(let address): return _AddressKey(address: UInt(bitPattern: address.toOpaque())).identity
        }
    }

    /// The identity of an object registered inline; `nil` for any other registration.
    @inlinable
    @inline(__always)
    var inlineIdentity: ObjectIdentifier? {
        guard case .inline(let address) = self else { return nil }
        return _AddressKey(address: UInt(bitPattern: address.toOpaque())).identity
    }

    /// Whether this is the registration of `observer`.
    @inlinable
    @inline(__always)
    func holds(_ observer: _WeakTableObserver<LookupKey, Payload>) -> Bool {
        guard case .observer(let registered) = self else { return false }
        return registered === observer
    }
}

extension _WeakTableEntry {
    // The address of each field of an entry in the buffer, for initializing, moving and destroying
    // fields one by one. Computed from the fields' own layouts rather than with
    // `pointer(to: \.field)`: an unoptimized build instantiates a key path into a generic struct at run
    // time on every call, demangling its generic arguments — half the time of a debug table operation,
    // more under the sanitizers. Optimized builds fold both to the same constant. The arithmetic is the
    // layout of a fixed-layout struct in Swift's ABI (stored properties in declaration order, each at
    // the next offset aligned for it); a test compares it with `MemoryLayout.offset(of:)`.

    @inlinable
    static func offset<Field>(after previousEnd: Int, of _: Field.Type) -> Int {
        let alignmentMask = MemoryLayout<Field>.alignment - 1
        return (previousEnd + alignmentMask) & ~alignmentMask
    }

    @inlinable
    static var lookupKeyOffset: Int { offset(after: MemoryLayout<_WeakCell>.size, of: LookupKey.self) }

    @inlinable
    static var payloadOffset: Int {
        offset(after: lookupKeyOffset + MemoryLayout<LookupKey>.size, of: Payload.self)
    }

    @inlinable
    static var registrationOffset: Int {
        offset(after: payloadOffset + MemoryLayout<Payload>.size, of: Registration.self)
    }

    @inlinable
    @inline(__always)
    static func field<Field>(of entry: UnsafeMutablePointer<Self>, at offset: Int, as _: Field.Type)
        -> UnsafeMutablePointer<Field>
    {
        (UnsafeMutableRawPointer(entry) + offset).assumingMemoryBound(to: Field.self)
    }

    /// The weak reference of the entry at `entry` (the first field).
    @inlinable
    @inline(__always)
    static func cell(of entry: UnsafeMutablePointer<Self>) -> UnsafeMutablePointer<_WeakCell> {
        field(of: entry, at: 0, as: _WeakCell.self)
    }

    /// The key of the entry at `entry`.
    @inlinable
    @inline(__always)
    static func lookupKey(of entry: UnsafeMutablePointer<Self>) -> UnsafeMutablePointer<LookupKey> {
        field(of: entry, at: lookupKeyOffset, as: LookupKey.self)
    }

    /// The payload of the entry at `entry`.
    @inlinable
    @inline(__always)
    static func payload(of entry: UnsafeMutablePointer<Self>) -> UnsafeMutablePointer<Payload> {
        field(of: entry, at: payloadOffset, as: Payload.self)
    }

    /// The registration of the entry at `entry`.
    @inlinable
    @inline(__always)
    static func registration(of entry: UnsafeMutablePointer<Self>) -> UnsafeMutablePointer<Registration> {
        field(of: entry, at: registrationOffset, as: Registration.self)
    }
}

/// A weak reference to an object of a table's `Object` type, as a non-generic struct.
///
/// Measured in the disassembly (Swift 6.3.1, Linux): a struct holding a weak reference is not bitwise
/// takable, and moving, copying or destroying a *generic* one goes through its metadata's value
/// witnesses (an outlined call that instantiates the metadata); a `weak let` field, or a computed
/// property, read through a pointer copies the whole struct first (`swift_weakCopyInit`). A
/// non-generic cell with a `weak var` is moved with one `swift_weakTakeInit` and loaded in place with
/// one `swift_weakLoadStrong`. So the entry's fields are initialized, moved and destroyed one by one
/// (``_WeakTableStorage``), never the entry as a whole, and the object is read through the stored
/// path `entry.cell.object`.
@usableFromInline
struct _WeakCell {
    @usableFromInline
    weak var object: AnyObject?

    @inlinable
    init(_ object: AnyObject) {
        self.object = object
    }
}

/// What a removed entry leaves behind that user code may own: its key and its payload, moved into the
/// critical section's bag and released after unlocking.
@usableFromInline
struct _WeakTableRemains<LookupKey, Payload> {
    @usableFromInline
    var key: LookupKey
    @usableFromInline
    var payload: Payload

    @inlinable
    init(key: LookupKey, payload: Payload) {
        self.key = key
        self.payload = payload
    }

    /// Whether remains of these types own nothing (trivial key and payload, e.g. `Int` and `Void`):
    /// destroying them releases nothing, so they need not go into the bag. Constant once specialized.
    @inlinable
    static var ownNothing: Bool { _isPOD(LookupKey.self) && _isPOD(Payload.self) }
}

/// An entry moved out of the table: what is left to dispose of once its weak reference is destroyed.
@usableFromInline
struct _WeakTableRemoved<LookupKey, Payload> {
    @usableFromInline
    var remains: _WeakTableRemains<LookupKey, Payload>
    @usableFromInline
    var registration: _EntryRegistration<LookupKey, Payload>

    @inlinable
    init(remains: _WeakTableRemains<LookupKey, Payload>, registration: _EntryRegistration<LookupKey, Payload>)
    {
        self.remains = remains
        self.registration = registration
    }

    @inlinable
    var lookupKey: LookupKey { remains.key }
    @inlinable
    var payload: Payload { remains.payload }
}
