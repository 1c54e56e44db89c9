import Foundation
import Testing

@testable import PubPack

#if canImport(Glibc)
  import Glibc
#endif

/// A small pack in a fresh temporary folder, with a publish target, for the publish tests.
///
/// The pack's release instant is 12:01am on Tuesday 4 August 2026 (23:01 UTC on 3 August);
/// `page.md` is the document the tests correct. The target's settings are given per test.
struct PublishFixture {
  let root: URL

  var content: String { root.appendingPathComponent("content").path }
  var templates: String { root.appendingPathComponent("templates").path }
  var site: String { root.appendingPathComponent("site").path }
  /// A folder for targets (a directory target, or the far end of the ssh one).
  var remote: String { root.appendingPathComponent("remote").path }
  var localLog: String { content + "/publish.log" }

  /// `targets` makes the YAML under `publish: targets:` (indented by four spaces) from `remote`.
  init(
    targets: (_ remote: String) -> String, liftsAt: String = "2026-08-04T00:01", files: [String: String] = [:]
  ) throws {
    root = Scratch.root.appendingPathComponent(
      "pubpack-publish-\(UUID().uuidString.prefix(8))")
    var all = Self.standard(liftsAt: liftsAt)
    all["content/pack.yaml"] = """
      site:
        title: Test pack
        baseURL: https://www.test.example/ofsted/
      publish:
        targets:
      \(targets(root.appendingPathComponent("remote").path))
      """
    all.merge(files) { _, new in new }
    for (path, text) in all { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func cleanUp() { try? FileManager.default.removeItem(at: root) }

  /// Builds into `site/` as at `instant`; records any problem as a test failure.
  func buildSite(at instant: String, mode: BuildMode = .release) {
    let build = Pipeline.build(
      BuildRequest(content: content, templates: templates, mode: mode, at: Self.instant(instant)))
    #expect(build.diagnostics.filter { $0.severity == .error }.map(\.rendered) == [])
    #expect(SiteWriter.write(build, to: site).map(\.rendered) == [])
  }

  func request(_ target: String, dryRun: Bool = false, wait: Bool = false) -> PublishRequest {
    PublishRequest(
      content: content, templates: templates, site: site, target: target, isDryRun: dryRun, waitsForEmbargo: wait,
      who: "tester@testhost", localLogPath: localLog)
  }

  /// A publisher whose clock says `instant` and which must not sleep.
  static func publisher(at instant: String) -> Publisher {
    Publisher(
      clock: .fixed(Self.instant(instant)), sleep: { _ in Issue.record("publish slept without --wait") },
      progress: { _ in })
  }

  /// Publishes and returns the outcome, or the rendered errors.
  static func outcome(_ publisher: Publisher, _ request: PublishRequest) -> Result<PublishOutcome, DiagnosticError> {
    do { return .success(try publisher.publish(request)) } catch { return .failure(error) }
  }

  /// Everything under `path`: each file's SHA-256, each link's text, each folder; for
  /// "nothing changed" checks.
  static func tree(_ path: String) -> [String: String] {
    let fm = FileManager.default
    var result: [String: String] = [:]
    // `current` is a link; list what it points at.
    let path = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard let names = fm.subpaths(atPath: path) else { return result }
    for name in names {
      let full = path + "/" + name
      switch fileType(full) {
      case .typeSymbolicLink?: result[name] = "-> " + ((try? fm.destinationOfSymbolicLink(atPath: full)) ?? "?")
      case .typeDirectory?: result[name] = "folder"
      default: result[name] = fm.contents(atPath: full).map(BuildManifest.sha256) ?? "unreadable"
      }
    }
    return result
  }

  static func inode(_ path: String) -> UInt64? {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value
  }

  static func instant(_ text: String) -> Instant { TestPack.instant(text) }

  static func standard(liftsAt: String) -> [String: String] {
    [
      // The whole-pack tests' inspection, released at `liftsAt`.
      "content/inspection.yaml": TestPack.inspection.replacingOccurrences(
        of: "liftsAt: 2026-08-04T00:01", with: "liftsAt: \(liftsAt)"),
      "content/webpage.md": """
      ---
      title: Our inspection
      kind: webpage
      summary: What Ofsted found.
      ---
      {{council.name}} was judged {{judgements.overallEffectiveness.gradeLower}}.
      """,
      "content/page.md": """
      ---
      title: Contact us
      kind: page
      ---
      Call the press office.
      """,
      "templates/layout.mustache": """
      <html><head><title>{{page.title}}</title></head><body><nav>{{#documents}}<a href="{{url}}">{{title}}</a>{{/documents}}</nav>{{$main}}{{/main}}</body></html>
      """,
      "templates/index.mustache": """
      {{<layout}}{{$main}}<h1>{{site.title}}</h1>{{#documents}}<p>{{title}}</p>{{/documents}}{{/main}}{{/layout}}
      """,
      "templates/webpage.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
      "templates/council-report.mustache": "{{<layout}}{{$main}}{{{page.content}}}{{/main}}{{/layout}}",
      "templates/press-release.mustache": "{{<layout}}{{$main}}{{{page.content}}}{{/main}}{{/layout}}",
      "templates/page.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
      "templates/assets/site.css": "body { font-family: sans-serif; }\n",
    ]
  }
}

/// A real OpenSSH server on a free 127.0.0.1 port, with its own host key, user key and
/// configuration in a temporary folder, for publishing over rsync and ssh as on a web server.
final class LoopbackSSHServer: @unchecked Sendable {
  static let sshdPath = "/usr/sbin/sshd"
  /// Only a missing sshd skips the tests; without rsync or ssh they fail, as publishing would.
  static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: sshdPath) }

