import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program `publish` runs (rsync, ssh), with its arguments, input and a time limit.
///
/// Output goes to temporary files rather than pipes, so a chatty program can never block on a
/// full pipe while we wait for it. A program that outlives its time limit is stopped (SIGTERM,
/// then SIGKILL) and reported as timed out, never waited on for ever.
public struct ExternalCommand: Sendable {
  /// The program and its arguments; the program is looked up on `PATH` when it has no `/`.
  public var arguments: [String]
  /// Bytes written to the program's standard input.
  public var input: Data?
  /// Seconds before the program is stopped.
  public var timeout: Double

  public init(_ arguments: [String], input: Data? = nil, timeout: Double = 300) {
    self.arguments = arguments
    self.input = input
    self.timeout = timeout
  }

  /// What a finished (or stopped) program left behind.
  public struct Result: Sendable {
    public var status: Int32
    public var output: String
    public var errorOutput: String
    public var timedOut: Bool

    public var succeeded: Bool { status == 0 && !timedOut }

    /// The last few lines of standard error, for a message.
    public var errorSummary: String {
      let lines = errorOutput.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
      return lines.suffix(3).joined(separator: " / ")
    }
  }

  /// Runs the program to completion or to its time limit. Throws only if it cannot be started.
  public func run() throws -> Result {
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("pubpack-run-\(UUID().uuidString)")
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out")
    let errURL = scratch.appendingPathComponent("err")
    let inURL = scratch.appendingPathComponent("in")
    _ = fm.createFile(atPath: outURL.path, contents: nil)
    _ = fm.createFile(atPath: errURL.path, contents: nil)
    _ = fm.createFile(atPath: inURL.path, contents: input ?? Data())

    let process = Process()
    guard let program = arguments.first else {
      return Result(status: 127, output: "", errorOutput: "no program given", timedOut: false)
    }
    if program.contains("/") {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = Array(arguments.dropFirst())
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = arguments
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let inHandle = try FileHandle(forReadingFrom: inURL)
    defer {
      try? outHandle.close()
      try? errHandle.close()
      try? inHandle.close()
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = inHandle

    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      process.terminate()
      if finished.wait(timeout: .now() + 5) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        _ = finished.wait(timeout: .now() + 5)
      }
    }
    let output = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    let errorOutput = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    let status = process.isRunning ? -1 : process.terminationStatus
    return Result(status: status, output: output, errorOutput: errorOutput, timedOut: timedOut)
  }
}

/// Splits a command line as a shell would for simple cases: words separated by spaces, with
/// single or double quotes around words that contain spaces. Nil if a quote is not closed.
func splitCommandLine(_ text: String) -> [String]? {
  var words: [String] = []
  var current = ""
  var inWord = false
  var quote: Character?
  for character in text {
    if let q = quote {
      if character == q { quote = nil } else { current.append(character) }
    } else if character == "'" || character == "\"" {
      quote = character
      inWord = true
    } else if character == " " || character == "\t" {
      if inWord { words.append(current) }
      current = ""
      inWord = false
    } else {
      current.append(character)
      inWord = true
    }
  }
  if quote != nil { return nil }
  if inWord { words.append(current) }
  return words
}

/// `text` quoted for a POSIX shell: single quotes, with each `'` written as `'\''`.
func shellQuoted(_ text: String) -> String {
  "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
