import Synchronization
import Testing

@testable import Weakref

extension WeakrefSuite {
    /// The registration behind a reference, which reaches its reference through an unretained pointer
    /// and the runtime's `swift_tryRetain` instead of a weak pointer.
    @Suite struct ReferenceObserverTests {
        @Test(arguments: Tier.allCases)
        func loadsItsLiveReferenceAndBalancesTheRetain(tier: Tier) {
            checkLoad(tier.subject)
        }

        private func checkLoad<T: Subject>(_: T.Type) {
            let object = T.make()
            var reference: WeakReference<T>? = WeakReference(object)
            weak let native = reference
            let observer = reference!.observer
            for _ in 0..<1_000 {
                #expect(identical(observer.loadReference(), reference))
            }
            // Every load's retain was released: the last strong reference is still the variable's.
            reference = nil
            #expect(native == nil)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func aDeallocatedReferenceIsClosedForGood(tier: Tier) {
            checkClosed(tier.subject)
        }

        private func checkClosed<T: Subject>(_: T.Type) {
            let object = T.make()
            var reference: WeakReference<T>? = WeakReference(object)
            let observer = reference!.observer
            reference = nil
            #expect(observer.loadReference() == nil)
            #expect(observer.access.load(ordering: .relaxed) == _ReferenceAccess.closed.rawValue)
            #expect(weakReferenceCount(of: object) == 0)
            withExtendedLifetime(object) {}
        }

        @Test func aReferenceThatNeverRegisteredLoadsNothing() {
            let observer = _ReferenceObserver<WeakReference<PlainEmployee>>(callback: nil)
            #expect(observer.loadReference() == nil)
            observer.cancelForDeinit()
            #expect(observer.access.load(ordering: .relaxed) == _ReferenceAccess.closed.rawValue)
        }

        /// Listing an object's references while other threads make and drop references to it: every
        /// listed reference is alive when returned (its `deinit` had not begun), and a reference's
        /// `deinit` never finishes under a reader.
        @Test(arguments: Tier.allCases)
        func listingRacesWithReferencesComingAndGoing(tier: Tier) async {
            await checkListingRace(tier.subject)
        }

        private func checkListingRace<T: Subject>(_: T.Type) async {
            let object = T.make()
            let rounds = 5_000
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        for _ in 0..<rounds {
                            let reference = WeakReference(object) { _ in }
                            withExtendedLifetime(reference) {}
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<rounds {
                        for reference in weakReferences(to: object) {
                            #expect(reference.isAlive)
                        }
                    }
                }
            }
            #expect(weakReferenceCount(of: object) == 0)
            withExtendedLifetime(object) {}
        }
    }
}
