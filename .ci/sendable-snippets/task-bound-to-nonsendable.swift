// Forbidden: a task bound to an owner hands its body a WeakReference to the owner, so a non-Sendable
// owner would be reachable from the task and from the code that started it.
import Weakref

final class Screen {
    var title = "home"
}

func check(screen: Screen) {
    Task(boundTo: screen) { owner in owner()?.title = "edited in a task" }
    screen.title = "edited here"
}
