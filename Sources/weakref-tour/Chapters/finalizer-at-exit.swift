import Weakref

/// A collected-tier object that lives until the process exits.
final class ExitWitness: Sendable {}

/// The object the four finalizers watch, kept alive by a global.
let exitWitness = ExitWitness()
/// The object of the finalizer created while exit processing runs.
let lateExitWitness = ExitWitness()

/// A check rather than a tutorial: the finalizers print only at normal exit, newest first, with the one
/// created during exit processing run before the older ones, and never the one that opted out. The
/// expected output is exactly `f4`, `f3`, `g1`, `f1`, one a line; the chapter prints nothing else.
func runFinalizerAtExit() {
    Finalizer(exitWitness) { print("f1") }
    let optedOut = Finalizer(exitWitness) { print("f2") }
    optedOut.runsAtExit = false
    Finalizer(exitWitness) {
        print("f3")
        Finalizer(lateExitWitness) { print("g1") }
    }
    Finalizer(exitWitness) { print("f4") }
}
