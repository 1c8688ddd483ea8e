import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    @Suite struct DeallocationTests {
        @Test(arguments: Tier.allCases)
        func waitReturnsWhenTheObjectIsGone(tier: Tier) async throws {
            var object: (any Subject)? = tier.subject.make()
            let deallocation = Deallocation(of: object!)
            let returned = Flag()
            let waiter = Task {
                try await deallocation.wait()
                returned.set()
            }
            // Still alive: the waiter must still be waiting after a while.
            try await Task.sleep(for: .milliseconds(50))
            #expect(!returned.isSet)
            #expect(!deallocation.isComplete)
            object = nil
            tier.settle()
            #expect(await eventually { returned.isSet })
            #expect(deallocation.isComplete)
            try await waiter.value
        }

        @Test(arguments: Tier.allCases)
        func manyWaitersAllReturn(tier: Tier) async throws {
            var object: (any Subject)? = tier.subject.make()
            let deallocation = Deallocation(of: object!)
            let returned = Counter()
            // Half of the waiters wait on a value of their own for the same object.
            let deallocations = (0..<20).map {
                $0.isMultiple(of: 2) ? deallocation : Deallocation(of: object!)
            }
            let waiters = deallocations.map { mine in
                Task {
                    try await mine.wait()
                    returned.increment()
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(returned.value == 0)
            object = nil
            tier.settle()
            #expect(await eventually { returned.value == 20 })
            for waiter in waiters { try await waiter.value }
        }

        @Test(arguments: Tier.allCases)
        func anAlreadyDeadObjectReturnsAtOnce(tier: Tier) async throws {
            var object: (any Subject)? = tier.subject.make()
            let deallocation = Deallocation(of: object!)
            object = nil
            // No collection: a collected-tier object that is unreachable already counts as gone.
            #expect(deallocation.isComplete)
            try await deallocation.wait()
            tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func aDeallocationMadeDuringDeinitIsCompleteFromBirth(tier: Tier) async throws {
            let made = Locked<Deallocation?>(nil)
            var object: (any Subject)? = tier.subject.make()
            setOnDeinit(object!) { dying in made.exchange(Deallocation(of: dying)) }
            object = nil
            tier.settle()
            let deallocation = try #require(made.current)
            #expect(deallocation.isComplete)
            try await deallocation.wait()
        }

        @Test(arguments: Tier.allCases)
        func cancellationBeforeWaitingThrows(tier: Tier) async throws {
            let object = tier.subject.make()
            let deallocation = Deallocation(of: object)
            let waiter = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await deallocation.wait()
            }
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(deallocation._registration.signal.waitingCount == 0)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func cancellationWhileWaitingStopsAtOnceAndLeavesNothing(tier: Tier) async throws {
            let object = tier.subject.make()
            let deallocation = Deallocation(of: object)
            let waiter = Task { try await deallocation.wait() }
            #expect(await eventually { deallocation._registration.signal.waitingCount == 1 })
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(deallocation._registration.signal.waitingCount == 0)
            #expect(!deallocation.isComplete)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func cancellationAfterTheDeathChangesNothing(tier: Tier) async throws {
            var object: (any Subject)? = tier.subject.make()
            let deallocation = Deallocation(of: object!)
            let waiter = Task { try await deallocation.wait() }
            object = nil
            tier.settle()
            #expect(await eventually { deallocation.isComplete })
            try await Task.sleep(for: .milliseconds(10))
            waiter.cancel()
            // It returned (or returns) normally: the object was gone before the cancellation.
            try await waiter.value
        }

        @Test(arguments: Tier.allCases)
        func aDroppedDeallocationUnregisters(tier: Tier) {
            let object = tier.subject.make()
            var deallocation: Deallocation? = Deallocation(of: object)
            #expect(observerCount(of: object) == 1)
            #expect(deallocation?.isComplete == false)
            deallocation = nil
            #expect(observerCount(of: object) == 0)
        }

        private func setOnDeinit(_ object: any Subject, _ body: @escaping @Sendable (AnyObject) -> Void) {
            func set<S: Subject>(_ subject: S) { subject.onDeinit = { body($0) } }
            set(object)
        }
    }
}
