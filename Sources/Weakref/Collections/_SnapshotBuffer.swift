/// The snapshot a weak collection's iterator walks: live elements loaded under the collection's lock,
/// handed out by moving them, so that each element costs one retain (the weak load) and one release
/// (by the loop), exactly like a native `weak var` load.
@usableFromInline
final class _SnapshotBuffer<Element>: ManagedBuffer<_SnapshotBufferHeader, Element> {
    /// A buffer with room for `capacity` elements, none initialized yet.
    @inlinable
    static func make(capacity: Int) -> _SnapshotBuffer<Element> {
        let buffer = create(minimumCapacity: capacity) { _ in
            _SnapshotBufferHeader(count: 0, next: 0)
        }
        return unsafeDowncast(buffer, to: _SnapshotBuffer<Element>.self)
    }

    /// Appends `element`; the caller keeps `count` within the capacity it asked for.
    @inlinable
    func append(_ element: __owned Element) {
        withUnsafeMutablePointers { header, elements in
            (elements + header.pointee.count).initialize(to: element)
            header.pointee.count += 1
        }
    }

    /// Moves out the next element, or returns `nil` at the end.
    /// Lets `body` initialize elements from the first free one on, through a pointer, and counts the
    /// number it reports: one header update for a whole snapshot instead of one an element.
    ///
    /// - Precondition: `body` initializes exactly the elements it reports, within the capacity.
    @inlinable
    func fill(_ body: (UnsafeMutablePointer<Element>) -> Int) {
        withUnsafeMutablePointers { header, elements in
            header.pointee.count += body(elements + header.pointee.count)
        }
    }

    @inlinable
    func moveNext() -> Element? {
        withUnsafeMutablePointers { header, elements in
            guard header.pointee.next < header.pointee.count else { return nil }
            defer { header.pointee.next += 1 }
            return (elements + header.pointee.next).move()
        }
    }

    /// Copies the next element (for an iterator whose buffer is shared with a copy of itself).
    @inlinable
    func copy(at position: Int) -> Element? {
        withUnsafeMutablePointers { header, elements in
            position < header.pointee.count ? elements[position] : nil
        }
    }

    @inlinable
    var nextPosition: Int { header.next }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in
            (elements + header.pointee.next).deinitialize(count: header.pointee.count - header.pointee.next)
        }
    }
}

@usableFromInline
struct _SnapshotBufferHeader {
    /// Initialized elements.
    @usableFromInline
    var count: Int
    /// Elements before this position were moved out.
    @usableFromInline
    var next: Int

    @inlinable
    init(count: Int, next: Int) {
        self.count = count
        self.next = next
    }
}

/// Iterates a ``_SnapshotBuffer``: moves elements out while it is the buffer's only owner, and copies
/// them (keeping value semantics) once it was copied.
@usableFromInline
struct _SnapshotIterator<Element> {
    @usableFromInline
    var buffer: _SnapshotBuffer<Element>
    /// The position of a copy that no longer owns the buffer alone; `nil` while it does.
    @usableFromInline
    var position: Int?

    @inlinable
    init(_ buffer: _SnapshotBuffer<Element>) {
        self.buffer = buffer
    }

    @inlinable
    mutating func next() -> Element? {
        if position == nil, isKnownUniquelyReferenced(&buffer) {
            return buffer.moveNext()
        }
        // Shared with a copy of this iterator: read without moving, from this copy's own position.
        let current = position ?? buffer.nextPosition
        position = current + 1
        return buffer.copy(at: current)
    }
}
