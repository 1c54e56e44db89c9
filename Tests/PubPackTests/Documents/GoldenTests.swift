import Foundation
import Testing

@testable import PubPack

/// The sample pack's three documents as built on release day, compared with reviewed golden
/// files in Golden/.
///
/// After a deliberate change, re-record with `RECORD_GOLDEN=1 swift test
/// --filter GoldenTests`, review the diff, and commit it; a recording run fails, so nobody
/// records by accident.
@Suite struct GoldenTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
  static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

  @Test(arguments: [
    ("ofsted-inspection/index.html", "webpage.html"),
    ("press-release/index.html", "press-release.html"),
    ("council-report/index.html", "council-report.html"),
  ])
  func documentMatchesItsGoldenFile(path: String, golden: String) throws {
    let actual = DocumentsFixture.text(DocumentsFixture.build(), path)
    try Self.compare(actual, golden: golden)
  }

  @Test func pressCopyTextMatchesItsGoldenFile() throws {
    let (copies, _) = PressCopy.make(DocumentsFixture.request(at: DocumentsFixture.weekBefore))
    try Self.compare(copies.first?.text ?? "", golden: "press-release.txt")
  }

  static func compare(_ actual: String, golden: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    throws
  {
    let url = folder.appendingPathComponent(golden)
    if isRecording {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      Issue.record("recorded \(golden); unset RECORD_GOLDEN and run again", sourceLocation: sourceLocation)
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record("no golden file \(golden): record it with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    if expected != actual {
      Issue.record("\(golden) differs:\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
    }
  }

  /// The changed lines, with line numbers: `-` as recorded, `+` as built now.
  static func lineDiff(_ expected: String, _ actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for index in 0..<max(old.count, new.count) {
      let a = index < old.count ? String(old[index]) : nil
      let b = index < new.count ? String(new[index]) : nil
      guard a != b else { continue }
      if let a { out.append("\(index + 1)- \(a)") }
      if let b { out.append("\(index + 1)+ \(b)") }
      if out.count > 40 {
        out.append("...")
        break
      }
    }
    return out.joined(separator: "\n")
  }
}
