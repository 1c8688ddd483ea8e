/// Python's address format: `0x` and lowercase hexadecimal digits.
func _address(of object: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(object)), radix: 16)
}

/// `<kind at 0x…; to 'Type' at 0x…>` while `referent` is alive, `<kind at 0x…; dead>` after.
func _referenceDescription(
    kind: String, of reference: AnyObject, referent: AnyObject?, preposition: String = "to"
) -> String {
    guard let referent else { return "<\(kind) at \(_address(of: reference)); dead>" }
    return "<\(kind) at \(_address(of: reference)); \(preposition) '\(type(of: referent))' "
        + "at \(_address(of: referent))>"
}
