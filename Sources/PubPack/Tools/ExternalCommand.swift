import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program `publish` runs (rsync, ssh), with its arguments, input and a time limit.
///
/// It is started with `posix_spawnp` rather than Foundation's `Process`: `Process` on Linux
/// learns that a child has ended from a socket the child inherits, so a grandchild that keeps
/// it open (ssh's ControlPersist master) or closes it early (sshd re-executing itself) makes it
/// wait for ever. Here the child inherits only its three standard files, which are temporary
/// files (so a chatty program never blocks on a full pipe), and the parent polls `waitpid`.
/// A program that outlives its time limit is stopped (SIGTERM, then SIGKILL) and reported as
/// timed out.
public struct ExternalCommand: Sendable {
  /// The first executable file called `name` in the folders of `searchPath`, in order (the
  /// command layer passes `PATH`); nil when there is none.
  static func locate(_ name: String, in searchPath: [String]) -> String? {
    for folder in searchPath where !folder.isEmpty {
      let candidate = (folder as NSString).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The program and its arguments; the program is looked up on `PATH` when it has no `/`.
  public var arguments: [String]
  /// Bytes written to the program's standard input.
  public var input: Data?
  /// Seconds before the program is stopped.
  public var timeout: Double
  /// Whether the program's standard output goes to our standard error (rsync's progress)
  /// rather than being captured.
  public var showsOutput: Bool

  public init(_ arguments: [String], input: Data? = nil, timeout: Double = 300, showsOutput: Bool = false) {
    self.arguments = arguments
    self.input = input
    self.timeout = timeout
    self.showsOutput = showsOutput
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
      // ssh ends its messages with "\r\n".
      let lines = errorOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .filter { !$0.isEmpty }
      return lines.suffix(3).joined(separator: " / ")
    }
  }

  /// Why a program could not be started.
  public struct LaunchFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Runs the program to completion or to its time limit. Throws only if it cannot be started.
  public func run() throws -> Result {
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("pubpack-run-\(UUID().uuidString)")
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: scratch) }
    let outPath = scratch.appendingPathComponent("out").path
    let errPath = scratch.appendingPathComponent("err").path
    let inPath = scratch.appendingPathComponent("in").path
    try (input ?? Data()).write(to: URL(fileURLWithPath: inPath))

    let pid = try Self.spawn(
      arguments, standardInput: inPath, standardOutput: showsOutput ? nil : outPath, standardError: errPath)
    var status: Int32 = 0
    var timedOut = false
    var exited = false
    // Elapsed time on the monotonic clock: the time limit is not a reading of the wall clock.
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
    var killDeadline: ContinuousClock.Instant?
    while true {
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid || (reaped == -1 && errno != EINTR) {
        exited = reaped == pid
        break
      }
      let now = clock.now
      if let killDeadline {
        if now > killDeadline { kill(pid, SIGKILL) }
      } else if now > deadline {
        timedOut = true
        kill(pid, SIGTERM)
        killDeadline = now.advanced(by: .seconds(5))
      }
      usleep(10_000)
    }
    let output = String(decoding: fm.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    let errorOutput = String(decoding: fm.contents(atPath: errPath) ?? Data(), as: UTF8.self)
    return Result(
      status: exited ? Self.exitStatus(status) : -1, output: output, errorOutput: errorOutput, timedOut: timedOut)
  }

  /// Starts `arguments` with its standard files redirected and nothing else inherited.
  /// A nil `standardOutput` sends the program's output to our standard error. With
  /// `standardInputDescriptor` (the read end of a pipe, say), the program reads that instead of
  /// the file `standardInput`.
  static func spawn(
    _ arguments: [String], standardInput: String, standardInputDescriptor: Int32? = nil, standardOutput: String?,
    standardError: String
  ) throws -> pid_t {
    guard let program = arguments.first, !program.isEmpty else { throw LaunchFailure(description: "no program given") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let standardInputDescriptor {
      posix_spawn_file_actions_adddup2(&actions, standardInputDescriptor, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, standardInput, O_RDONLY, 0)
    }
    if let standardOutput {
      posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 2, 1)
    }
    posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    #if os(Linux)
      closeInheritedFiles(&actions)
    #endif
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    #if canImport(Darwin)
      posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
    #endif
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let result = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
    guard result == 0 else {
      throw LaunchFailure(description: "cannot start '\(program)': \(String(cString: strerror(result)))")
    }
    return pid
  }

  #if os(Linux)
    /// Closes every file above the standard three in the child. glibc (2.34 on) has
    /// `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not export;
    /// without it, the files open now are closed one by one.
    static func closeInheritedFiles(_ actions: inout posix_spawn_file_actions_t) {
      typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
      if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        if closeFrom(&actions, 3) == 0 { return }
      }
      let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
      for fd in open.compactMap({ Int32($0) }) where fd > 2 {
        posix_spawn_file_actions_addclose(&actions, fd)
      }
    }
  #endif

  /// The exit status of a `waitpid` status, or 128 + the signal that ended the program.
  static func exitStatus(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
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
