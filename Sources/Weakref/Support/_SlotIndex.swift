/// A hash index that maps keys to the slots of an array their owner keeps: which slot holds the entry of
/// a key. It stores slots, not keys: a lookup compares the key stored at the slot, which the owner
/// reaches anyway. Two owners use it: a ``_WeakTable`` (slots of its ``_WeakTableStorage``) and a shard
/// of the collected-tier registry (positions of its records, ``_ReferentRegistry/Shard``).
///
/// A `[Key: Int]` dictionary kept a second copy of every key, which cost memory (16 bytes a bucket for
/// an `Int` key against 8 here) and, for keys that own objects, bookkeeping: every removal and every
/// re-keying had to move the index's copy into the garbage bag so that it was not released under the
/// lock. This index owns nothing, so nothing it drops can run user code.
///
/// Open addressing with linear probing, at most three quarters full, in a manually allocated power-of-two
/// array of words. A word is 0 when empty; otherwise its high half is the low 32 bits of the key's hash
/// (its *tag*, which also gives the bucket the key belongs in) and its low half the slot plus one.
/// Probes compare tags before they look at an entry, so a miss rarely touches the entries at all.
/// Removal shifts the following words back instead of leaving a tombstone, so probe sequences never
/// lengthen with churn.
///
/// A plain struct that its owner never copies (a ``_WeakTableState`` behind its table's pointer, a shard
/// behind its lock) and frees with ``deallocate()``. Not thread-safe: the owner's lock guards it.
@usableFromInline
struct _SlotIndex {
    /// The buckets; dangling (never dereferenced) while `bucketCount` is 0.
    @usableFromInline
    var buckets: UnsafeMutablePointer<UInt64>
    /// 0, or a power of two.
    @usableFromInline
    var bucketCount = 0
    /// The non-empty buckets.
    @usableFromInline
    var count = 0

    @inlinable
    init() {
        buckets = UnsafeMutablePointer(bitPattern: MemoryLayout<UInt64>.alignment)!
    }

    /// The largest slot a word can hold (its low half is the slot plus one).
    @inlinable
    static var maximumSlot: Int { Int(UInt32.max) - 1 }

    /// The smallest bucket count allocated.
    @inlinable
    static var minimumBucketCount: Int { 8 }

