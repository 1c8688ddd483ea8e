import WeakrefDiagnostics

/// The explanation appended to a leak issue: the retain cycles through the survivor, or why none
/// explains it, and what the finder could not see.
func _leakDiagnosis(of survivor: AnyObject, finder: RetainCycleFinder) -> String {
    let report = finder.findCycles(through: survivor)
    var text: String
    if report.cycles.isEmpty {
        text =
            "No retain cycle runs through it: something else still holds a strong reference to it"
            + " (a variable still in scope, a collection, a cycle that reaches it, or a closure)."
    } else {
        text = "It is kept alive by a retain cycle:"
        for cycle in report.cycles {
            text += "\n  " + cycle.description
        }
    }
    if !report.opaqueReferences.isEmpty {
        text += "\nThe cycle finder could not see into:"
        for opaque in report.opaqueReferences.prefix(5) {
            text += "\n  " + opaque.description
        }
    }
    if !report.isComplete {
        text += "\n(The search stopped at a limit of the finder.)"
    }
    return text
}

/// `file.swift:12`.
func _place(_ fileID: String, _ line: Int) -> String {
    let file = fileID.split(separator: "/").last.map(String.init) ?? fileID
    return "\(file):\(line)"
}
