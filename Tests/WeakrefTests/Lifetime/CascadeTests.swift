import Testing

@testable import Weakref

extension WeakrefSuite {
    /// DESIGN §5.7, H12: deaths cascade without recursion in the library. Each object's death callback
    /// releases the last strong reference to the next; the strong references live in a table (a Swift
    /// linked list would recurse in Swift's own release path, which no library can prevent).
    @Suite struct CascadeTests {
        static let length = 100_000

        @Test func aLongPromptTierChainDoesNotOverflowTheStack() {
            let length = Self.length
            let table = Locked<[Employee?]>((0..<length).map { Employee.make("node \($0 % 10)", age: $0) })
            let delivered = Counter()
            let lastIndex = Locked(-1)
            let references = (0..<length).map { index in
                WeakReference(table.current[index]!) { _ in
                    delivered.increment()
                    lastIndex.exchange(index)
                    if index + 1 < length {
                        table.take(at: index + 1)
                    }
                }
            }
            table.take(at: 0)
            #expect(delivered.value == length)
            #expect(lastIndex.current == length - 1)
            #expect(references.allSatisfy { !$0.isAlive })
            #expect(table.current.allSatisfy { $0 == nil })
        }

        /// A collected-tier death is noticed only by a collection, so each callback releases the next
        /// object, registers on the one after, and collects: the nested collection finds the death and
        /// queues it. One top-level `collect()` runs the whole chain. (Registering lazily keeps each
        /// nested collection cheap; registering all 100,000 up front would make it quadratic.)
        @Test func aLongCollectedTierChainRunsInOneCollection() {
            let length = Self.length
            Collector.collect()
            let table = Locked<[PlainEmployee?]>(
                (0..<length).map { PlainEmployee.make("node \($0 % 10)", age: $0) })
            let references = Locked<[WeakReference<PlainEmployee>?]>(Array(repeating: nil, count: length))
            let delivered = Counter()
            let lastIndex = Locked(-1)
            let callback = Locked<(@Sendable (Int) -> Void)?>(nil)
            let register: @Sendable (Int) -> Void = { index in
                guard let node = table.current[index] else { return }
                let reference = WeakReference(node) { _ in callback.current?(index) }
                references.withLock { $0[index] = reference }
            }
            callback.exchange { index in
                delivered.increment()
                lastIndex.exchange(index)
                guard index + 1 < length else { return }
                register(index + 1)
                table.take(at: index + 1)
                Collector.collect()
            }
            register(0)
            table.take(at: 0)
            #expect(delivered.value == 0)
            #expect(Collector.collect() == 1)
            #expect(delivered.value == length)
            #expect(lastIndex.current == length - 1)
            #expect(references.current.allSatisfy { $0 != nil && !$0!.isAlive })
            callback.exchange(nil)
        }
    }
}
