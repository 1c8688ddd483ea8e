import Synchronization

/// Remembers, per dynamic class, whether its instances are in the prompt tier and how to register on
/// them, so that a registration does not pay a runtime conformance lookup each time.
///
/// `object as? any DeinitObservable` costs about 300 instructions even when the answer is cached by the
/// runtime, and the compiler does not fold it even for a concrete final class: it was a tenth of the
/// cost of creating a `WeakReference`. A class's conformances never change, so the answer can be kept
/// by the object's dynamic type: a direct-mapped table of immutable entries, read with one atomic load.
///
/// Slots are filled once and never replaced, so at most ``slotCount`` entries ever exist and a
/// reader never sees an entry freed. A type whose slot is taken by another type falls back to the
/// dynamic cast: correct, only slower.
@usableFromInline
enum _TierCache {
    /// What is known of one class.
    // @unchecked: immutable after init; its closures capture only a metatype.
    final class Entry: @unchecked Sendable {
        let type: ObjectIdentifier
        /// The existing record, without creating one, for a prompt-tier class.
        let existingPromptRecord: ((AnyObject) -> _ReferentRecord?)?
        /// Registers an observer on an instance of a prompt-tier class (``_Referents/attach(_:to:)``);
        /// `nil` for a collected-tier class.
        let promptAttach: ((AnyObject, _Observer) -> Bool)?
        /// The observers registered on an instance of a prompt-tier class.
        let promptObservers: ((AnyObject) -> [_Observer])?

        init(type: ObjectIdentifier, observable: (any DeinitObservable.Type)?) {
            self.type = type
            if let observable {
                existingPromptRecord = Self.existingPromptAccessor(observable)
                promptAttach = Self.attachAccessor(observable)
                promptObservers = Self.observersAccessor(observable)
            } else {
                existingPromptRecord = nil
                promptAttach = nil
                promptObservers = nil
            }
        }

        private static func attachAccessor<T: DeinitObservable>(
            _: T.Type
        ) -> (AnyObject, _Observer) -> Bool {
            { object, observer in _Referents.attach(observer, toPrompt: unsafeDowncast(object, to: T.self)) }
        }

        private static func observersAccessor<T: DeinitObservable>(
            _: T.Type
        ) -> (AnyObject) -> [_Observer] {
            { object in _Referents.observers(ofPrompt: unsafeDowncast(object, to: T.self)) }
        }

        private static func existingPromptAccessor<T: DeinitObservable>(
            _: T.Type
        ) -> (AnyObject) -> _ReferentRecord? {
            { object in unsafeDowncast(object, to: T.self).deinitObservers.existingRecord }
        }
    }

    static let slotCount = 256

    /// Retained `Entry` pointers; 0 for an empty slot. Allocated once and never freed.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Atomic<UInt>> = {
        let slots = UnsafeMutablePointer<Atomic<UInt>>.allocate(capacity: slotCount)
        for index in 0..<slotCount { (slots + index).initialize(to: Atomic(0)) }
        return slots
    }()

    /// What is known of `object`'s class, looked up at first use; `nil` when another class holds its
    /// slot (the caller then asks the runtime).
    static func entry(for object: AnyObject) -> Entry? {
        let type = ObjectIdentifier(Swift.type(of: object))
        let bits = UInt(bitPattern: type)
        // Class metadata is at least 16-byte aligned: drop the low bits, then fold in the high ones.
        let slot = Int(truncatingIfNeeded: (bits >> 4) ^ (bits >> 12)) & (slotCount - 1)
        let raw = slots[slot].load(ordering: .acquiring)
        if raw != 0 {
            let entry = Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!).takeUnretainedValue()
            return entry.type == type ? entry : nil
        }
        let entry = Entry(type: type, observable: Swift.type(of: object) as? any DeinitObservable.Type)
        let desired = UInt(bitPattern: Unmanaged.passRetained(entry).toOpaque())
        let (exchanged, _) = slots[slot].compareExchange(
            expected: 0, desired: desired, ordering: .acquiringAndReleasing)
        // Another thread filled the slot first: this entry is as good for this call, and goes away after.
        if !exchanged { Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: desired)!).release() }
        return entry
    }
}
