import Foundation
import Testing

/// `ReleasePolicy.isReleased(embargo:at:)` is the only code that compares an instant with an
/// embargo, so the boundary rule (the instant itself is released) cannot differ between the
/// build, the writer, the press copy, publish and rollback. This reads the sources and fails
/// on any other `<`, `<=`, `>` or `>=` beside a name that holds an instant or an embargo.
@Suite struct OneEmbargoComparisonTests {
  static let names = "(now|instant|embargo|notBefore|releaseInstant|packRelease|liftsAt|publicAt)"
  static let comparison = try! NSRegularExpression(
    pattern: "\\b\(names)\\b\\s*(<=|>=|<|>)\\s|\\s(<=|>=|<|>)\\s*\\(?\\s*\(names)\\b")

  /// Comparisons that are not release decisions, and why.
  static let allowed: [(file: String, text: String)] = [
    // The definition itself.
    ("Sources/PubPack/Embargo/ReleasePolicy.swift", "return !(now < embargo)"),
    // A validation rule between two embargo settings, not a decision at an instant.
    ("Sources/PubPack/Validate/PackValidator.swift", "where instant < packRelease"),
    // A validation rule between the release instant and the report's publication date as
    // written, not a decision at an instant.
    ("Sources/PubPack/Load/ReleaseInstantCheck.swift", "if liftsAt < dayStarts {"),
  ]

  @Test func noCodeButReleasePolicyComparesAnInstantWithAnEmbargo() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let sources = root.appendingPathComponent("Sources")
    let files = try #require(FileManager.default.subpaths(atPath: sources.path)).filter { $0.hasSuffix(".swift") }
    #expect(files.count > 20)
    var found: [String] = []
    for file in files.sorted() {
      let path = "Sources/" + file
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        // The code of the line: no comment, no string literal.
        var code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        code = code.replacingOccurrences(of: #""(\\.|[^"\\])*""#, with: "\"\"", options: .regularExpression)
        let range = NSRange(code.startIndex..., in: code)
        guard Self.comparison.firstMatch(in: code, range: range) != nil else { continue }
        // Time limits on the monotonic clock (`clock.now > deadline`) are not embargoes.
        if code.lowercased().contains("deadline") { continue }
        if Self.allowed.contains(where: { $0.file == path && code.contains($0.text) }) { continue }
        found.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(found == [], "compare with ReleasePolicy.isReleased(embargo:at:) instead")
  }
}
