/// The slots of a ``_WeakTable``: entry structs stored inline in one manually allocated buffer, in
/// insertion order, with an occupancy bitmap after them (a cleared bit is a tombstone, whose memory is
/// uninitialized).
///
/// Manual allocation, rather than an array of optional entries, lets every read reach an entry in place
/// through a pointer (``subscript(_:)``, ``object(at:)``): the weak field is loaded once, never
/// copied. Entries are built, moved and destroyed field by field (see ``_WeakCell`` for why). Growth
/// runs no user code: it moves entries into new memory and frees the old buffer, releasing nothing.
///
/// A plain struct owned by ``_WeakTableState``, which lives behind the table's pointer and is never
/// copied; the table's `deinit` calls ``destroy()``. Not thread-safe: the table's lock guards it.
@usableFromInline
struct _WeakTableStorage<LookupKey: Hashable, Object: AnyObject, Payload> {
    @usableFromInline
    typealias Entry = _WeakTableEntry<LookupKey, Object, Payload>

    /// The first entry; dangling (never dereferenced) while `capacity` is 0.
    @usableFromInline
    var entries: UnsafeMutablePointer<Entry>
    /// One bit a slot, set where an entry is stored; in the same allocation, after the entries.
    @usableFromInline
    var occupancy: UnsafeMutablePointer<UInt64>
    /// The slots in use: stored entries and tombstones. Slots from here on are unused, their bits clear.
    @usableFromInline
    var slotCount = 0
    @usableFromInline
    var capacity = 0

    @inlinable
    init() {
        entries = UnsafeMutablePointer(bitPattern: MemoryLayout<Entry>.alignment)!
        occupancy = UnsafeMutablePointer(bitPattern: MemoryLayout<UInt64>.alignment)!
    }

    /// The entry at `slot`, to read or write in place.
    ///
    /// - Precondition: `slot` is occupied (or, to initialize, unused and below `capacity`).
    @inlinable
    @inline(__always)
    subscript(slot: Int) -> UnsafeMutablePointer<Entry> {
        entries + slot
    }

    /// Whether an entry is stored at `slot` (`slot < slotCount`).
    @inlinable
    @inline(__always)
    func isOccupied(_ slot: Int) -> Bool {
        occupancy[slot &>> 6] & (1 &<< UInt64(truncatingIfNeeded: slot & 63)) != 0
    }

    @inlinable
    @inline(__always)
    func setOccupied(_ slot: Int) {
        occupancy[slot &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: slot & 63)
    }

    @inlinable
    @inline(__always)
    func clearOccupied(_ slot: Int) {
        occupancy[slot &>> 6] &= ~(1 &<< UInt64(truncatingIfNeeded: slot & 63))
    }

    /// The object of the entry at the occupied `slot`, loaded in place (one `swift_weakLoadStrong`).
    @inlinable
    @inline(__always)
    func object(at slot: Int) -> Object? {
        guard let object = (entries + slot).pointee.cell.object else { return nil }
        return unsafeDowncast(object, to: Object.self)
    }

    /// Builds an entry in the unused memory at `slot`, field by field (``_WeakCell``).
    @inlinable
    @inline(__always)
    func initialize(
        _ slot: Int, object: Object, lookupKey: LookupKey, payload: __owned Payload,
        registration: __owned Entry.Registration
    ) {
        let entry = entries + slot
        Entry.cell(of: entry).initialize(to: _WeakCell(object))
        Entry.lookupKey(of: entry).initialize(to: lookupKey)
        Entry.payload(of: entry).initialize(to: payload)
        Entry.registration(of: entry).initialize(to: registration)
    }

    /// Stores a new entry in a new slot at the end, growing the buffer when full.
    @inlinable
    mutating func append(
        object: Object, lookupKey: LookupKey, payload: __owned Payload,
        registration: __owned Entry.Registration
    ) {
        if slotCount == capacity { grow(toAtLeast: slotCount + 1) }
        initialize(
            slotCount, object: object, lookupKey: lookupKey, payload: payload, registration: registration)
        setOccupied(slotCount)
        slotCount += 1
    }

    /// Moves the entry at `slot` out, leaving a tombstone: its weak reference is destroyed in place
    /// (which runs no `deinit`), its key, payload and registration are moved into the result.
    @inlinable
    mutating func take(_ slot: Int) -> _WeakTableRemoved<LookupKey, Payload> {
        clearOccupied(slot)
        return Self.moveOut(entries + slot)
    }

    @inlinable
    @inline(__always)
    static func moveOut(_ entry: UnsafeMutablePointer<Entry>) -> _WeakTableRemoved<LookupKey, Payload> {
        Entry.cell(of: entry).deinitialize(count: 1)
        return _WeakTableRemoved(
            remains: _WeakTableRemains(
                key: Entry.lookupKey(of: entry).move(), payload: Entry.payload(of: entry).move()),
            registration: Entry.registration(of: entry).move())
    }

