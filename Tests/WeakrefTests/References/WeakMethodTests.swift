import Testing

@testable import Weakref

extension WeakrefSuite {
    /// `WeakMethod`: Python's `weakref.WeakMethod` (catalog 1.H).
    @Suite struct WeakMethodTests {
        @Test(arguments: Tier.allCases)
        func callsAMethodWithoutArguments(tier: Tier) throws {
            try checkZeroArguments(tier.subject)
        }

        private func checkZeroArguments<T: Subject>(_: T.Type) throws {
            let object = T.make()
            let method = WeakMethod(object, T.prettyPrint)
            #expect(method.isAlive)
            let bound = try #require(method())
            #expect(bound() == "William : 30")
            #expect(identical(bound.receiver, object))
            // Each call binds afresh, to the same receiver (B88).
            #expect(identical(method()?.receiver, object))
            object.age = 31
            #expect(method()?() == "William : 31")
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func callsAMethodWithSeveralArguments(tier: Tier) {
            checkSeveralArguments(tier.subject)
        }

        private func checkSeveralArguments<T: Subject>(_: T.Type) {
            let object = T.make()
            let greet = WeakMethod(object, T.greet)
            #expect(greet()?("Ada", 3) == "Hello Ada, Hello Ada, Hello Ada from William")
            #expect(greet()?("Grace", 1) == "Hello Grace from William")
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func callsAMethodThatReturnsNothing(tier: Tier) {
            checkVoidMethod(tier.subject)
        }

        private func checkVoidMethod<T: Subject>(_: T.Type) {
            let object = T.make()
            let birthday = WeakMethod(object, T.birthday)
            birthday()?()
            birthday()?()
            #expect(object.age == 32)
            withExtendedLifetime(object) {}
        }

        @Test(arguments: Tier.allCases)
        func overridesDispatchDynamically(tier: Tier) {
            switch tier {
            case .prompt:
                checkOverride(base: Person.self, Manager(), title: Person.title, introduce: Person.introduce)
            case .collected:
                checkOverride(
                    base: PlainPerson.self, PlainManager(), title: PlainPerson.title,
                    introduce: PlainPerson.introduce)
            }
        }

        private func checkOverride<Base: AnyObject>(
            base _: Base.Type, _ subclassInstance: Base,
            title: @escaping @Sendable (Base) -> () -> String,
            introduce: @escaping @Sendable (Base) -> (String, Int) -> String
        ) {
            let weakTitle = WeakMethod(subclassInstance, title)
            let weakIntroduce = WeakMethod(subclassInstance, introduce)
            #expect(weakTitle()?() == "manager")
            #expect(weakIntroduce()?("Hi", 2) == "Hi x2, a manager")
            withExtendedLifetime(subclassInstance) {}
        }

        @Test(arguments: Tier.allCases)
        func returnsNilOnceTheReceiverIsGone(tier: Tier) {
            checkDeadReceiver(tier.subject)
        }

        private func checkDeadReceiver<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let method = WeakMethod(object!, T.greet)
            let native = NativeWeak(object)
            object = nil
            // The method does not retain its receiver.
            #expect(native.object == nil)
            #expect(method() == nil)
            #expect(!method.isAlive)
            #expect(method.referent == nil)
            T.tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func theCallbackReceivesTheMethodExactlyOnce(tier: Tier) {
            checkMethodCallback(tier.subject)
        }

        private func checkMethodCallback<T: Subject>(_: T.Type) {
            let received = Keeper()
            let deadInside = Counter()
            var object: T? = T.make()
            let method = WeakMethod(object!, T.greet) { dead in
                received.keep(dead)
                if dead() == nil, !dead.isAlive { deadInside.increment() }
            }
            object = nil
            T.tier.expectDelivery { received.all.count == 1 }
            Collector.collect()
            #expect(received.all.count == 1)
            #expect(identical(received.all.first, method))
            #expect(deadInside.value == 1)
        }

        @Test(arguments: Tier.allCases)
        func aMethodDeallocatedBeforeItsReceiverNeverCallsBack(tier: Tier) {
            checkMethodDiesFirst(tier.subject)
        }

        private func checkMethodDiesFirst<T: Subject>(_: T.Type) {
            let log = Recorder()
            var object: T? = T.make()
            var doomed: WeakMethod? = WeakMethod(object!, T.prettyPrint) { _ in log.record("doomed") }
            let native = NativeWeak(doomed)
            #expect(doomed?.isAlive == true)
            doomed = nil
            // Observing the deallocation also keeps an optimized build from delaying it (SWIFT-FACTS).
            #expect(native.object == nil, "the method is deallocated before its receiver")
            #expect(weakReferenceCount(of: object!) == 0)
            object = nil
            T.tier.settle()
            #expect(log.all.isEmpty)
        }

        @Test(arguments: Tier.allCases)
        func aBoundMethodKeepsItsReceiverAlive(tier: Tier) {
            checkBoundMethodRetains(tier.subject)
        }

        private func checkBoundMethodRetains<T: Subject>(_: T.Type) {
            let called = Counter()
            var object: T? = T.make()
            let method = WeakMethod(object!, T.prettyPrint) { _ in called.increment() }
            var bound = method()
            object = nil
            T.tier.settle()
            #expect(method.isAlive)
            #expect(called.value == 0)
            #expect(bound?() == "William : 30")
            bound = nil
            #expect(!method.isAlive)
            T.tier.expectDelivery { called.value == 1 }
        }

        @Test(arguments: Tier.allCases)
        func describesItselfLikeAReference(tier: Tier) {
            checkDescription(tier.subject)
        }

        private func checkDescription<T: Subject>(_: T.Type) {
            var object: T? = T.make()
            let method = WeakMethod(object!, T.prettyPrint)
            let alive = method.description
            #expect(wholeMatch(alive, "<weakref at 0x[0-9a-f]+; to '\(T.typeName)' at 0x[0-9a-f]+>"))
            #expect(alive.hasSuffix("at \(hexAddress(of: object!))>"))
            #expect(method()?.description == "<bound method \(T.typeName) of William : 30>")
            object = nil
            #expect(method.description == "<weakref at \(hexAddress(of: method)); dead>")
            T.tier.settle()
        }

        @Test(arguments: Tier.allCases)
        func wrapsThrowingMethodsKeepingTheirErrorType(tier: Tier) throws {
            try checkThrowing(tier.subject)
        }

        private func checkThrowing<T: Subject>(_: T.Type) throws {
            var object: T? = T.make()
            let checked: WeakMethod<T, Int, Int, AgeError> = WeakMethod(object!, T.checkedAge)
            let rename = WeakMethod(object!, T.rename)
            do {
                // A bound method holds the receiver: keep it inside this scope.
                let bound = try #require(checked())
                #expect(try bound(18) == 30)
                // The typed error arrives as itself, with no cast.
                do {
                    _ = try bound(40)
                    Issue.record("no error thrown")
                } catch {
                    #expect(error == AgeError(age: 30))
                }
                #expect(try rename()?("Ada") == "Ada")
                #expect(throws: AgeError.self) { try rename()?("") }
            }
            object = nil
            T.tier.settle()
            #expect(checked() == nil)
            #expect(rename() == nil)
        }
    }
}
