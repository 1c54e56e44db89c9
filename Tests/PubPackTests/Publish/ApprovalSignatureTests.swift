import Foundation
import Testing

@testable import PubPack

/// `allowedSigners`: only approvals signed (with the real ssh-keygen) by a key the file allows
/// for the approver's name count.
@Suite struct ApprovalSignatureTests {
  typealias A = ApprovalFixture
  static let signed = "    required: true\n    allowedSigners: approvers"

  /// A pack that allows Sam Patel's key, with Sam's and Alex's keys made.
  func fixture(approval: String? = signed) throws -> (A, sam: String, alex: String) {
    let a = try A(approval: nil)
    let sam = try a.makeKey("sam")
    let alex = try a.makeKey("alex")
    try a.allow([("Sam Patel", sam)])
    try a.writePackYAML(approval: approval)
    return (a, sam, alex)
  }

  @Test func anApprovalSignedByAnAllowedKeyIsAccepted() throws {
    let (a, sam, _) = try fixture()
    defer { a.cleanUp() }
    let recorded = try a.approve("Sam Patel", key: sam)
    #expect(recorded.signaturePath == recorded.path + ".sig")
    let signature = try String(contentsOfFile: recorded.path + ".sig", encoding: .utf8)
    #expect(signature.hasPrefix("-----BEGIN SSH SIGNATURE-----"))
    // The file is what was signed: ssh-keygen itself agrees.
    let verify = try ExternalCommand(
      [
        "/usr/bin/ssh-keygen", "-Y", "verify", "-f", a.content + "/approvers", "-I", "Sam Patel", "-n",
        "pubpack-approval", "-s", recorded.path + ".sig",
      ], input: FileManager.default.contents(atPath: recorded.path)
    ).run()
    #expect(verify.succeeded, "\(verify.errorOutput)")
    guard case .success(.published) = a.publish() else {
      Issue.record("expected a publish")
      return
    }
  }

  /// Signatures that must not count, each made before `allowedSigners` was set (approve itself
  /// refuses them once it is; see `approveRefusesAKeyTheSignersFileDoesNotAllow`).
  enum BadSignature: String, CaseIterable {
    /// Alex signs, claiming to be Sam.
    case anotherKeyClaimingAnAllowedName
    /// Alex signs as Alex, whom the file does not name.
    case aNameTheFileDoesNotAllow
    /// Sam's key, but a signature made for another purpose (namespace `file`).
    case anotherNamespace
  }

