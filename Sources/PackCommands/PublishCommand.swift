import ArgumentParser
import Foundation
import PubPack

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `pubpack publish`: uploads a release build to a target named in pack.yaml and switches it live.
struct PublishCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Upload a release build to a target in pack.yaml and make it live in one step.",
    discussion: """
      The site is checked against its build manifest and every file against the real clock \
      immediately before uploading; the whole upload is refused if anything is not yet released. \
      The upload goes to releases/.ID.partial/ on the target, is checked file by file, is renamed \
      to releases/ID/, and 'current' is switched to it in one rename. Point the web server at \
      TARGET/current (nginx: root /var/www/ofsted-2026/current;). Each release's build manifest \
      (releases/ID.manifest.json) and the publication log (releases/publish.log) sit outside \
      current, so they are never served. The local log is CONTENT/publish.log. Publishes to one \
      target take turns on releases/publish.lock (flock; over ssh the host needs flock from \
      util-linux): a second one waits up to two minutes, or fails naming the holder. With \
      'publish: approval: required: true' in pack.yaml, a site whose files no approval in \
      CONTENT/approvals/ covers is refused (see pubpack approve).

      With --wait, publish prints the instants it will publish at, then sleeps in steps of at \
      most 30 seconds, reading the clock after each (so a machine that slept or a clock that \
      jumped never publishes early), shows the time left hourly, every 10 minutes in the last \
      hour and at one minute, and prints one line per release. A release that fails is retried \
      with backoff for 15 minutes; if one still fails, the later ones are made and publish \
      exits 1. To run it unattended, see docs/publish-wait.service.
      """)

  @OptionGroup var pack: PackOptions

  @Option(name: .customLong("to"), help: ArgumentHelp("The target's name in pack.yaml.", valueName: "target"))
  var target: String

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp(
      "Who is publishing, for the publication logs (default: git config user.name, else the account).",
      valueName: "name"))
  var person: String?

  @Option(help: ArgumentHelp("The built site to publish.", valueName: "dir"))
  var site = "site"

  @Flag(help: "Show what would be added, changed and removed; change nothing.")
  var dryRun = false

  @Flag(
    help: """
      Stay running and, at each release instant in turn (the pack's, then each later document \
      embargo), build with the real clock and publish, until everything is out.
      """)
  var wait = false

  @Option(
    help: ArgumentHelp(
      "After publishing, fetch every file from this address (where the target is served) and compare it with what was uploaded.",
      valueName: "base-url"))
  var checkURL: String?

  // publish always uses the real clock; --at is accepted only to refuse it clearly.
  @Option(name: .customLong("at"), help: .hidden)
  var at: String?

  func validate() throws {
    if at != nil {
      throw ValidationError(
        "publish always uses the real clock; --at is not accepted\n  note: build with --at to see a future site, then publish at or after the embargo, or use --wait"
      )
    }
    if let checkURL, !(checkURL.hasPrefix("https://") || checkURL.hasPrefix("http://")) {
      throw ValidationError("--check-url must be an http(s) address, not '\(checkURL)'")
    }
    if dryRun && wait {
      throw ValidationError(
        "--dry-run and --wait cannot be used together\n  note: run --dry-run now to see the changes, and --wait to publish at the embargo"
      )
    }
  }

  func run() throws {
    // `--wait` rebuilds the site at each instant, streaming it as `build` does.
    StagingSignals.install()
    let publisher = Publisher(
      clock: SystemServices.clock, sleep: SystemServices.sleep, progress: Console.error, showsTransferProgress: true)
    let request = PublishRequest(
      content: pack.content, templates: pack.templates, site: site, target: target, isDryRun: dryRun,
      waitsForEmbargo: wait, who: SystemServices.who(as: person, content: pack.content),
      localLogPath: SystemServices.localLog(content: pack.content), printers: .fromEnvironment())
    do {
      switch try publisher.publish(request) {
      case .published(let release, _):
        Console.out("published release \(release) to \(target)")
      case .alreadyLive(let release):
        Console.out("release \(release) on \(target) already has exactly this site: nothing to do")
      case .dryRun:
        Console.out("dry run: nothing was changed on \(target)")
        return
      }
    } catch {
      Console.report(error.diagnostics)
      // The errors above say what happened to the target; a second error would count the cause twice.
      Console.error("pubpack: publish to '\(target)' did not complete")
      throw ExitCode(1)
    }
    if let checkURL, let manifest = BuildManifest.read(siteDirectory: site) {
      Console.error("pubpack: checking \(manifest.files.count) files at \(checkURL)")
      let problems = SmokeCheck.problems(manifest: manifest, base: checkURL, fetch: WebFetcher.fetch)
      guard problems.isEmpty else {
        Console.report(problems)
        Console.error(
          "error: the check found \(problems.count) file\(problems.count == 1 ? "" : "s") not served as published")
        throw ExitCode(1)
      }
      Console.out("checked: every file at \(checkURL) is as published")
    }
  }
}

