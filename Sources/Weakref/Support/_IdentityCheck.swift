/// Whether `loaded`, an object just loaded from a weak reference stored under `address`, is alive and
/// is the object at `address` that the caller holds; consumes `loaded`.
///
/// A lookup in an identity table loads the entry's weak reference, which yields either the object the
/// caller asked about (so the caller holds it) or `nil`: dropping the loaded reference therefore never
/// releases the last one, and no `deinit` can run. Saying so to the optimizer
/// (`@_effects(releasenone)`, true for every call made this way) spares callers a retain and a
/// release of the object they pass in, which they would otherwise add to protect it from a `deinit`
/// run by that drop. Both take the slow path through the object's side table (every weakly
/// referenced object has one): about a third of a lookup's time, more when the side table is not
/// in the cache.
///
/// - Precondition: `loaded` is `nil` or the caller holds it strongly.
@usableFromInline
@inline(never)
@_effects(releasenone)
func _isLiveObject(_ loaded: __owned AnyObject?, at address: ObjectIdentifier) -> Bool {
    guard let loaded else { return false }
    return ObjectIdentifier(loaded) == address
}
