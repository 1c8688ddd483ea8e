// Allowed, the control: the same uses as the forbidden snippets, for a Sendable class. If this does not
// type-check, the forbidden snippets prove nothing (a wrong module path also fails them).
import Weakref

final class Settings: Sendable {
    let name: String
    init(name: String) { self.name = name }
    func describe(_ prefix: String) -> String { prefix + name }
}

func check(settings: Settings) {
    let finalizer = Finalizer(settings) { print("closed") }
    Task { _ = finalizer.peek()?.object.name }
    _ = finalizer.peek()?.object.name

    let reference = WeakReference(settings)
    Task.detached { _ = reference()?.name }
    _ = reference()?.name

    let proxy = WeakProxy(settings)
    Task { _ = try? proxy.target().name }
    _ = try? proxy.target().name

    let describe = WeakMethod(settings, Settings.describe)
    Task.detached { _ = describe()?("in a task: ") }
    _ = describe()?("here: ")

    let open = WeakSet<Settings>()
    open.insert(settings)
    Task { for member in open { _ = member.name } }
    for member in open { _ = member.name }

    let notes = WeakKeyDictionary<Settings, String>()
    notes[settings] = "first"
    Task.detached { for key in notes.keys { _ = key.name } }
    for key in notes.keys { _ = key.name }

    let byName = WeakValueDictionary<String, Settings>()
    byName["main"] = settings
    Task { _ = byName["main"]?.name }
    _ = byName["main"]?.name
}