    /// Puts a new entry at the occupied `slot` and moves the entry that was there out (``take(_:)``).
    @inlinable
    mutating func exchange(
        _ slot: Int, object: Object, lookupKey: LookupKey, payload: __owned Payload,
        registration: __owned Entry.Registration
    ) -> _WeakTableRemoved<LookupKey, Payload> {
        let old = Self.moveOut(entries + slot)
        initialize(slot, object: object, lookupKey: lookupKey, payload: payload, registration: registration)
        return old
    }

    /// Moves the entry at the occupied slot `source` to the tombstone at `target`.
    @inlinable
    mutating func move(from source: Int, to target: Int) {
        Self.move(from: entries + source, to: entries + target)
        clearOccupied(source)
        setOccupied(target)
    }

    /// Moves an entry field by field (``_WeakCell``): a weak take and plain moves.
    @inlinable
    @inline(__always)
    static func move(from source: UnsafeMutablePointer<Entry>, to target: UnsafeMutablePointer<Entry>) {
        Entry.cell(of: target).initialize(to: Entry.cell(of: source).move())
        Entry.lookupKey(of: target).initialize(to: Entry.lookupKey(of: source).move())
        Entry.payload(of: target).initialize(to: Entry.payload(of: source).move())
        Entry.registration(of: target).initialize(to: Entry.registration(of: source).move())
    }

    /// Forgets the unoccupied slots at the end.
    @inlinable
    mutating func dropTrailingTombstones() {
        while slotCount > 0, !isOccupied(slotCount - 1) { slotCount -= 1 }
    }

    /// Forgets every slot from `newCount` on.
    ///
    /// - Precondition: none of them is occupied.
    @inlinable
    mutating func truncate(to newCount: Int) {
        slotCount = newCount
    }

    /// Forgets every slot, keeping the buffer only if its capacity is at most `retainedCapacity`.
    ///
    /// - Precondition: no slot is occupied (entries were taken out, so there is nothing to release).
    @inlinable
    mutating func removeAll(retainingCapacityUpTo retainedCapacity: Int) {
        slotCount = 0
        if capacity > retainedCapacity { deallocate() }
    }

    /// Makes room for `minimumCapacity` slots in all.
    @inlinable
    mutating func reserveCapacity(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { reallocate(capacity: minimumCapacity) }
    }

    /// Grows geometrically, so that appends are O(1) amortized.
    @inlinable
    @inline(never)
    mutating func grow(toAtLeast minimumCapacity: Int) {
        reallocate(capacity: Swift.max(minimumCapacity, capacity &* 2, 4))
    }

    /// The bytes of the entries, rounded up so that the bitmap after them is aligned.
    @inlinable
    static func entryBytes(capacity: Int) -> Int {
        (capacity * MemoryLayout<Entry>.stride + 7) & ~7
    }

    @inlinable
    static func wordCount(capacity: Int) -> Int { (capacity + 63) >> 6 }

    /// Moves every stored entry, in its slot, to a new buffer of `newCapacity` slots, and frees the old
    /// one. Moves retain and release nothing.
    @inlinable
    mutating func reallocate(capacity newCapacity: Int) {
        // The index keeps a slot in 32 bits.
        precondition(
            newCapacity <= _SlotIndex.maximumSlot + 1,
            "weakref: a weak collection holds at most 2³² - 1 slots")
        let entryBytes = Self.entryBytes(capacity: newCapacity)
        let words = Self.wordCount(capacity: newCapacity)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: entryBytes + words * 8, alignment: Swift.max(MemoryLayout<Entry>.alignment, 8))
        let newEntries = raw.bindMemory(to: Entry.self, capacity: newCapacity)
        let newOccupancy = (raw + entryBytes).bindMemory(to: UInt64.self, capacity: words)
        newOccupancy.initialize(repeating: 0, count: words)
        for slot in 0..<slotCount where isOccupied(slot) {
            Self.move(from: entries + slot, to: newEntries + slot)
        }
        let usedWords = Self.wordCount(capacity: slotCount)
        if usedWords > 0 { newOccupancy.update(from: occupancy, count: usedWords) }
        if capacity > 0 { UnsafeMutableRawPointer(entries).deallocate() }
        entries = newEntries
        occupancy = newOccupancy
        capacity = newCapacity
    }

    /// Frees the buffer and forgets every slot.
    ///
    /// - Precondition: no slot is occupied (entries were moved out or destroyed).
    @inlinable
    mutating func deallocate() {
        if capacity > 0 { UnsafeMutableRawPointer(entries).deallocate() }
        self = Self()
    }

    /// Destroys every stored entry and frees the buffer. For the table's `deinit`, where no lock is held.
    @inlinable
    mutating func destroy() {
        for slot in 0..<slotCount where isOccupied(slot) {
            _ = Self.moveOut(entries + slot)
        }
        slotCount = 0
        deallocate()
    }
}
