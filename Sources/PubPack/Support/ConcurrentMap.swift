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
