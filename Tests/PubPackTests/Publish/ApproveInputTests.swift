import Foundation
import Testing

@testable import PubPack

/// `approve` with bad input: one clear error, and nothing written to `content/approvals/`.
@Suite struct ApproveInputTests {
  typealias A = ApprovalFixture

  func refusal(_ a: A, name: String?, key: String? = nil) -> String {
    do {
      try a.approve(name, key: key)
      Issue.record("expected approve to refuse")
      return ""
    } catch {
      #expect(error.diagnostics.hasErrors)
      return error.diagnostics.map(\.rendered).joined(separator: "\n")
    }
  }

  @Test(arguments: [nil, "", "   ", "Sam\nPatel", "Sam \"the approver\" Patel", "Patel, Sam", "Sam*", "S?m Patel"] as [String?])
  func aMissingOrUnusableNameIsRefused(_ name: String?) throws {
    let a = try A()
    defer { a.cleanUp() }
    let message = refusal(a, name: name)
    #expect(message.hasPrefix("error: "), "\(message)")
    #expect(message.contains("--as"), "\(message)")
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  @Test(arguments: ["Siân O'Neill-Jones", "Dr. A. Okafor", "Zoë Brontë"])
  func namesAsPeopleWriteThemAreRecorded(_ name: String) throws {
    let a = try A()
    defer { a.cleanUp() }
    let recorded = try a.approve(name)
    #expect(recorded.approval.approvedBy == name)
    #expect(FileManager.default.fileExists(atPath: recorded.path))
  }

  /// Keys that cannot sign: missing, a folder, a file that is not a key.
  @Test(arguments: ["missing", "folder", "not-a-key"])
  func aKeyThatCannotSignIsRefusedAtItsPath(_ kind: String) throws {
    let a = try A()
    defer { a.cleanUp() }
    let key = a.f.root.appendingPathComponent("keys/\(kind)").path
    try FileManager.default.createDirectory(
      atPath: kind == "folder" ? key : a.f.root.appendingPathComponent("keys").path, withIntermediateDirectories: true)
    if kind == "not-a-key" { try a.f.write("keys/not-a-key", "hello\n") }
    let message = refusal(a, name: "Sam Patel", key: key)
    #expect(message.hasPrefix("\(key):1:1: error: "), "\(message)")
    #expect(message.contains("\n  note: "), "\(message)")
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  /// Packs with errors: in a document, in inspection.yaml, in pack.yaml's approval settings.
  static let broken: [String: [String: String]] = [
    "a document with an unknown data tag": [
      "content/page.md": "---\ntitle: Contact us\nkind: page\n---\nCall {{council.phoneNumber}}.\n"
    ],
    "a later document with an unknown data tag": [
      "content/report.md":
        "---\ntitle: Report\nkind: council-report\nembargo: 2026-08-04T10:00\n---\n{{nothing.here}}\n"
    ],
    "inspection.yaml that is not YAML": ["content/inspection.yaml": "council: [\n"],
  ]

  @Test(arguments: broken.keys.sorted())
  func aPackWithErrorsIsNotApproved(_ case: String) throws {
    let a = try A(files: Self.broken[`case`]!)
    defer { a.cleanUp() }
    let message = refusal(a, name: "Sam Patel")
    #expect(message.contains(":") && message.contains(": error: "), "\(message)")
    #expect(message.contains("so there is nothing to approve"), "\(message)")
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  @Test func aBadApprovalSettingIsReportedByApprove() throws {
    let a = try A(approval: "    required: \"yes please\"")
    defer { a.cleanUp() }
    let message = refusal(a, name: "Sam Patel")
    #expect(
      message.contains("content/pack.yaml:8:15: error: 'required' must be true or false, not 'yes please'"),
      "\(message)")
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  @Test func twoApprovalsNeverShareAFile() throws {
    let a = try A()
    defer { a.cleanUp() }
    let first = try a.approve("Sam Patel")
    let same = try a.approve("Sam Patel")
    let other = try a.approve("Alex Kim")
    #expect(Set([first.path, same.path, other.path]).count == 3)
    #expect(same.path == String(first.path.dropLast(".json".count)) + "-2.json")
    // The same approval, byte for byte: the file is deterministic.
    #expect(FileManager.default.contents(atPath: first.path) == FileManager.default.contents(atPath: same.path))
    #expect(A.listing(a.approvals).count == 3)
  }

  @Test func theCommandLineWithoutAsExitsOneAndWritesNothing() throws {
    let a = try A()
    defer { a.cleanUp() }
    let result = try runPubpack(
      ["approve", "--content", a.content, "--templates", a.f.templates], in: a.f.root)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("error: approve needs the approver's name: --as NAME"), "\(result.stderr)")
    #expect(result.stderr.contains("nothing was written"))
    #expect(!result.stderr.contains("Fatal error"))
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }
}
