/// The slots of a ``_WeakTable``: entry structs stored inline in one manually allocated buffer, in
/// insertion order, with an occupancy bitmap after them (a cleared bit is a tombstone, whose memory is
/// uninitialized).
///
/// Manual allocation, rather than an array of optional entries, lets every read reach an entry in place
/// through a pointer (``subscript(_:)``): the weak field is loaded once, never copied. It also keeps
/// growth free of user code: growing moves entries bitwise into new memory and frees the old buffer,
/// which releases nothing.
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

    /// Stores `entry` in a new slot at the end, growing the buffer when full.
    @inlinable
    mutating func append(_ entry: __owned Entry) {
        if slotCount == capacity { grow(toAtLeast: slotCount + 1) }
        (entries + slotCount).initialize(to: entry)
        setOccupied(slotCount)
        slotCount += 1
    }

    /// Moves the entry at `slot` out, leaving a tombstone.
    @inlinable
    mutating func take(_ slot: Int) -> Entry {
        clearOccupied(slot)
        return (entries + slot).move()
    }

    /// Puts `entry` at the occupied `slot` and moves the entry that was there out.
    @inlinable
    mutating func exchange(_ slot: Int, with entry: __owned Entry) -> Entry {
        let old = (entries + slot).move()
        (entries + slot).initialize(to: entry)
        return old
    }

    /// Moves the entry at the occupied slot `source` to the tombstone at `target`.
    @inlinable
    mutating func move(from source: Int, to target: Int) {
        (entries + target).moveInitialize(from: entries + source, count: 1)
        clearOccupied(source)
        setOccupied(target)
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
    /// one. Entries move bitwise: nothing is retained or released.
    @inlinable
    mutating func reallocate(capacity newCapacity: Int) {
        let entryBytes = Self.entryBytes(capacity: newCapacity)
        let words = Self.wordCount(capacity: newCapacity)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: entryBytes + words * 8, alignment: Swift.max(MemoryLayout<Entry>.alignment, 8))
        let newEntries = raw.bindMemory(to: Entry.self, capacity: newCapacity)
        let newOccupancy = (raw + entryBytes).bindMemory(to: UInt64.self, capacity: words)
        newOccupancy.initialize(repeating: 0, count: words)
        for slot in 0..<slotCount where isOccupied(slot) {
            (newEntries + slot).moveInitialize(from: entries + slot, count: 1)
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
            (entries + slot).deinitialize(count: 1)
        }
        slotCount = 0
        deallocate()
    }
}
