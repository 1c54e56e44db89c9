/// The one way pubpack learns the time.
///
/// The library never reads the wall clock: the command layer makes a `Clock` (the system
/// clock, or a fixed instant from `--at`) and reads it once per command.
public struct Clock: Sendable {
  private let read: @Sendable () -> Instant

  public init(_ read: @escaping @Sendable () -> Instant) {
    self.read = read
  }

  /// A clock that always says `instant` (for `--at` and for tests).
  public static func fixed(_ instant: Instant) -> Clock {
    Clock { instant }
  }

  public func now() -> Instant { read() }
}
