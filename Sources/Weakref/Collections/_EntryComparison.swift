/// Whether two snapshots of a dictionary hold the same keys with equal values, whatever their order.
///
/// Shared by the weak dictionaries' `==`. The snapshots hold their objects strongly, so identities used
/// as keys cannot be reused while comparing.
@inlinable
func _sameEntries<Key: Hashable, Value: Equatable>(
    _ left: [(key: Key, value: Value)], _ right: [(key: Key, value: Value)]
) -> Bool {
    guard left.count == right.count else { return false }
    var rightValues: [Key: Value] = [:]
    rightValues.reserveCapacity(right.count)
    for entry in right { rightValues[entry.key] = entry.value }
    return left.allSatisfy { rightValues[$0.key] == $0.value }
}

/// `Name([key: value, …])`, or `Name([:])` when empty: a weak dictionary's description, in the style of
/// Swift's `Dictionary`.
func _dictionaryDescription<Key, Value>(
    _ typeName: String, _ entries: some Sequence<(key: Key, value: Value)>
) -> String {
    let pairs = entries.map { "\(String(reflecting: $0.key)): \(String(reflecting: $0.value))" }
    return "\(typeName)([\(pairs.isEmpty ? ":" : pairs.joined(separator: ", "))])"
}
