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

/// Work run on a thread of its own while the caller goes on, to be waited for: a stage that
/// needs nothing from the one the caller runs next, so the two share the cores (a
/// `concurrentMap` nested in another's would get no threads of its own).
final class Beside<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  /// Written once by the thread before it signals `done`; read only after `done` is waited for.
  private var value: Value?

  init(_ work: @escaping @Sendable () -> Value) {
    let thread = Thread { [self] in
      value = work()
      done.signal()
    }
    // The stage would otherwise run on Dispatch's threads, whose stacks are this size too.
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The work's result, once it has finished.
  func wait() -> Value {
    done.wait()
    done.signal()
    return value!
  }
}
