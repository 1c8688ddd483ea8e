import Weakref

/// The tutorial's steps with either tier's `Resource`; returns the reference so that the caller decides
/// how long it lives (a reference freed before its object never calls back, in Python too).
private func callbackSteps<R: TourResource>(_: R.Type) -> WeakReference<R> {
    var obj: R? = R("important")
    let weakRef = WeakReference(obj!) { _ in
        print("Resource was collected")
    }
    obj = nil
    return weakRef
}

func runCallback() {
    let weakRef = callbackSteps(Resource.self)

    section("the same steps with a plain class (collected tier)")
    let plainRef = callbackSteps(Plain.Resource.self)
    collectPending("obj = nil printed nothing; weakRef() is already \(describe(plainRef()))")
    withExtendedLifetime((weakRef, plainRef)) {}

    swiftNote(
        "nothing differs for a DeinitObservable Resource: the callback runs inside `obj = nil`; a plain "
            + "class's callback waits for `Collector.collect()` (Swift has no deallocation hook for "
            + "arbitrary objects), though `weakRef()` reads nil at once in both tiers.")
}
