import Weakref

/// A temporary file that cleans up after itself. It is `DeinitObservable`, so its finalizer runs in
/// `tmp = nil`.
final class TempFile: DeinitObservable {
    let deinitObservers = DeinitObservers()
    let path: String
    private var finalizer: Finalizer<TempFile>?

    init(_ path: String) {
        self.path = path
        // The action captures the path only; an action that captured `self` would keep the file
        // alive for ever. Storing the finalizer here makes no cycle: it holds its object weakly.
        finalizer = Finalizer(self) { [path] in TempFile.cleanUp(path) }
    }

    static func cleanUp(_ path: String) {
        print("Cleaning up \(path)")
        // A real one would remove the file here.
    }
}

extension Plain {
    /// `TempFile` in the collected tier: its finalizer runs at the next collection.
    final class TempFile {
        let path: String
        private var finalizer: Finalizer<Plain.TempFile>?

        init(_ path: String) {
            self.path = path
            finalizer = Finalizer(self) { [path] in Plain.TempFile.cleanUp(path) }
        }

        static func cleanUp(_ path: String) {
            print("Cleaning up \(path)")
        }
    }
}

func runFinalizeTempFile() {
    var tmp: TempFile? = TempFile("/tmp/data.txt")
    _ = tmp
    tmp = nil

    section("the same steps with a plain class (collected tier)")
    var plainTmp: Plain.TempFile? = Plain.TempFile("/tmp/data.txt")
    _ = plainTmp
    plainTmp = nil
    collectPending("tmp = nil printed nothing: the finalizer waits for a collection")

    swiftNote(
        "nothing differs for a DeinitObservable TempFile: its init creates a Finalizer whose action "
            + "captures only the path, and storing the Finalizer on the instance makes no cycle because "
            + "it holds its object weakly; a plain class's finalizer runs at `Collector.collect()`.")
}
