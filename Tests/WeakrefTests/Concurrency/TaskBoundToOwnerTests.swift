import Foundation
import Testing

@testable import Weakref

extension WeakrefSuite {
    @Suite struct TaskBoundToOwnerTests {
        /// The issue's `[weak self]` event loop, rewritten with `Task(boundTo:)`: it ends when its owner
        /// is released, although the event stream never finishes.
        @Test(arguments: Tier.allCases)
        func theEventLoopEndsWithItsOwner(tier: Tier) async throws {
            try await eventLoop(tier.owner)
        }

        private func eventLoop<Owner: EventOwner>(_: Owner.Type) async throws {
            let (events, feed) = AsyncStream.makeStream(of: Int.self)
            var owner: Owner? = Owner()
            let handled = owner!.handled
            let watcher = NativeWeak(owner)
            let ended = Flag()
            let loop = Task(boundTo: owner!) { owner in
                for await event in events { owner()?.handle(event) }
                ended.set()
            }
            for event in 0..<3 { feed.yield(event) }
            #expect(await eventually { handled.value == 3 })
            #expect(!ended.isSet)
            owner = nil
            // The task never kept its owner alive.
            #expect(watcher.object == nil)
            Owner.tier.settle()
            #expect(await eventually { ended.isSet })
            #expect(loop.isCancelled)
            await loop.value
            withExtendedLifetime(feed) {}
        }

        @Test(arguments: Tier.allCases)
        func anOwnerDyingWhileTheTaskIsSuspendedCancelsTheSleep(tier: Tier) async throws {
            try await suspendedOwnerDies(tier.owner)
        }

        private func suspendedOwnerDies<Owner: EventOwner>(_: Owner.Type) async throws {
            let tier = Owner.tier
            var owner: Owner? = Owner()
            let outcome = Locked<String?>(nil)
            let task = Task(boundTo: owner!) { _ in
                do {
                    try await Task.sleep(for: .seconds(600))
                    outcome.exchange("slept")
                } catch {
                    outcome.exchange("\(type(of: error))")
                }
            }
            try await Task.sleep(for: .milliseconds(20))
            #expect(outcome.current == nil)
            owner = nil
            tier.settle()
            #expect(await eventually { outcome.current != nil })
            #expect(outcome.current == "CancellationError")
            await task.value
        }

        @Test(arguments: Tier.allCases)
        func aThrowingBoundTaskThrowsCancellation(tier: Tier) async throws {
            try await throwingTask(tier.owner)
        }

        private func throwingTask<Owner: EventOwner>(_: Owner.Type) async throws {
            let tier = Owner.tier
            var owner: Owner? = Owner()
            let task = Task(boundTo: owner!) { _ in
                try await Task.sleep(for: .seconds(600))
            }
            owner = nil
            tier.settle()
            await #expect(throws: CancellationError.self) { try await task.value }
        }

        @Test(arguments: Tier.allCases)
        func cancelWhenDeallocatedCancelsAnExistingTask(tier: Tier) async throws {
            var owner: (any EventOwner)? = tier.owner.init()
            let task = Task {
                try await Task.sleep(for: .seconds(600))
            }
            task.cancel(whenDeallocated: owner!)
            try await Task.sleep(for: .milliseconds(20))
            #expect(!task.isCancelled)
            owner = nil
            tier.settle()
            await #expect(throws: CancellationError.self) { try await task.value }
        }

        @Test(arguments: Tier.allCases)
        func finishedTasksUnregister(tier: Tier) async throws {
            try await finishedTasks(tier.owner)
        }

        private func finishedTasks<Owner: EventOwner>(_: Owner.Type) async throws {
            let owner = Owner()
            for _ in 0..<200 {
                await Task(boundTo: owner) { owner in _ = owner() }.value
            }
            // The body's own `defer` unregisters before the task's value is available.
            #expect(observerCount(of: owner) == 0)
            for _ in 0..<200 {
                let task = Task { 1 }
                task.cancel(whenDeallocated: owner)
                _ = await task.value
            }
            // The watcher tasks unregister shortly after.
            #expect(await eventually { observerCount(of: owner) == 0 })
            #expect(owner.handled.value == 0)
        }

        @Test(arguments: Tier.allCases)
        func aTaskBoundToAnOwnerAlreadyGoneStartsCancelled(tier: Tier) async throws {
            let started = Locked<[Task<Bool, Never>]>([])
            var object: (any Subject)? = tier.subject.make()
            setOnDeinit(object!, started: started)
            object = nil
            tier.settle()
            let tasks = started.current
            #expect(tasks.count == 2)
            for task in tasks { #expect(await task.value) }
        }

        /// Starts, from `object`'s deinit, a task bound to it and an existing task cancelled at its
        /// death; both report whether they ran cancelled.
        private func setOnDeinit<S: Subject>(_ object: S, started: Locked<[Task<Bool, Never>]>) {
            object.onDeinit = { dying in
                started.append(Task(boundTo: dying) { _ in Task.isCancelled })
                let existing = Task { () -> Bool in
                    try? await Task.sleep(for: .seconds(600))
                    return Task.isCancelled
                }
                existing.cancel(whenDeallocated: dying)
                started.append(existing)
            }
        }
    }
}
