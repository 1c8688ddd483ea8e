// Forbidden: a WeakKeyDictionary holds its values strongly and hands them back, so one with
// non-Sendable values sent into a task would share them between two tasks, even with Sendable keys.
import Weakref

final class Session: Sendable {}

final class Draft {
    var text = ""
}

func check(session: Session, draft: Draft) {
    let drafts = WeakKeyDictionary<Session, Draft>()
    drafts[session] = draft
    Task {
        drafts[session]?.text = "edited in a task"
    }
    drafts[session]?.text = "edited here"
}