  @Test(arguments: BadSignature.allCases)
  func anApprovalNotSignedByAnAllowedKeyIsRefused(_ bad: BadSignature) throws {
    let (a, sam, alex) = try fixture(approval: "    required: true")
    defer { a.cleanUp() }
    switch bad {
    case .anotherKeyClaimingAnAllowedName: try a.approve("Sam Patel", key: alex)
    case .aNameTheFileDoesNotAllow: try a.approve("Alex Kim", key: alex)
    case .anotherNamespace:
      let recorded = try a.approve("Sam Patel")
      let result = try ExternalCommand(["/usr/bin/ssh-keygen", "-Y", "sign", "-f", sam, "-n", "file", recorded.path])
        .run()
      #expect(result.succeeded)
    }
    try a.writePackYAML(approval: Self.signed)
    let message = A.refusal(a.publish())
    #expect(message.contains("no approval covers this site"), "\(message)")
    #expect(message.contains("does not count: its signature does not verify"), "\(message)")
    // Who must approve: the one person the signers file names.
    #expect(message.contains("Sam Patel must check the site and run 'pubpack approve --as NAME --key SSH_KEY'"))
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func anUnsignedApprovalIsRefusedWhenSignersAreSet() throws {
    let (a, _, _) = try fixture(approval: "    required: true")
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    try a.writePackYAML(approval: Self.signed)
    let message = A.refusal(a.publish())
    #expect(message.contains("(Sam Patel) does not count: it is not signed"), "\(message)")
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func aPipeForASignatureIsNotASignatureAndKeepsNobodyWaiting() throws {
    let (a, _, _) = try fixture(approval: "    required: true")
    defer { a.cleanUp() }
    let recorded = try a.approve("Sam Patel")
    try a.writePackYAML(approval: Self.signed)
    #expect(mkfifo(recorded.path + ".sig", 0o600) == 0)
    let started = Date()
    let message = A.refusal(a.publish())
    #expect(Date().timeIntervalSince(started) < 20, "ssh-keygen's 30 s wait on a pipe")
    #expect(message.contains("(Sam Patel) does not count: it is not signed"), "\(message)")
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func anApprovalThatIsALinkDoesNotCount() throws {
    let (a, _, _) = try fixture(approval: "    required: true")
    defer { a.cleanUp() }
    let recorded = try a.approve("Sam Patel")
    // The same approval, kept elsewhere and linked in: not a file of the approvals folder.
    let elsewhere = a.f.root.appendingPathComponent("elsewhere.json").path
    try FileManager.default.moveItem(atPath: recorded.path, toPath: elsewhere)
    try FileManager.default.createSymbolicLink(atPath: recorded.path, withDestinationPath: elsewhere)
    let message = A.refusal(a.publish())
    #expect(message.contains("not a plain file"), "\(message)")
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  /// Edits to a signed approval, each keeping the file well formed so that only the signature
  /// can tell.
  enum Tampering: String, CaseIterable {
    /// The pack was changed, and the approval's list edited to match the changed site.
    case filesReplacedWithTheChangedSite
    /// The approval made to look later.
    case approvedAtMoved
    /// The signature of another (older) approval put beside this one.
    case signatureOfAnotherApproval
  }

  @Test(arguments: Tampering.allCases)
  func aTamperedApprovalIsRefused(_ tampering: Tampering) throws {
    let (a, sam, _) = try fixture()
    defer { a.cleanUp() }
    let recorded = try a.approve("Sam Patel", key: sam)
    var approval = recorded.approval
    switch tampering {
    case .filesReplacedWithTheChangedSite:
      try a.f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCall 0999 999 999.\n")
      for (index, site) in approval.sites.enumerated() {
        let build = Pipeline.build(
          BuildRequest(content: a.content, templates: a.f.templates, at: parseUTC(site.from)!))
        let files = Approval.files(of: BuildManifest(mode: .release, instant: parseUTC(site.from)!, files: build.files))
        approval.sites[index].files = files
        approval.sites[index].digest = Approval.digest(files)
      }
      try approval.encoded().write(to: URL(fileURLWithPath: recorded.path))
    case .approvedAtMoved:
      approval.approvedAt = "2026-08-03T22:00:00Z"
      try approval.encoded().write(to: URL(fileURLWithPath: recorded.path))
    case .signatureOfAnotherApproval:
      try a.f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCall 0999 999 999.\n")
      let other = try Approver(clock: .fixed(PublishFixture.instant("2026-08-03T19:00"))).approve(
        content: a.content, templates: a.f.templates, as: "Sam Patel", key: sam)
      try FileManager.default.removeItem(atPath: other.path + ".sig")
      try FileManager.default.copyItem(atPath: recorded.path + ".sig", toPath: other.path + ".sig")
    }
    let message = A.refusal(a.publish())
    #expect(message.contains("its signature does not verify"), "\(message)")
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func approveRefusesAKeyTheSignersFileDoesNotAllowAndWritesNothing() throws {
    let (a, _, alex) = try fixture()
    defer { a.cleanUp() }
    #expect(throws: DiagnosticError.self) { try a.approve("Sam Patel", key: alex) }
    do {
      try a.approve("Alex Kim", key: alex)
      Issue.record("expected approve to refuse")
    } catch {
      let message = error.diagnostics.map(\.rendered).joined(separator: "\n")
      #expect(message.contains("content/pack.yaml:"), "\(message)")
      #expect(message.contains("publish would not accept this approval"), "\(message)")
      #expect(message.contains("approvers must have a line for \"Alex Kim\""), "\(message)")
    }
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  @Test func approveWithoutAKeyIsRefusedWhenSignersAreSet() throws {
    let (a, _, _) = try fixture()
    defer { a.cleanUp() }
    do {
      try a.approve("Sam Patel")
      Issue.record("expected approve to refuse")
    } catch {
      let message = error.diagnostics.map(\.rendered).joined(separator: "\n")
      #expect(message.contains("the pack accepts only signed approvals (allowedSigners: approvers)"), "\(message)")
      #expect(message.contains("--key"), "\(message)")
    }
    #expect(!FileManager.default.fileExists(atPath: a.approvals))
  }

  @Test func theSignersFileReadsQuotedAndCommaSeparatedNames() {
    let text = """
      # approvers
      "Sam Patel" ssh-ed25519 AAAAC3Nza sam@laptop
      alex@council.example,Jo ssh-ed25519 AAAAC3Nzb
      "Nobody" 
      """
    #expect(AllowedSigners.principals(in: text) == ["Sam Patel", "alex@council.example", "Jo"])
  }
}
