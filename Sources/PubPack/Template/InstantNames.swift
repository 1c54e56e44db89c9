import Foundation

/// Each release instant of a build, named once: `PackData.instant` formats seven strings, and
/// a pack of thousands of documents has a handful of instants.
struct InstantNames: Sendable {
  private let names: [Instant: TemplateValue]

  init(_ instants: [Instant]) {
    names = Dictionary(Set(instants).map { ($0, PackData.instant($0)) }, uniquingKeysWith: { a, _ in a })
  }

  subscript(instant: Instant) -> TemplateValue { names[instant] ?? PackData.instant(instant) }
}
