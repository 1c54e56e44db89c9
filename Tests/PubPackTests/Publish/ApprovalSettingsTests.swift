import Foundation
import Testing

@testable import PubPack

/// `publish: approval:` in pack.yaml: read, and every bad value reported where it was written.
@Suite struct ApprovalSettingsTests {
  /// A pack.yaml with `approval` (the YAML under `approval:`, indented by four spaces) beside
  /// `files` in a fresh content folder; returns the settings and the rendered diagnostics.
  func load(_ approval: String, files: [String: String] = [:]) throws -> (ApprovalSettings?, [String]) {
    let folder = Scratch.root.appendingPathComponent(
      "pubpack-approval-settings-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    let text = """
      site:
        title: Test pack
        baseURL: https://www.test.example/ofsted/
      publish:
        approval:
      \(approval)
      """
    let path = folder.appendingPathComponent("pack.yaml").path
    let (settings, diagnostics) = PackSettingsLoader.load(text, path: path)
    return (
      settings?.approval,
      diagnostics.map { $0.rendered.replacingOccurrences(of: folder.path + "/", with: "content/") }
    )
  }

  @Test func requiredAndSignersAreRead() throws {
    let key = "\"Sam Patel\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO6ZkUQGBe9djbWihuRoL7t7W0no8VObkxQgNDCzm+sC sam\n"
    let (signed, problems) = try load("    required: true\n    allowedSigners: approvers", files: ["approvers": key])
    #expect(problems == [])
    #expect(signed?.isRequired == true)
    #expect(signed?.allowedSigners == "approvers")
    // A signers file asks for approvals even without `required`.
    #expect(try load("    allowedSigners: approvers", files: ["approvers": key]).0?.isRequired == true)
    #expect(try load("    required: false").0?.isRequired == false)
    #expect(try load("    required: yes").0?.isRequired == true)
  }

  /// Bad values, each with the error expected at its line and column.
  static let bad: [(String, String, [String: String])] = [
    (
      "    required: \"yes please\"",
      "content/pack.yaml:6:15: error: 'required' must be true or false, not 'yes please'", [:]
    ),
    (
      "    required: [true]", "content/pack.yaml:6:15: error: 'required' must be a single value, not a list or mapping",
      [:]
    ),
    ("    requird: true", "content/pack.yaml:6:5: error: unknown key 'requird' in 'publish.approval'", [:]),
    (
      "    required: true\n    allowedSigners: approvers",
      "content/pack.yaml:7:21: error: the allowed signers file 'approvers' does not exist in the content folder", [:]
    ),
    (
      "    allowedSigners: ../approvers",
      "content/pack.yaml:6:21: error: allowedSigners must name a file inside the content folder, not '../approvers'",
      [:]
    ),
    (
      "    allowedSigners: /etc/approvers",
      "content/pack.yaml:6:21: error: allowedSigners must name a file inside the content folder, not '/etc/approvers'",
      [:]
    ),
    (
      "    allowedSigners: approvers",
      "content/pack.yaml:6:21: error: the allowed signers file 'approvers' names no one",
      ["approvers": "# nobody yet\n\n"]
    ),
    ("    {}", "content/pack.yaml:6:5: error: 'publish.approval' says nothing", [:]),
    ("    - required", "content/pack.yaml:6:5: error: 'publish.approval' must be a mapping of 'key: value' lines", [:]),
  ]

  @Test(arguments: bad.indices)
  func aBadApprovalSettingIsALocatedError(_ index: Int) throws {
    let (yaml, expected, files) = Self.bad[index]
    let (settings, problems) = try load(yaml, files: files)
    #expect(settings == nil)
    #expect(problems.count == 1, "\(problems)")
    #expect(problems.first?.hasPrefix(expected) == true, "\(problems)")
    #expect(problems.first?.contains("\n  note: ") == true, "\(problems)")
  }

  @Test func requiredWrittenAsAnAnswerFailsTheBuildAtItsPlace() throws {
    let a = try ApprovalFixture(approval: "    required: \"yes please\"")
    defer { a.cleanUp() }
    let build = Pipeline.build(
      BuildRequest(content: a.content, templates: a.f.templates, at: PublishFixture.instant(ApprovalFixture.after)))
    #expect(!build.succeeded)
    #expect(
      build.diagnostics.map(\.rendered).contains {
        $0.hasPrefix(a.content + "/pack.yaml:8:15: error: 'required' must be true or false, not 'yes please'")
      })
  }
}
