import Weakref

/// The tutorial's steps up to `obj = nil`, with either tier's `Resource`; returns the reference.
private func refCallbackSteps<R: TourResource>(_: R.Type) -> WeakReference<R> {
    var obj: R? = R("temp")
    let wr = WeakReference(obj!) { print("Resource has been garbage collected:", $0) }

    print("Created weak reference:", wr)

    obj = nil
    return wr
}

func runRefCallback() {
    let wr = refCallbackSteps(Resource.self)
    Collector.collect()

    section("the same steps with a plain class (collected tier)")
    let plainWr = refCallbackSteps(Plain.Resource.self)
    collectPending("obj = nil printed nothing; wr() is already \(describe(plainWr()))")
    withExtendedLifetime((wr, plainWr)) {}

    swiftNote(
        "nothing differs for a DeinitObservable Resource: the callback gets the same, now dead, "
            + "reference inside `obj = nil`, and `Collector.collect()` finds nothing left; for a plain "
            + "class it is that collection which runs the callback.")
}
