import Foundation
import Testing

extension ServerTests {
  /// A real browser: headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
  /// Python's `selenium`) opens a withheld page, the Markdown is edited, and the page reloads by
  /// itself; the time control and its cookie are used as a person would; a broken edit turns the
  /// open page into the diagnostics and the fix brings it back. Screenshots are kept in
  /// `.test-output/preview-browser/` for review. Skipped where the browser or selenium is not
  /// installed.
  @Suite(.serialized)
  struct BrowserTests {
    static let script = PackFixture.packageRoot + "/Tests/browser/preview_reload.py"
    static let output = PackFixture.packageRoot + "/.test-output/preview-browser"

    static let isAvailable: Bool = {
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
      else { return false }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", "-c", "import selenium"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { return false }
      process.waitUntilExit()
      return process.terminationStatus == 0
    }()

    @Test(.enabled(if: isAvailable, "needs chromium, chromium-driver and python3 selenium"), .timeLimit(.minutes(1)))
    func anOpenPageReloadsByItselfAfterAnEdit() async throws {
      try? FileManager.default.removeItem(atPath: Self.output)
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let (status, output) = try await Self.run(
        [
          "python3", Self.script, "http://127.0.0.1:\(preview.port)/press-release/",
          preview.fixture.content + "/press-release.md", Self.output,
        ])
      print(output)
      #expect(status == 0, "\(output)")
      #expect(FileManager.default.fileExists(atPath: Self.output + "/1-banner.png"))
      #expect(FileManager.default.fileExists(atPath: Self.output + "/2-after-edit.png"))
      #expect(FileManager.default.fileExists(atPath: Self.output + "/5-build-failed.png"))
    }

    /// Runs a command without blocking the concurrency pool the server runs on.
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = arguments
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
      }
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      return (status, String(decoding: data, as: UTF8.self))
    }
  }
}
