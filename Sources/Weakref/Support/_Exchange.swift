/// Stores `newValue` in `target` and returns the old value, moved out rather than copied.
///
/// Inside a critical section, replacing a stored value by assignment would release the old one there;
/// exchanging hands it to the caller, who puts it into the bag or the result (DESIGN §5.4).
///
/// - Complexity: O(1).
@inlinable
func _exchange<Value>(_ target: inout Value, _ newValue: __owned Value) -> Value {
    var value = newValue
    swap(&target, &value)
    return value
}
