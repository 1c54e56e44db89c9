import Foundation

/// Runs the built `pubpack` executable as a user would, capturing both streams.
struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// The `pubpack` binary built beside the tests (the test target depends on it).
let pubpackBinary: URL = {
  let bundle = Bundle.main.bundleURL
  // swift test runs from .build/<config>/; the binary sits in the same folder.
  var candidates = [
    packageRoot.appendingPathComponent(".build/debug/pubpack"),
    bundle.deletingLastPathComponent().appendingPathComponent("pubpack"),
  ]
  if let dir = ProcessInfo.processInfo.environment["PUBPACK_BINARY"] { candidates.insert(URL(fileURLWithPath: dir), at: 0) }
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

func runPubpack(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> CommandResult {
  try runProcess(pubpackBinary, arguments, in: directory, environment: environment)
}

/// Runs `executable` with `arguments` (in `directory`, with `environment` over this process's)
/// and waits for it, capturing both streams.
func runProcess(
  _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
) throws -> CommandResult {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = directory }
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read both pipes to the end before waiting, so a full pipe cannot block the child.
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}
