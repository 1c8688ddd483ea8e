import Weakref

/// The result of the expensive processing. Prompt tier: it leaves the cache when the last user lets
/// go of it.
final class ProcessedImage: DeinitObservable, Sendable {
    let deinitObservers = DeinitObservers()
    let imageID: Int

    init(_ imageID: Int) {
        self.imageID = imageID
    }
}

/// Hands out one `ProcessedImage` per id while anyone uses it.
enum ImageProcessor {
    /// The cache, a static property as in the tutorial's class attribute. It never keeps an image alive.
    static let cache = WeakValueDictionary<Int, ProcessedImage>()

    static func getProcessed(_ imageID: Int) -> ProcessedImage {
        if let cached = cache[imageID] {
            return cached
        }

        // Expensive processing.
        let result = process(imageID)
        cache[imageID] = result
        return result
    }

    private static func process(_ imageID: Int) -> ProcessedImage {
        // Simulates expensive work.
        ProcessedImage(imageID)
    }
}

func runImageCache() {
    var img: ProcessedImage? = ImageProcessor.getProcessed(1)
    var again: ProcessedImage? = ImageProcessor.getProcessed(1)  // A cache hit.
    print(img === again)
    withExtendedLifetime((img, again)) {
        print(ImageProcessor.cache.count)
    }
    img = nil  // No longer used elsewhere.
    again = nil
    print(ImageProcessor.cache.count)

    swiftNote(
        "nothing differs: the cache is a `static let` of the processor (an `enum`, since it has no "
            + "instances), `@classmethod` becomes `static func`, and the entry leaves inside "
            + "`again = nil`, the last strong reference, as CPython's does in `del img, again`.")
}
