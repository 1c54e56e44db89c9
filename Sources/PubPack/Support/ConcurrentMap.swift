import Foundation

/// `transform` of each index in `0..<count`, computed on every core, in index order.
///
/// For work per item that only reads shared values and returns its result: nothing is locked
/// here. (The one call that must never overlap another, a cmark-gfm parse, is serialised
/// inside PackMarkdown.) Stages run one after the other, never nested: nested inside each
/// other, Dispatch would give the inner one no extra threads.
func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
  [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    let slots = Slots(base: buffer.baseAddress)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      slots.initialize(index, to: transform(index))
    }
    initialized = count
  }
}

/// The result slots of `concurrentMap`: each index is written exactly once, by one
/// thread, before the array is handed back, so writes never overlap.
private struct Slots<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>?

  func initialize(_ index: Int, to value: T) {
    (base! + index).initialize(to: value)
  }
}

/// Values that concurrent work takes one each, by index: each is moved out exactly once, by
/// one thread, so a value is freed as soon as its taker is done with it.
final class Handoff<T>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<T?>
  private let count: Int

  init(_ values: [T]) {
    count = values.count
    base = .allocate(capacity: max(count, 1))
    for (index, value) in values.enumerated() { (base + index).initialize(to: value) }
  }

  /// The value at `index`; taking an index twice is a programming error.
  func take(_ index: Int) -> T {
    precondition(index >= 0 && index < count)
    guard let value = (base + index).pointee else { preconditionFailure("value \(index) was already taken") }
    (base + index).pointee = nil
    return value
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }
}
