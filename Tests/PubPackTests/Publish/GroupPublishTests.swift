import Foundation
import Testing

@testable import PubPack

/// Groups of targets, `{ all: [web1, web2, web3] }`: uploaded to every member, switched
/// all-or-nothing, rolled back together.
@Suite(.enabled(if: LoopbackSSHServer.isAvailable, "needs /usr/sbin/sshd (apt-get install -y openssh-server rsync)"))
struct GroupPublishTests {
  static let after = "2026-08-04T09:00"

  /// Two directories and one rsync target through a real OpenSSH server, whose ssh command
  /// fails (without running) any command containing the text of `fail-when` in the server's
  /// folder.
  func setUp() throws -> (LoopbackSSHServer, PublishFixture, [String]) {
    let server = try LoopbackSSHServer()
    let wrapper = server.folder + "/flaky-ssh"
    let script = """
      #!/bin/sh
      if [ -f \(server.folder)/fail-when ]; then
        case "$*" in *"$(cat \(server.folder)/fail-when)"*) echo "Connection reset by peer" >&2; exit 255;; esac
      fi
      exec \(server.sshCommand) "$@"
      """
    _ = FileManager.default.createFile(
      atPath: wrapper, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
    let f = try PublishFixture(targets: { remote in
      """
          web1: { directory: "\(remote)/web1" }
          web2: { directory: "\(remote)/web2" }
          web3: { rsync: "\(server.user)@127.0.0.1:\(remote)/web3", ssh: "\(wrapper)" }
          live: { all: [web1, web2, web3] }
      """
    })
    let roots = ["web1", "web2", "web3"].map { f.remote + "/" + $0 }
    for root in roots { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
    return (server, f, roots)
  }

  static func failWhen(_ server: LoopbackSSHServer, _ text: String?) throws {
    let path = server.folder + "/fail-when"
    if let text {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } else {
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  static func current(_ root: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/current")
  }

  @Test func publishesToEveryMemberAsOneReleaseThenRollsThemBackTogether() throws {
    let (server, f, roots) = try setUp()
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: Self.after)
    let lines = LockedValue<[String]>([])
    let publisher = Publisher(
      clock: .fixed(PublishFixture.instant(Self.after)), sleep: { _ in },
      progress: { l in lines.withLock { $0.append(l) } })
    guard case .published(let first, _) = try publisher.publish(f.request("live")) else {
      Issue.record("expected a publish")
      return
    }
    let site = PublishFixture.tree(f.site).filter { $0.key != BuildManifest.fileName }
    for root in roots {
      #expect(Self.current(root) == "releases/\(first)")
      #expect(PublishFixture.tree(root + "/current") == site)
    }
    // Output per member.
    for name in roots.map({ ($0 as NSString).lastPathComponent }) {
      #expect(
        lines.withLock { $0 }.contains { $0.hasPrefix(name + " (") && $0.contains("now serves release \(first)") })
    }

    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected number.\n")
    f.buildSite(at: "2026-08-04T09:30")
    guard
      case .published(let second, _) = try PublishFixture.publisher(at: "2026-08-04T09:30").publish(f.request("live"))
    else {
      Issue.record("expected a second publish")
      return
    }
    for root in roots { #expect(Self.current(root) == "releases/\(second)") }

    let (from, to) = try PublishFixture.publisher(at: "2026-08-04T09:40").rollback(
      target: "live", content: f.content, who: "tester", localLogPath: nil)
    #expect(from == second && to == first)
    for root in roots {
      #expect(Self.current(root) == "releases/\(first)")
      #expect(!FileManager.default.fileExists(atPath: root + "/releases/\(second)"))
    }
  }

  /// Publishes once, changes the pack, builds it again; returns the first release.
  func publishThenChange(_ f: PublishFixture, _ roots: [String]) throws -> String {
    f.buildSite(at: Self.after)
    guard case .published(let first, _) = try PublishFixture.publisher(at: Self.after).publish(f.request("live")) else {
      Issue.record("expected a publish")
      return ""
    }
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected number.\n")
    f.buildSite(at: "2026-08-04T09:30")
    return first
  }

  @Test(arguments: ["rsync --server", "sha256sum"])
  func anUploadThatFailsOnOneMemberSwitchesNoMember(step: String) throws {
    let (server, f, roots) = try setUp()
    defer { f.cleanUp() }
    let first = try publishThenChange(f, roots)
    let before = roots.map { PublishFixture.tree($0) }
    try Self.failWhen(server, step)
    let result = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-04T09:30"), f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("expected a refusal: \(result)")
      return
    }
    #expect(
      error.diagnostics.last?.message == "no member of group 'live' was switched: every upload must succeed first")
    for (index, root) in roots.enumerated() {
      #expect(Self.current(root) == "releases/\(first)")
      // Nothing left behind: the uploads already made to web1 and web2 were discarded.
      #expect(PublishFixture.tree(root) == before[index], "\(root)")
    }
  }

  @Test func aMemberThatCannotBeWrittenAtAllSwitchesNoMember() throws {
    let (server, f, roots) = try setUp()
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: Self.after)
    // web2's releases folder is somewhere nobody, root included, can create files.
    try FileManager.default.createSymbolicLink(atPath: roots[1] + "/releases", withDestinationPath: "/proc/self")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("live"))
    guard case .failure = result else {
      Issue.record("expected a refusal: \(result)")
      return
    }
    for root in roots { #expect(Self.current(root) == nil) }
    #expect(
      PublishFixture.tree(roots[0]) == [:]
        || PublishFixture.tree(roots[0]).keys.allSatisfy { $0.hasPrefix("releases") && !$0.contains("2026") })
  }

  @Test func aSwitchThatFailsOnOneMemberSwitchesTheOthersBack() throws {
    let (server, f, roots) = try setUp()
    defer { f.cleanUp() }
    let first = try publishThenChange(f, roots)
    try Self.failWhen(server, "mv -T")
    let lines = LockedValue<[String]>([])
    let publisher = Publisher(
      clock: .fixed(PublishFixture.instant("2026-08-04T09:30")), sleep: { _ in },
      progress: { l in lines.withLock { $0.append(l) } })
    let result = PublishFixture.outcome(publisher, f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("expected a failure: \(result)")
      return
    }
    let last = try #require(error.diagnostics.last)
    #expect(last.message.hasPrefix("group 'live' was not switched to release ") && last.message.contains("web3 ("))
    #expect(last.notes.count == 2 && last.notes.allSatisfy { $0.contains("was switched back to release \(first)") })
    for root in roots { #expect(Self.current(root) == "releases/\(first)") }
    // The release made for the failed switch is gone from every member.
    for root in roots.prefix(2) {
      let releases = try FileManager.default.contentsOfDirectory(atPath: root + "/releases").filter(
        ReleaseLayout.isReleaseID)
      #expect(releases == [first])
    }
    #expect(lines.withLock { $0 }.filter { $0.contains(": switched back to release \(first)") }.count == 2)
  }

  @Test func waitPublishesToTheGroupAtTheInstant() throws {
    let (server, f, roots) = try setUp()
    defer { f.cleanUp() }
    _ = server
    let embargo = PublishFixture.instant("2026-08-03T23:01:00Z")
    let time = LockedValue(embargo.adding(seconds: -45))
    let publisher = Publisher(
      clock: Clock { time.withLock { $0 } },
      sleep: { seconds in
        // Nothing live on any member while it waits.
        for root in roots { #expect(Self.current(root) == nil) }
        time.withLock { $0 = $0.adding(seconds: seconds) }
      }, progress: { _ in })
    guard case .published(let release, _) = try publisher.publish(f.request("live", wait: true)) else {
      Issue.record("expected a publish")
      return
    }
    #expect(release.hasPrefix("20260803T230100Z-"))
    for root in roots { #expect(Self.current(root) == "releases/\(release)") }
  }

  @Test func badGroupsAreLocatedErrors() {
    func errors(_ targets: String) -> [String] {
      let yaml = "site:\n  title: T\n  baseURL: https://x.example/\npublish:\n  targets:\n" + targets
      return PackSettingsLoader.load(yaml, path: "content/pack.yaml").1.filter { $0.severity == .error }.map(\.rendered)
    }
    let web = "    web1: { directory: /srv/a }\n    web2: { directory: /srv/b }\n"
    #expect(errors(web + "    live: { all: [web1, web2] }\n") == [])
    let unknown = errors(web + "    live: { all: [web1, web3] }\n")
    #expect(
      unknown.count == 1
        && unknown[0].hasPrefix("content/pack.yaml:8:5: error: group 'live' names 'web3', which is not a target"))
    #expect(unknown[0].contains("the targets are: web1, web2"))
    #expect(
      errors(web + "    both: { all: [web1, web2] }\n    live: { all: [both] }\n").first?.contains(
        "names the group 'both'") == true)
    #expect(
      errors(web + "    live: { all: [web1], keepReleases: 3 }\n").first?.contains("has 'all' and other settings")
        == true)
    #expect(errors(web + "    live: { all: [] }\n").first?.contains("names no targets") == true)
    #expect(errors(web + "    live: { all: [web1, web1] }\n").first?.contains("names a target twice") == true)
    #expect(errors(web + "    live: { all: web1 }\n").first?.contains("'all' must be a list") == true)
  }
}
