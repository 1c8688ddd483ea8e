/// Whether the object at `identity` has begun deinitializing (its `deinit` body may be running): the
/// Swift runtime's own answer, the flag that makes weak references to the object read `nil`.
///
/// A weak collection counts its entries with it: a prompt-tier object's entry leaves when its
/// ``DeinitObservers`` fires, after the object's `deinit` body, so during that body the entry is
/// still stored while every read already treats the object as gone. Asking the runtime costs a load
/// of the object's reference counts, where a weak load would cost a retain and a release through the
/// object's side table.
///
/// - Precondition: the object's memory has not been freed. A table calls this only for prompt-tier
///   entries and with its lock held: such an entry is removed, under that lock, before its object's
///   memory is freed.
/// Out of line and `@_effects(releasenone)` (true: it reads a flag): to the optimizer a call through a
/// function pointer could release anything, so callers would retain the objects they borrow around
/// it, through the side table, at the cost of the whole check several times over.
///
/// - Complexity: O(1).
@usableFromInline
@inline(never)
@_effects(releasenone)
func _isDeinitializing(_ identity: ObjectIdentifier) -> Bool {
    _runtimeIsDeallocating(UnsafeRawPointer(bitPattern: UInt(bitPattern: identity))!)
}
