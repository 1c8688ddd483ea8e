import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakAsyncMethod`: `WeakMethod` for `async` methods (DESIGN §4, Swift idioms).
    @Suite struct WeakAsyncMethodTests {
        @Test(arguments: Tier.allCases)
        func callsAnAsyncMethodWhileTheReceiverLives(tier: Tier) async throws {
            try await checkCall(tier.subject)
        }

        private func checkCall<T: Subject>(_: T.Type) async throws {
            var object: T? = T.make()
            let later = WeakAsyncMethod(object!, T.ageLater)
            #expect(later.isAlive)
            let bound = try #require(later())
            #expect(await bound(5) == 35)
            #expect(identical(bound.receiver, object))
            #expect(bound.description == "<bound method \(T.typeName) of William : 30>")
            let checked = WeakAsyncMethod(object!, T.checkedAgeLater)
            #expect(try await checked()?(18) == 30)
            await #expect(throws: AgeError(age: 30)) { _ = try await checked()?(40) }
            object = nil
            // The bound method still holds the receiver.
            #expect(later.isAlive)
            #expect(await bound(1) == 31)
            withExtendedLifetime(bound) {}
        }

        @Test(arguments: Tier.allCases)
        func callsBackOnceWhenTheReceiverDies(tier: Tier) {
            checkCallback(tier.subject)
        }

        private func checkCallback<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let called = Counter()
            let later = WeakAsyncMethod(object!, T.ageLater) { method in
                #expect(!method.isAlive)
                called.increment()
            }
            let alive = later.description
            #expect(wholeMatch(alive, "<weakref at 0x[0-9a-f]+; to '\(T.typeName)' at 0x[0-9a-f]+>"))
            object = nil
            T.tier.expectDelivery { called.value == 1 }
            #expect(later() == nil)
            #expect(later.referent == nil)
            #expect(later.description == "<weakref at \(hexAddress(of: later)); dead>")
        }
    }
}
