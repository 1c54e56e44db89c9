import Foundation
import PubPack

/// `pubpack-bench`: the preview-latency half of the benchmark (bench/run drives it).
///
///     pubpack-bench [--content DIR] [--templates DIR] [--runs N] [--mode preview|release]
///     pubpack-bench --content DIR --templates DIR --profile-write SITE [--mode M] [--at INSTANT]
///
/// Copies the pack's content to a temporary folder, then N times: changes one document (the
/// first `.md` file, in name order), builds the whole pack in-process with `Pipeline.build`,
/// and times that build. Prints the median, minimum and maximum in milliseconds: pubpack's own
/// work to rebuild a page after an edit, without process start-up, writing or serving.
///
/// `--profile-write` builds once (in `--mode`, preview unless given) and writes the site, like `pubpack build`:
/// the same library code under a synchronous `main`, which valgrind 3.19 can run (it crashes
/// in libdispatch's `sigsuspend` under the async `main` of the `pubpack` executable).
@main
struct PreviewLatency {
  static func main() throws {
    var content = "content"
    var templates = "templates"
    var runs = 30
    var mode = BuildMode.preview
    var profileSite: String?
    var at = "2027-01-01T00:00"
    var arguments = CommandLine.arguments.dropFirst()
    while let flag = arguments.popFirst() {
      guard let value = arguments.popFirst() else { usage("\(flag) needs a value") }
      switch flag {
      case "--content": content = value
      case "--templates": templates = value
      case "--runs": runs = Int(value) ?? 0
      case "--mode": mode = BuildMode(rawValue: value) ?? .preview
      case "--profile-write": profileSite = value
      case "--at": at = value
      default: usage("unknown option \(flag)")
      }
    }
    guard runs > 0 else { usage("--runs needs a positive number") }
    if let profileSite {
      guard case .success(let instant) = InstantParser.parse(at, fractions: .roundDown) else { usage("cannot read --at \(at)") }
      let start = ContinuousClock.now
      let build = Pipeline.build(BuildRequest(content: content, templates: templates, mode: mode, at: instant))
      let built = ContinuousClock.now
      let peakAfterBuild = peakMegabytes()
      let written = build.succeeded ? SiteWriter.write(build, to: profileSite) : build.diagnostics
      let end = ContinuousClock.now
      guard written.isEmpty else {
        for diagnostic in written { print(diagnostic) }
        usage("the build failed")
      }
      print(
        String(
          format: "built in %.1f ms (peak %.0f MB), written in %.1f ms (peak %.0f MB): %d files",
          milliseconds(built - start), peakAfterBuild, milliseconds(end - built), peakMegabytes(), build.files.count))
      return
    }

    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("pubpack-bench-\(getpid())")
    try? fm.removeItem(at: scratch)
    try fm.copyItem(at: URL(fileURLWithPath: content), to: scratch)
    defer { try? fm.removeItem(at: scratch) }
    guard
      let edited = try fm.contentsOfDirectory(atPath: scratch.path).filter({ $0.hasSuffix(".md") }).sorted().first
    else { usage("no documents in \(content)") }
    let editedURL = scratch.appendingPathComponent(edited)
    let original = try String(contentsOf: editedURL, encoding: .utf8)

    // After the pack's embargo has lifted or before it, preview shows every document.
    let instant = Instant(secondsSince1970: 1_800_000_000)
    let request = BuildRequest(content: scratch.path, templates: templates, mode: mode, at: instant)
    let warmUp = Pipeline.build(request)
    guard warmUp.succeeded else {
      for diagnostic in warmUp.diagnostics { print(diagnostic) }
      usage("the pack does not build")
    }

    var times: [Double] = []
    for run in 0..<runs {
      // The edit an author makes: one more paragraph, different on every run.
      try (original + "\nEdited \(run) times.\n").write(to: editedURL, atomically: false, encoding: .utf8)
      let start = ContinuousClock.now
      let build = Pipeline.build(request)
      let elapsed = ContinuousClock.now - start
      precondition(build.succeeded && !build.files.isEmpty)
      times.append(Self.milliseconds(elapsed))
    }
    times.sort()
    let median = times[times.count / 2]
    print(
      String(
        format: "preview rebuild (%@, %d runs, %@ edited): median %.2f ms, min %.2f ms, max %.2f ms",
        mode.rawValue, runs, edited, median, times.first!, times.last!))
  }

  static func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
  }

  /// The process's peak resident memory so far.
  static func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  static func usage(_ message: String) -> Never {
    FileHandle.standardError.write(
      Data(
        "pubpack-bench: \(message)\nusage: pubpack-bench [--content DIR] [--templates DIR] [--runs N] [--mode preview|release]\n"
          .utf8))
    exit(64)
  }
}
