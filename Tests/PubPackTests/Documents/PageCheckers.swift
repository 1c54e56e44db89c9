import Foundation
import Testing

/// Runs Tests/Scripts/check_pages.py: the Nu Html Checker (Java) and axe-core in headless
/// Chromium.
///
/// Tests that need them are skipped, with the reason, when the tools are missing.
enum PageCheckers {
  struct Result {
    var status: Int32
    var output: String
  }

  static let script = DocumentsFixture.repository.appendingPathComponent("Tests/Scripts/check_pages.py").path

  static func onPath(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
  }

  static var hasPython: Bool { onPath("python3") }
  static var hasJava: Bool { hasPython && onPath("java") }
  static var hasChromium: Bool { hasPython && onPath("chromium") && onPath("chromedriver") }

  static func run(_ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// Checks a built site folder; records the checker's report when it finds a problem, and
  /// returns the summary line.
  @discardableResult
  static func check(
    _ tool: String, site: URL, screenshots: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
  )
    throws -> Result
  {
    var arguments = [tool, site.path]
    if let screenshots { arguments.append(DocumentsFixture.outputFolder.appendingPathComponent(screenshots).path) }
    let result = try run(arguments)
    if result.status == 77 {
      // The tool went missing between the trait's check and the run: say so, don't fail.
      print("skipped: \(result.output)")
      return result
    }
    #expect(result.status == 0, "\(tool) found problems:\n\(result.output)", sourceLocation: sourceLocation)
    print(result.output.split(separator: "\n").last.map(String.init) ?? "")
    return result
  }
}
