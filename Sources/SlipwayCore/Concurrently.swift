import Dispatch
import Foundation

/// Independent pieces of work on every core, with results kept in a fixed order so that output does
/// not depend on scheduling (lint chunks, included files, plan contexts, output halves).
public enum Concurrently {
  /// `(0..<count).map(body)`, evaluated concurrently.
  public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index) }
    return slots.values()
  }

  /// Both results, computed concurrently.
  public static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let a = Slots<A>(count: 1)
    let b = Slots<B>(count: 1)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      if index == 0 { a.store(first(), at: 0) } else { b.store(second(), at: 0) }
    }
    return (a.values()[0], b.values()[0])
  }

  /// `body` started on another thread; `Pending.value` waits for its result. For work that
  /// would otherwise run alone between concurrent phases.
  public static func background<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Pending<T> {
    let pending = Pending<T>()
    DispatchQueue.global().async(group: pending.group) { pending.slot.store(body(), at: 0) }
    return pending
  }

  /// A result computed on another thread.
  public final class Pending<T: Sendable>: Sendable {
    fileprivate let group = DispatchGroup()
    fileprivate let slot = Slots<T>(count: 1)

    /// Waits for the result.
    public var value: T {
      group.wait()
      return slot.values()[0]
    }
  }

  /// `chunks(count)` mapped on every core and joined in order: per-job work whose results must
  /// keep the jobs' order. `body` gets one contiguous range (so it can keep a cache for it).
  public static func flatMapChunks<T: Sendable>(
    _ count: Int, minimumSize: Int = 64, _ body: @Sendable (Range<Int>) -> [T]
  ) -> [T] {
    let ranges = chunks(count, minimumSize: minimumSize)
    return Array(map(ranges.count) { body(ranges[$0]) }.joined())
  }

  /// Splits `0..<count` into contiguous ranges, about `perCore` per core, for per-job work. Jobs
  /// differ in size, so a core that drew the heavier chunks finishes last while the others wait:
  /// more, smaller chunks even that out.
  public static func chunks(_ count: Int, minimumSize: Int = 64, perCore: Int = 8) -> [Range<Int>] {
    let wanted = max(1, min(count / max(1, minimumSize), perCore * ProcessInfo.processInfo.activeProcessorCount))
    let size = (count + wanted - 1) / max(1, wanted)
    return stride(from: 0, to: count, by: max(1, size)).map { $0..<min(count, $0 + size) }
  }
}

/// One slot per task; each is written by exactly one task and read after all have finished
/// (`concurrentPerform` or the group's wait returns only then), so no lock is needed.
private final class Slots<T>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<T?>

  init(count: Int) {
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil)
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  func store(_ value: T, at index: Int) { buffer[index] = value }

  func values() -> [T] { buffer.map { $0! } }
}
