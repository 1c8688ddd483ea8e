import Testing

@testable import Weakref

extension WeakrefSuite {
    /// DESIGN §5.5: a reference type is `Sendable` where its object is. This suite covers that half;
    /// the other half (a reference to a non-Sendable object cannot be sent) is a compile error, which
    /// `.ci/check-sendable.sh` checks with the snippets in `.ci/sendable-snippets/`.
    @Suite struct SendableTests {
        @Test func referencesOfASendableObjectAreSendable() {
            // Compile-time checks: each line fails to build if the conformance is missing.
            requireSendable(Finalizer<Employee>.self)
            requireSendable(WeakReference<Employee>.self)
            requireSendable(WeakProxy<Employee>.self)
            requireSendable(WeakMethod<Employee, String, Int, String, Never>.self)
            requireSendable(BoundMethod<Employee, String, Int, String, Never>.self)
            // A call passes arguments and results within the calling task, so they need not be Sendable.
            requireSendable(WeakMethod<Employee, Unshared, Unshared, Never>.self)
            requireSendable(BoundMethod<Employee, Unshared, Unshared, Never>.self)
        }

        @Test(arguments: Tier.allCases)
        func referencesCrossTasksAndStillWork(tier: Tier) async throws {
            try await checkCrossing(tier.subject)
        }

        private func checkCrossing<T: Subject>(_: T.Type) async throws {
            let object = T.make()
            let reference = WeakReference(object)
            let proxy = WeakProxy(object)
            let method = WeakMethod(object, T.greet)
            let log = Recorder()
            let finalizer = Finalizer(object) { log.record("finalized") }
            let seen = await Task.detached {
                (
                    reference()?.name, try? proxy.name, method()?("Ada", 1),
                    finalizer.peek().map { identical($0.object, reference()) }
                )
            }.value
            #expect(seen.0 == "William")
            #expect(seen.1 == "William")
            #expect(seen.2 == "Hello Ada from William")
            #expect(seen.3 == true)
            // A bound method is Sendable too, and keeps its receiver for the task that holds it.
            let bound = try #require(await Task.detached { method() }.value)
            #expect(identical(bound.receiver, object))
            #expect(await Task.detached { finalizer.detach() != nil }.value)
            #expect(log.all.isEmpty)
            withExtendedLifetime(object) {}
        }

        private func requireSendable<Value: Sendable>(_: Value.Type) {}
    }
}

/// A class that is not `Sendable`, as a method's argument and result type.
private final class Unshared {
    var value = 0
}
