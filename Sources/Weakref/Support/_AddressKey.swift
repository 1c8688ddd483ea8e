/// An object's address as a hash key, with a hash that costs a few instructions instead of a full
/// `Hasher` round.
///
/// The collected-tier registry hashes an address on every registration, every lookup and every removal
/// of a dead record. Addresses are not chosen by whoever feeds the table (the allocator picks them), so
/// the flooding resistance of `Hasher` buys nothing there; a multiply–xorshift mix spreads the
/// information of the 16-byte-aligned addresses over all bits, and the table's per-instance seed is
/// still mixed in.
@usableFromInline
struct _AddressKey: Hashable {
    @usableFromInline
    let address: UInt

    @inlinable
    init(_ identifier: ObjectIdentifier) {
        address = UInt(bitPattern: identifier)
    }

    @inlinable
    init(_ object: AnyObject) {
        self.init(ObjectIdentifier(object))
    }

    @inlinable
    init(address: UInt) {
        self.address = address
    }

    /// The identity of the object at ``address``.
    @inlinable
    var identity: ObjectIdentifier {
        unsafeBitCast(address, to: ObjectIdentifier.self)
    }

    /// The address scrambled so that every bit of the result depends on every bit of the address.
    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var mixed = (value ^ (value &>> 32)) &* 0xd6e8_feb8_6659_fd93
        mixed = (mixed ^ (mixed &>> 32)) &* 0xd6e8_feb8_6659_fd93
        return mixed ^ (mixed &>> 32)
    }

    @inlinable
    func hash(into hasher: inout Hasher) {
        hasher.combine(address)
    }

    /// What `Dictionary` and `Set` call for every probe: the mix above instead of `Hasher`.
    @inlinable
    func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: _AddressKey.mix(UInt64(address) ^ UInt64(UInt(bitPattern: seed))))
    }
}