/// `pubpack rollback`: makes the previous release live again.
struct RollbackCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollback",
    abstract: "Make the previous published release live again, in one atomic step.",
    discussion: """
      The release returned to is the one that was live before the current one, as the target's \
      publication log records it; the rollback is logged too, so a second one goes back further. \
      The release rolled back from is removed. For a group, every member is rolled back to the \
      same release, or none is.
      """)

  @OptionGroup var pack: PackOptions

  @Option(name: .customLong("to"), help: ArgumentHelp("The target's name in pack.yaml.", valueName: "target"))
  var target: String

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp(
      "Who is publishing, for the publication logs (default: git config user.name, else the account).",
      valueName: "name"))
  var person: String?

  func run() throws {
    let publisher = Publisher(clock: SystemServices.clock, sleep: SystemServices.sleep, progress: Console.error)
    do {
      let (from, to) = try publisher.rollback(
        target: target, content: pack.content, templates: pack.templates,
        who: SystemServices.who(as: person, content: pack.content),
        localLogPath: SystemServices.localLog(content: pack.content))
      Console.out("rolled back \(target) from release \(from) to \(to)")
    } catch {
      Console.report(error.diagnostics)
      Console.error("error: rollback of '\(target)' failed; 'current' is unchanged")
      throw ExitCode(1)
    }
  }
}

/// Fetches one address for `--check-url`, bypassing caches on this side, with a time limit.
enum WebFetcher {
  static func fetch(_ address: String) -> SmokeCheck.Fetched {
    guard let url = URL(string: address) else { return .failed("not an address") }
    var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: 20)
    request.setValue("pubpack publish --check-url", forHTTPHeaderField: "User-Agent")
    let result = FetchBox()
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: request) { data, response, error in
      if let error {
        result.set(.failed(error.localizedDescription))
      } else if let http = response as? HTTPURLResponse, http.statusCode != 200 {
        result.set(.failed("HTTP \(http.statusCode)"))
      } else {
        result.set(.body(data ?? Data()))
      }
      done.signal()
    }.resume()
    if done.wait(timeout: .now() + 30) == .timedOut { return .failed("timed out") }
    return result.get() ?? .failed("no response")
  }

  final class FetchBox: @unchecked Sendable {
    private var value: SmokeCheck.Fetched?
    private let lock = NSLock()
    func set(_ v: SmokeCheck.Fetched) {
      lock.lock()
      value = v
      lock.unlock()
    }
    func get() -> SmokeCheck.Fetched? {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
  }
}

/// What publish and rollback take from the system: the clock, sleeping, and who is at the keyboard.
enum SystemServices {
  static let clock = Clock { Instant(Date()) }

  static let sleep: @Sendable (Int64) -> Void = { seconds in
    Thread.sleep(forTimeInterval: Double(max(seconds, 0)))
  }

  /// Who is publishing, for the publication log: the person (`--as`, else `git config
  /// user.name` where the pack is) and the account, `Jo Bloggs (deploy@web-admin)`; the account
  /// alone, `deploy@web-admin`, when no name is known. Never "unknown".
  static func who(as name: String?, content: String) -> String {
    let environment = ProcessInfo.processInfo.environment
    var account = environment["USER"] ?? environment["LOGNAME"] ?? ""
    if account.isEmpty, let entry = getpwuid(getuid()), let text = entry.pointee.pw_name {
      account = String(cString: text)
    }
    if account.isEmpty { account = "uid \(getuid())" }
    let me = account + "@" + ProcessInfo.processInfo.hostName
    let person = (name ?? gitUserName(in: content))?.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let person, !person.isEmpty else { return me }
    return "\(person) (\(me))"
  }

  /// `git config user.name` as seen from the pack's folder; nil without git or a name.
  static func gitUserName(in folder: String) -> String? {
    let directory = FileManager.default.fileExists(atPath: folder) ? folder : "."
    let command = ExternalCommand(["/usr/bin/env", "git", "-C", directory, "config", "user.name"], timeout: 10)
    guard let result = try? command.run(), result.succeeded
    else { return nil }
    let name = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    return name.isEmpty ? nil : name
  }

  /// The local publication log lives with the pack it records.
  static func localLog(content: String) -> String {
    content.hasSuffix("/") ? content + "publish.log" : content + "/publish.log"
  }
}
