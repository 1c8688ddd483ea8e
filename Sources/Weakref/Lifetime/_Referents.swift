/// Registers observers on any object, and finds them, in whichever tier it belongs to.
@usableFromInline
enum _Referents {
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

    /// The record for `object` if it has one: a collected-tier object has one while it is recorded, a
    /// prompt-tier object only once two observers were registered at the same time (one is held
    /// inline). For tests; ``observers(of:)`` lists the observers in either case.
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
        if let entry = _TierCache.entry(for: object) { return entry.promptAttach != nil }
        return object is any DeinitObservable
    }

    /// For a type whose instances are all in the prompt tier, a function that registers an observer on
    /// an instance (``attach(_:toPrompt:)``) without a dynamic cast; `nil` for other types.
    @inlinable
    static func promptAttachAccessor<Object: AnyObject>(
        for type: Object.Type
    ) -> ((Object, _Observer) -> Bool)? {
        guard let observable = type as? any DeinitObservable.Type else { return nil }
        return attachAccessor(observable, Object.self)
    }

    @inlinable
    static func attachAccessor<Observable: DeinitObservable, Object: AnyObject>(
        _: Observable.Type, _: Object.Type
    ) -> (Object, _Observer) -> Bool {
        { object, observer in attach(observer, toPrompt: unsafeDowncast(object, to: Observable.self)) }
    }

    /// For a type whose instances are all in the prompt tier, how to register an inline registrant
    /// on an instance and cancel it (``_InlineRegistrationAccess``); `nil` for other types.
    @inlinable
    static func inlineRegistrationAccess<Object: AnyObject>(
        for type: Object.Type
    ) -> _InlineRegistrationAccess<Object>? {
        guard let observable = type as? any DeinitObservable.Type else { return nil }
        return inlineRegistrationAccess(observable, Object.self)
    }

    @inlinable
    static func inlineRegistrationAccess<Observable: DeinitObservable, Object: AnyObject>(
        _: Observable.Type, _: Object.Type
    ) -> _InlineRegistrationAccess<Object> {
        _InlineRegistrationWitness<Observable, Object>()
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
