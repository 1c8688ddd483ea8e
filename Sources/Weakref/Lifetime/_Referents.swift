/// Finds the record of any object, in whichever tier it belongs to.
@usableFromInline
enum _Referents {
    /// The record for `object`, created if needed.
    ///
    /// - Precondition: the caller holds `object` strongly and has seen, through a weak reference of its
    ///   own, that it is not deinitializing.
    @usableFromInline
    static func record(for object: AnyObject) -> _ReferentRecord {
        if let entry = _TierCache.entry(for: object) {
            if let promptRecord = entry.promptRecord { return promptRecord(object) }
        } else if let observable = object as? any DeinitObservable {
            return promptRecord(of: observable)
        }
        return _ReferentRegistry.shared.record(for: object)
    }

    /// Registers `observer` on `object`: inline in a prompt-tier object's storage when it is the only
    /// observer, in the object's record otherwise.
    ///
    /// - Precondition: the caller holds `object` strongly and has seen, through a weak reference of its
    ///   own, that it is not deinitializing.
    /// - Returns: `false` when the referent's observers already fired (the registration is dead).
    @usableFromInline
    static func attach(_ observer: _Observer, to object: AnyObject) -> Bool {
        if let entry = _TierCache.entry(for: object) {
            if let promptAttach = entry.promptAttach { return promptAttach(object, observer) }
        } else if let observable = object as? any DeinitObservable {
            return attach(observer, toPrompt: observable)
        }
        return observer.attach(toRecord: _ReferentRegistry.shared.record(for: object))
    }

    @inlinable
    static func attach<T: DeinitObservable>(_ observer: _Observer, toPrompt object: T) -> Bool {
        let attached = object.deinitObservers.attach(observer)
        // A computed `deinitObservers` returns a fresh temporary each time: the observer just attached
        // died with it. Refuse loudly instead.
        guard object.deinitObservers.isInUse else { computedConformanceFailure(T.self) }
        return attached
    }

    /// The observers registered on `object`, newest first.
    static func observers(of object: AnyObject) -> [_Observer] {
        if let entry = _TierCache.entry(for: object) {
            if let promptObservers = entry.promptObservers { return promptObservers(object) }
        } else if let observable = object as? any DeinitObservable {
            return observers(ofPrompt: observable)
        }
        return _ReferentRegistry.shared.existingRecord(for: object)?.snapshot() ?? []
    }

    static func observers<T: DeinitObservable>(ofPrompt object: T) -> [_Observer] {
        object.deinitObservers.observers()
    }

    /// The record for `object` if anything ever registered on it and it is still in use.
    static func existingRecord(for object: AnyObject) -> _ReferentRecord? {
        if let entry = _TierCache.entry(for: object) {
            if let existingPromptRecord = entry.existingPromptRecord { return existingPromptRecord(object) }
        } else if let observable = object as? any DeinitObservable {
            return existingPromptRecord(of: observable)
        }
        return _ReferentRegistry.shared.existingRecord(for: object)
    }

    /// Whether `object` is in the prompt tier.
    @usableFromInline
    static func isPrompt(_ object: AnyObject) -> Bool {
        if let entry = _TierCache.entry(for: object) { return entry.promptRecord != nil }
        return object is any DeinitObservable
    }

    /// For a type whose instances are all in the prompt tier, a function that finds an instance's
    /// record without a dynamic cast; `nil` for other types.
    @inlinable
    static func promptRecordAccessor<Object: AnyObject>(
        for type: Object.Type
    ) -> ((Object) -> _ReferentRecord)? {
        guard let observable = type as? any DeinitObservable.Type else { return nil }
        return accessor(observable, Object.self)
    }

    @inlinable
    static func accessor<Observable: DeinitObservable, Object: AnyObject>(
        _: Observable.Type, _: Object.Type
    ) -> (Object) -> _ReferentRecord {
        { object in promptRecord(of: unsafeDowncast(object, to: Observable.self)) }
    }

    @inlinable
    static func promptRecord<T: DeinitObservable>(of object: T) -> _ReferentRecord {
        let record = object.deinitObservers.record()
        // A computed `deinitObservers` returns a fresh temporary each time: the record just created
        // died with it, and every later registration would fire at once. Refuse loudly instead.
        guard object.deinitObservers.isInUse else { computedConformanceFailure(T.self) }
        return record
    }

    @usableFromInline
    static func computedConformanceFailure(_ type: Any.Type) -> Never {
        fatalError(
            "\(type).deinitObservers must be a stored property "
                + "(`let deinitObservers = DeinitObservers()`); a computed property returns a new "
                + "value on every access, so the object's deallocation could never be observed."
        )
    }

    private static func existingPromptRecord<T: DeinitObservable>(of object: T) -> _ReferentRecord? {
        object.deinitObservers.existingRecord
    }
}
