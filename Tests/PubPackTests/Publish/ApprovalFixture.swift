import Foundation
import Testing

@testable import PubPack

/// A publish fixture whose pack.yaml asks for approvals, with a council report embargoed to a
/// later instant (`report.md`, 10:00am London on 4 August 2026), and SSH keys made with the real
/// ssh-keygen for the approvers.
struct ApprovalFixture {
  let f: PublishFixture
  /// The pack's instant and the report's, as `--wait` and `approve` see them.
  static let packAt = "2026-08-04T00:01"
  static let reportAt = "2026-08-04T10:00"
  /// After both instants.
  static let after = "2026-08-04T11:00"
  /// When the second person approves: the evening before.
  static let evening = "2026-08-03T18:00"

  var content: String { f.content }
  var approvals: String { f.content + "/approvals" }

  /// `approval` is the YAML under `publish: approval:` (indented by four spaces); nil for none.
  /// `targets` as `PublishFixture` takes them; a directory target `staging` by default.
  init(
    approval: String? = "    required: true", files: [String: String] = [:],
    targets: @escaping (String) -> String = { "    staging: { directory: \"\($0)/staging\" }" }
  ) throws {
    var all = [
      "content/report.md":
        "---\ntitle: Report to cabinet\nkind: council-report\nembargo: \(Self.reportAt)\n---\nThe cabinet is asked to note the report.\n"
    ]
    all.merge(files) { _, new in new }
    f = try PublishFixture(targets: targets, liftsAt: Self.packAt, files: all)
    try writePackYAML(approval: approval, targets: targets)
  }

  func writePackYAML(approval: String?, targets: ((String) -> String)? = nil) throws {
    let targetLines = (targets ?? { "    staging: { directory: \"\($0)/staging\" }" })(f.remote)
    try f.write(
      "content/pack.yaml",
      """
      site:
        title: Test pack
        baseURL: https://www.test.example/ofsted/
      publish:
        targets:
      \(targetLines)
      """ + (approval.map { "\n  approval:\n\($0)\n" } ?? "\n"))
  }

  func cleanUp() { f.cleanUp() }

  /// Approves as `name` at `instant`, signed with `key` when given.
  @discardableResult
  func approve(_ name: String?, key: String? = nil, at instant: String = evening) throws(DiagnosticError)
    -> Approver.Recorded
  {
    try Approver(clock: .fixed(PublishFixture.instant(instant))).approve(
      content: f.content, templates: f.templates, as: name, key: key)
  }

  /// Builds the site at `instant` and publishes it to `target` by a clock that says `instant`.
  func publish(_ target: String = "staging", at instant: String = after) -> Result<PublishOutcome, DiagnosticError> {
    f.buildSite(at: instant)
    return PublishFixture.outcome(PublishFixture.publisher(at: instant), f.request(target))
  }

  /// The one error of a refusal, rendered; a publish that went ahead is recorded as a failure.
  static func refusal(_ result: Result<PublishOutcome, DiagnosticError>) -> String {
    guard case .failure(let error) = result else {
      Issue.record("expected a refusal, got \(result)")
      return ""
    }
    return error.diagnostics.map(\.rendered).joined(separator: "\n")
  }

  /// Files and folders under `path`, relative; empty if it does not exist.
  static func listing(_ path: String) -> [String] {
    (FileManager.default.subpaths(atPath: path) ?? []).sorted()
  }

  /// A new ed25519 key pair in the fixture's folder: the private key's path.
  func makeKey(_ name: String) throws -> String {
    let path = f.root.appendingPathComponent("keys/\(name)").path
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let result = try ExternalCommand(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
      .run()
    #expect(result.succeeded, "ssh-keygen: \(result.errorOutput)")
    return path
  }

  /// Writes `content/approvers`, an allowed_signers file: each name with its key's public half.
  func allow(_ signers: [(name: String, key: String)]) throws {
    let lines = try signers.map { signer in
      "\"\(signer.name)\" " + (try String(contentsOfFile: signer.key + ".pub", encoding: .utf8))
    }
    try f.write("content/approvers", "# who may approve the pack\n" + lines.joined())
  }
}
