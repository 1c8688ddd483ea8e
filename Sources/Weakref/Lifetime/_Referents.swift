/// Finds the record of any object, in whichever tier it belongs to.
enum _Referents {
    /// The record for `object`, created if needed.
    ///
    /// - Precondition: the caller holds `object` strongly and has seen, through a weak reference of its
    ///   own, that it is not deinitializing.
    static func record(for object: AnyObject) -> _ReferentRecord {
        if let observable = object as? any DeinitObservable {
            return promptRecord(of: observable)
        }
        return _ReferentRegistry.shared.record(for: object)
    }

    /// The record for `object` if anything ever registered on it and it is still in use.
    static func existingRecord(for object: AnyObject) -> _ReferentRecord? {
        if let observable = object as? any DeinitObservable {
            return existingPromptRecord(of: observable)
        }
        return _ReferentRegistry.shared.existingRecord(for: object)
    }

    /// Whether `object` is in the prompt tier.
    static func isPrompt(_ object: AnyObject) -> Bool {
        object is any DeinitObservable
    }

    private static func promptRecord<T: DeinitObservable>(of object: T) -> _ReferentRecord {
        let record = object.deinitObservers.record()
        // A computed `deinitObservers` returns a fresh temporary each time: the record just created
        // died with it, and every later registration would fire at once. Refuse loudly instead.
        guard object.deinitObservers.existingRecord === record else {
            preconditionFailure(
                "\(T.self).deinitObservers must be a stored property "
                    + "(`let deinitObservers = DeinitObservers()`); a computed property returns a new "
                    + "value on every access, so the object's deallocation could never be observed."
            )
        }
        return record
    }

    private static func existingPromptRecord<T: DeinitObservable>(of object: T) -> _ReferentRecord? {
        object.deinitObservers.existingRecord
    }
}
