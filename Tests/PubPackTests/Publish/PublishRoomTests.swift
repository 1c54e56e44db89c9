import Foundation
import Testing

@testable import PubPack

#if canImport(Glibc)
  import Glibc
#endif

/// Before uploading, publish says how much room the release needs and how much the target has,
/// and refuses to start an upload that cannot fit.
@Suite struct PublishRoomTests {
  static func entry(_ path: String, _ hash: String, _ size: Int) -> BuildManifest.Entry {
    BuildManifest.Entry(path: path, sha256: hash, size: size, sources: [], notBefore: nil)
  }

  static func manifest(_ entries: [BuildManifest.Entry]) -> BuildManifest {
    var m = BuildManifest(mode: .release, instant: PublishFixture.instant("2026-08-04T09:00"), files: [])
    m.files = entries
    return m
  }

  @Test func theRoomNeededCountsOnlyWhatIsNotLinkedFromTheLiveRelease() {
    let new = Self.manifest([
      Self.entry("index.html", "aa", 5000), Self.entry("page/index.html", "bb", 10),
      Self.entry("assets/a/b.css", "cc", 4096),
    ])
    // First publish: every file in whole 4 KiB blocks (8 + 4 + 4 KiB), the manifest's block,
    // and a block for each folder ("", page, assets, assets/a).
    #expect(Publisher.roomNeeded(for: new, manifestSize: 700, live: nil) == (16 + 4 + 16) * 1024)
    // Beside a live release with the same index and stylesheet: only the page is new.
    let live = Self.manifest([Self.entry("index.html", "aa", 5000), Self.entry("assets/a/b.css", "cc", 4096)])
    #expect(Publisher.roomNeeded(for: new, manifestSize: 700, live: live) == (4 + 4 + 16) * 1024)
    // A file that moved, or changed, is new.
    let moved = Self.manifest([Self.entry("old.html", "aa", 5000), Self.entry("page/index.html", "zz", 10)])
    #expect(Publisher.roomNeeded(for: new, manifestSize: 700, live: moved) == (16 + 4 + 16) * 1024)
  }

  @Test(
    arguments: [
      (Int64(0), "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1.0 kB"), (4096, "4.1 kB"),
      (12_400_000, "12 MB"), (1_260_000_000, "1.3 GB"),
    ] as [(Int64, String)])
  func sizesAreShownInDecimalUnits(bytes: Int64, text: String) {
    #expect(Publisher.size(bytes) == text)
  }

  @Test func aPublishSaysWhatItNeedsAndWhatIsFree() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    let said = PublishLockTests.Transcript()
    let publisher = Publisher(
      clock: .fixed(PublishFixture.instant("2026-08-04T09:00")), sleep: { _ in }, progress: said.say)
    _ = try publisher.publish(f.request("staging"))
    #expect(said.all.contains { $0.contains(" as release ") && $0.contains(" needed, ") && $0.hasSuffix(" free)") })
    // The folder's free space as the target reads it is the file system's.
    var info = statvfs()
    #expect(statvfs(f.remote, &info) == 0)
    let free = Int64(info.f_bavail) * Int64(info.f_frsize)
    let read = DirectoryTarget(name: "staging", root: f.remote).availableBytes() ?? -1
    #expect(abs(read - free) < 64 * 1024 * 1024)
  }

  /// Whether this process may mount a small tmpfs (root in a container that allows it).
  static let canMountTmpfs: Bool = {
    guard geteuid() == 0 else { return false }
    let probe = Scratch.root.appendingPathComponent(
      "pubpack-mount-\(UUID().uuidString.prefix(8))"
    ).path
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil,
      (try? ExternalCommand(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", probe], timeout: 10).run())?.succeeded
        == true
    else { return false }
    _ = try? ExternalCommand(["umount", probe], timeout: 10).run()
    return true
  }()

  @Test(.enabled(if: canMountTmpfs, "needs to mount a tmpfs (root)"))
  func aTargetWithTooLittleRoomIsRefusedBeforeUploadingOverBothKindsOfTarget() throws {
    let server = LoopbackSSHServer.isAvailable ? try LoopbackSSHServer() : nil
    let f = try PublishFixture(targets: { remote in
      var yaml = "    staging: { directory: \"\(remote)\" }"
      if let server {
        yaml += "\n    live: { rsync: \"\(server.user)@127.0.0.1:\(remote)\", ssh: \"\(server.sshCommand)\" }"
      }
      return yaml
    })
    defer { f.cleanUp() }
    // 16 KiB of room; the test site needs about 40 KiB.
    try FileManager.default.createDirectory(atPath: f.remote, withIntermediateDirectories: true)
    let mounted = try ExternalCommand(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", f.remote], timeout: 10).run()
    #expect(mounted.succeeded)
    defer { _ = try? ExternalCommand(["umount", f.remote], timeout: 10).run() }
    f.buildSite(at: "2026-08-04T09:00")
    for target in server == nil ? ["staging"] : ["staging", "live"] {
      let outcome = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-04T09:00"), f.request(target))
      guard case .failure(let error) = outcome else {
        Issue.record("\(target): expected a refusal, got \(outcome)")
        continue
      }
      let message = error.diagnostics.map(\.rendered).joined(separator: "\n")
      #expect(message.contains(" kB free, and the release needs about 4"), "\(target): \(message)")
      #expect(message.contains("nothing was uploaded"))
      let left = (try? FileManager.default.contentsOfDirectory(atPath: f.remote + "/releases")) ?? []
      #expect(left.filter { $0 != ReleaseLayout.lockFile }.isEmpty, "\(target): \(left)")
      #expect(!FileManager.default.fileExists(atPath: f.remote + "/current"))
      // A dry run says the same, as a problem to fix, without failing for it.
      let dry = PublishFixture.outcome(
        PublishFixture.publisher(at: "2026-08-04T09:00"), f.request(target, dryRun: true))
      guard case .success(.dryRun) = dry else {
        Issue.record("\(target): expected a dry run, got \(dry)")
        continue
      }
    }
    _ = server
  }
}
