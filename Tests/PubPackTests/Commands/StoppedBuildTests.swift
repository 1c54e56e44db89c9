import Foundation
import Testing

@testable import PubPack

/// A build stopped by a signal (Ctrl-C, a closed terminal, systemd's stop) while it streams
/// pages into its staging folder removes that folder and ends as the signal ends a program: the
/// previous site is as it was and nothing is left beside it.
///
/// One signal at a time, and the waiting done without holding a thread: each case runs a real
/// build of hundreds of pages, and the other suites' servers need the machine's threads meanwhile.
@Suite(.serialized) struct StoppedBuildTests {
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func aBuildStoppedWhileItStreamsLeavesThePreviousSiteAndNothingElse(signal: Int32) async throws {
    // A small site first (the one that must survive), then enough pages that the debug binary
    // is still streaming them when the signal comes.
    let pack = try StreamedBuildTests.pack(pages: 3)
    #expect(pack.buildSite(at: "2026-08-04T09:00").1.map(\.rendered) == [])
    let before = StreamedBuildTests.tree(pack.site)
    for number in 4...700 {
      try pack.write(
        "content/page-\(number).md",
        "---\ntitle: Update \(number)\nkind: page\n---\n## Part \(number)\n\nFamilies can ask for help, part \(number).\n")
    }

    let process = Process()
    process.executableURL = pubpackBinary
    process.arguments = [
      "build", "--content", pack.content, "--templates", pack.templates, "--output", pack.site, "--at", "2026-08-04T10:00",
    ]
    process.currentDirectoryURL = pack.root
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until pages are being streamed (the staging folder has some), then stop it.
    var streamed = 0
    for _ in 0..<3000 where process.isRunning && streamed < 20 {
      try await Task.sleep(for: .milliseconds(20))
      streamed = Self.stagedFiles(beside: pack.site)
    }
    #expect(streamed >= 20, "the build ended before it was stopped: use more pages")
    kill(process.processIdentifier, signal)
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }

    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == signal)
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])
    #expect(StreamedBuildTests.tree(pack.site) == before)
  }

  /// How many files the staging folders beside `site` hold now.
  static func stagedFiles(beside site: String) -> Int {
    let parent = URL(fileURLWithPath: site).deletingLastPathComponent().path
    let fm = FileManager.default
    let folders = ((try? fm.contentsOfDirectory(atPath: parent)) ?? []).filter {
      $0.contains(".pubpack-new-") && !$0.hasSuffix(".lock")
    }
    return folders.reduce(0) { count, folder in
      count + ((fm.enumerator(atPath: parent + "/" + folder)?.allObjects.count) ?? 0)
    }
  }
}