  let folder: String
  let port: Int
  let user: String
  private var pid: pid_t?

  var keyPath: String { folder + "/user_key" }
  /// The `ssh:` setting for a target that publishes through this server.
  var sshCommand: String {
    "ssh -p \(port) -i \(keyPath) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o IdentitiesOnly=yes"
  }

  init() throws {
    folder =
      Scratch.root.appendingPathComponent("pubpack-sshd-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    port = try Self.freePort()
    user = String(cString: getpwuid(geteuid()).pointee.pw_name)
    for key in ["host_key", "user_key"] {
      let result = try ExternalCommand([
        "/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/" + key,
      ]).run()
      guard result.succeeded else { throw SSHServerError("ssh-keygen failed: \(result.errorOutput)") }
    }
    try FileManager.default.copyItem(atPath: folder + "/user_key.pub", toPath: folder + "/authorized_keys")
    let config = """
      Port \(port)
      ListenAddress 127.0.0.1
      HostKey \(folder)/host_key
      PidFile \(folder)/sshd.pid
      AuthorizedKeysFile \(folder)/authorized_keys
      UsePAM no
      StrictModes no
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      PubkeyAuthentication yes
      PermitRootLogin prohibit-password
      LogLevel ERROR
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/sshd_config"))
    // sshd refuses to start without its privilege separation folder.
    try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
    try start()
  }

  /// Starts sshd in the foreground (`-D`), through `ExternalCommand.spawn` so that it
  /// inherits nothing but /dev/null (see `ExternalCommand` on Foundation's `Process`).
  func start() throws {
    let pid = try ExternalCommand.spawn(
      [Self.sshdPath, "-D", "-e", "-f", folder + "/sshd_config"], standardInput: "/dev/null",
      standardOutput: "/dev/null", standardError: folder + "/sshd.log")
    self.pid = pid
    for _ in 0..<100 {
      if Self.accepts(port: port) { return }
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid {
        self.pid = nil
        break
      }
      usleep(50_000)
    }
    let log = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
    throw SSHServerError("sshd did not start on port \(port): \(log)")
  }

  func stop() {
    guard let pid else { return }
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    self.pid = nil
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// A port the kernel has just handed out, so nothing else is listening on it.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SSHServerError("no socket") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else { throw SSHServerError("could not find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}

struct SSHServerError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