    /// The tag of `hash`, as stored in the high half of a word.
    @inlinable
    @inline(__always)
    static func tag(of hash: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: hash))
    }

    @inlinable
    @inline(__always)
    static func word(tag: UInt64, slot: Int) -> UInt64 {
        (tag &<< 32) | UInt64(truncatingIfNeeded: slot &+ 1)
    }

    @inlinable
    @inline(__always)
    static func slot(of word: UInt64) -> Int {
        Int(truncatingIfNeeded: word & 0xFFFF_FFFF) &- 1
    }

    /// Whether `word` holds `tag` (its high half).
    @inlinable
    @inline(__always)
    static func holds(_ word: UInt64, tag: UInt64) -> Bool {
        word &>> 32 == tag
    }

    @inlinable
    @inline(__always)
    var mask: Int { bucketCount &- 1 }

    /// The one probe of the index: walks `buckets` from `word`'s home bucket (the bucket its tag names)
    /// to the first bucket that is empty or whose word `stops` accepts, and returns its position. An
    /// index at most three quarters full always has an empty bucket, so the walk ends.
    @inlinable
    @inline(__always)
    static func probe(
        from word: UInt64, in buckets: UnsafeMutablePointer<UInt64>, mask: Int,
        until stops: (UInt64) -> Bool
    ) -> Int {
        var position = Int(truncatingIfNeeded: word &>> 32) & mask
        while true {
            let found = buckets[position]
            if found == 0 || stops(found) { return position }
            position = (position &+ 1) & mask
        }
    }

    /// ``probe(from:in:mask:until:)`` for the key whose hash is `hash`: stops at a word whose tag agrees
    /// and whose slot `matches` (the entry at that slot holds the key).
    @inlinable
    @inline(__always)
    func probe(forHash hash: Int, where matches: (Int) -> Bool) -> Int {
        let tag = Self.tag(of: hash)
        return Self.probe(from: tag &<< 32, in: buckets, mask: mask) { word in
            Self.holds(word, tag: tag) && matches(Self.slot(of: word))
        }
    }

    /// Doubles the buckets when one more key would make the index more than three quarters full.
    @inlinable
    @inline(__always)
    mutating func growIfFull() {
        if (count &+ 1) &* 4 > bucketCount &* 3 { grow() }
    }

    /// The slot of the key whose hash is `hash`, if any: `matches(slot)` tells whether the entry at a
    /// slot whose tag agrees holds the key.
    ///
    /// - Complexity: O(1) on average.
    @inlinable
    @inline(__always)
    func slot(forHash hash: Int, where matches: (Int) -> Bool) -> Int? {
        guard bucketCount > 0 else { return nil }
        let word = buckets[probe(forHash: hash, where: matches)]
        return word == 0 ? nil : Self.slot(of: word)
    }

    /// The slot of the key whose hash is `hash`, like ``slot(forHash:where:)``; if the key is absent,
    /// `nil`, and the key now maps to `newSlot` (one probe sequence instead of two).
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    @inline(__always)
    mutating func slotOrInsert(_ newSlot: Int, forHash hash: Int, where matches: (Int) -> Bool) -> Int? {
        growIfFull()
        let position = probe(forHash: hash, where: matches)
        let word = buckets[position]
        if word != 0 { return Self.slot(of: word) }
        buckets[position] = Self.word(tag: Self.tag(of: hash), slot: newSlot)
        count &+= 1
        return nil
    }

    /// Maps a key known to be absent, whose hash is `hash`, to `slot`.
    ///
    /// - Complexity: O(1) amortized.
    @inlinable
    mutating func insert(_ slot: Int, forHash hash: Int) {
        growIfFull()
        Self.place(Self.word(tag: Self.tag(of: hash), slot: slot), in: buckets, mask: mask)
        count &+= 1
    }

    /// Puts `word` in the first empty bucket from its home on.
    @inlinable
    @inline(__always)
    static func place(_ word: UInt64, in buckets: UnsafeMutablePointer<UInt64>, mask: Int) {
        buckets[probe(from: word, in: buckets, mask: mask) { _ in false }] = word
    }

    /// The bucket that maps the key whose hash is `hash` to `slot`.
    ///
    /// - Precondition: the index maps that key to `slot`.
    @inlinable
    @inline(__always)
    func position(ofSlot slot: Int, forHash hash: Int) -> Int {
        let wanted = Self.word(tag: Self.tag(of: hash), slot: slot)
        let position = Self.probe(from: wanted, in: buckets, mask: mask) { $0 == wanted }
        precondition(buckets[position] != 0, "weakref: an index lost a slot")
        return position
    }

    /// Removes the mapping of the key whose hash is `hash` to `slot`.
    ///
    /// - Precondition: the index maps that key to `slot`.
    /// - Complexity: O(1) on average.
    @inlinable
    mutating func remove(_ slot: Int, forHash hash: Int) {
        var hole = position(ofSlot: slot, forHash: hash)
        // Backward shift: move each following word of the run into the hole when the hole lies between
        // the word's own bucket and where it sits, so that every word stays reachable from its bucket.
        var next = (hole &+ 1) & mask
        while true {
            let word = buckets[next]
            if word == 0 { break }
            let home = Int(truncatingIfNeeded: word &>> 32) & mask
            if (next &- home) & mask >= (next &- hole) & mask {
                buckets[hole] = word
                hole = next
            }
            next = (next &+ 1) & mask
        }
        buckets[hole] = 0
        count &-= 1
    }

    /// Makes the key whose hash is `hash`, mapped to `oldSlot`, map to `newSlot` (its entry moved).
    ///
    /// - Precondition: the index maps that key to `oldSlot`.
    @inlinable
    mutating func move(_ oldSlot: Int, to newSlot: Int, forHash hash: Int) {
        let position = position(ofSlot: oldSlot, forHash: hash)
        buckets[position] = Self.word(tag: Self.tag(of: hash), slot: newSlot)
    }

    /// Makes room for `minimumCount` keys without growing.
    @inlinable
    mutating func reserveCapacity(_ minimumCount: Int) {
        let needed = Self.bucketCount(for: minimumCount)
        if needed > bucketCount { reallocate(bucketCount: needed) }
    }

    /// The bucket count that holds `count` keys at most three quarters full.
    @inlinable
    static func bucketCount(for count: Int) -> Int {
        var buckets = minimumBucketCount
        while buckets &* 3 < count &* 4 { buckets &*= 2 }
        return buckets
    }

    @inlinable
    @inline(never)
    mutating func grow() {
        reallocate(bucketCount: Swift.max(bucketCount &* 2, Self.minimumBucketCount))
    }

    /// Moves every word into a new array of `newCount` buckets: the tags give their buckets, so no key
    /// is hashed again.
    @inlinable
    mutating func reallocate(bucketCount newCount: Int) {
        let newBuckets = UnsafeMutablePointer<UInt64>.allocate(capacity: newCount)
        newBuckets.initialize(repeating: 0, count: newCount)
        for position in 0..<bucketCount where buckets[position] != 0 {
            Self.place(buckets[position], in: newBuckets, mask: newCount &- 1)
        }
        if bucketCount > 0 { buckets.deallocate() }
        buckets = newBuckets
        bucketCount = newCount
    }

    /// Forgets every key, keeping the buckets only if there are at most `retainedBucketCount`.
    @inlinable
    mutating func removeAll(retainingBucketsUpTo retainedBucketCount: Int) {
        if bucketCount > retainedBucketCount {
            deallocate()
        } else if count > 0 {
            buckets.update(repeating: 0, count: bucketCount)
            count = 0
        }
    }

    /// Frees the buckets and forgets every key.
    @inlinable
    mutating func deallocate() {
        if bucketCount > 0 { buckets.deallocate() }
        self = Self()
    }

    /// Calls `body` with the slot and tag of every mapping, in bucket order (for invariant checks).
    @inlinable
    func forEach(_ body: (_ slot: Int, _ tag: UInt64) -> Void) {
        for position in 0..<bucketCount where buckets[position] != 0 {
            body(Self.slot(of: buckets[position]), buckets[position] &>> 32)
        }
    }
}
