/// A class whose deallocation the library observes at once, in its own deinitialization.
///
/// Swift offers no hook to learn that an arbitrary object died, so the library has two tiers. Objects
/// of a class that conforms to `DeinitObservable` are in the *prompt tier*: every callback,
/// finalizer and weak-collection entry registered on them runs or is purged synchronously when the
/// last strong reference goes away, on the thread that released it. Every other object is in the
/// *collected tier*: its deaths are noticed at the next ``Collector/collect()``.
///
/// Conform by adding one stored property. It must be stored (a `let`), never computed:
///
/// ```swift
/// final class TempFile: DeinitObservable {
///     let deinitObservers = DeinitObservers()
///     let path: String
///     init(path: String) { self.path = path }
/// }
///
/// var file: TempFile? = TempFile(path: "/tmp/data.txt")
/// let reference = WeakReference(file!) { _ in print("cleaned up") }
/// file = nil  // prints "cleaned up" here, before this line returns
/// ```
///
/// Registrations happen after the object's own `deinit` body has run and after every native `weak`
/// reference to it already reads `nil`, but before its memory is freed.
public protocol DeinitObservable: AnyObject {
    /// The storage the library registers deallocation observers in.
    ///
    /// Declare it as `let deinitObservers = DeinitObservers()`. A computed property would hand the
    /// library a new, temporary value on every access; the library detects that at the first
    /// registration and stops with a message naming the type.
    ///
    /// ```swift
    /// final class Session: DeinitObservable {
    ///     let deinitObservers = DeinitObservers()  // stored, never computed
    /// }
    /// ```
    var deinitObservers: DeinitObservers { get }
}
