import Foundation
import Testing

@testable import PubPack

/// An approved pack published to a group of two directories and one rsync target over a real
/// OpenSSH server; an unapproved one reaches no member.
@Suite(.enabled(if: LoopbackSSHServer.isAvailable, "needs /usr/sbin/sshd (apt-get install -y openssh-server rsync)"))
struct ApprovalGroupTests {
  typealias A = ApprovalFixture

  func setUp(approval: String = "    required: true") throws -> (LoopbackSSHServer, A, [String]) {
    let server = try LoopbackSSHServer()
    let targets: (String) -> String = { remote in
      """
          web1: { directory: "\(remote)/web1" }
          web2: { directory: "\(remote)/web2" }
          web3: { rsync: "\(server.user)@127.0.0.1:\(remote)/web3", ssh: "\(server.sshCommand)" }
          live: { all: [web1, web2, web3] }
      """
    }
    let a = try A(approval: approval, targets: targets)
    let roots = ["web1", "web2", "web3"].map { a.f.remote + "/" + $0 }
    for root in roots { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
    return (server, a, roots)
  }

  @Test func anApprovedSiteGoesToEveryMemberAndAChangedOneToNone() throws {
    let (server, a, roots) = try setUp()
    defer { a.cleanUp() }
    _ = server
    try a.approve("Sam Patel")
    guard case .success(.published(let release, _)) = a.publish("live") else {
      Issue.record("expected a publish to the group")
      return
    }
    let site = PublishFixture.tree(a.f.site).filter { $0.key != BuildManifest.fileName }
    for root in roots {
      #expect(GroupPublishTests.current(root) == "releases/\(release)")
      #expect(PublishFixture.tree(root + "/current") == site)
      #expect(A.listing(root).filter { $0.contains("approv") || $0.hasSuffix(".sig") } == [])
    }

    // A correction nobody approved reaches no member.
    try a.f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCall 0123 456 789.\n")
    let before = roots.map { PublishFixture.tree($0) }
    let message = A.refusal(a.publish("live", at: "2026-08-04T11:30"))
    #expect(message.contains("1 file changed (page/index.html)"), "\(message)")
    #expect(message.contains("nothing was uploaded to group 'live'"), "\(message)")
    #expect(roots.map { PublishFixture.tree($0) } == before)
  }

  @Test func anUnapprovedSiteReachesNoMember() throws {
    let (server, a, roots) = try setUp()
    defer { a.cleanUp() }
    _ = server
    let message = A.refusal(a.publish("live"))
    #expect(message.contains("no approval covers this site"), "\(message)")
    for root in roots { #expect(A.listing(root) == []) }
  }
}
