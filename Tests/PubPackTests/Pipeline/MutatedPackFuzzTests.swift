import Foundation
import Synchronization
import Testing

/// SplitMix64: a small generator whose sequence depends on its seed alone, so a case
/// reproduces from its number.
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Mutated copies of the sample pack, built and checked by the real `pubpack` executable: no
/// crash (a signal), no hang (a case is killed after `caseTimeout`), no memory runaway (the
/// process may use at most `memoryLimitKB` of address space) and no error without a
/// `path:line:column` location.
///
/// The cases come from one seed (`PUBPACK_FUZZ_SEED` overrides it, `PUBPACK_FUZZ_CASES` the
/// number of cases); a failure prints the seed, the case and what was done to the pack, so
/// `PUBPACK_FUZZ_SEED=<seed> swift test --filter MutatedPackFuzzTests` reproduces it.
@Suite struct MutatedPackFuzzTests {
  static let seed: UInt64 =
    ProcessInfo.processInfo.environment["PUBPACK_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_260_804
  static let caseCount = ProcessInfo.processInfo.environment["PUBPACK_FUZZ_CASES"].flatMap { Int($0) } ?? 200
  static let caseTimeout: TimeInterval = 20
  static let memoryLimitKB = 4_000_000
  /// Cases run side by side (the machine may have two cores).
  static let width = 3

  /// The sample pack's text files, by path relative to the pack (`content/webpage.md`).
  static func sampleFiles() throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    for folder in ["content", "templates"] {
      let root = packageRoot.appendingPathComponent(folder)
      let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
      for name in names where [".md", ".yaml", ".mustache"].contains(where: name.hasSuffix) {
        files["\(folder)/\(name)"] = Array(try Data(contentsOf: root.appendingPathComponent(name)))
      }
    }
    return files
  }

  /// One case: what was done to the pack, and how pubpack is run on it.
  struct Case {
    var number: Int
    var files: [String: [UInt8]]
    var mutations: [String] = []
    var arguments: [String]
  }

  static func makeCase(_ number: Int, from sample: [String: [UInt8]]) -> Case {
    var random = SeededGenerator(state: seed &+ UInt64(number) &* 0x2545_F491_4F6C_DD1D)
    let command = Bool.random(using: &random) ? "check" : "build"
    // The sample's release is 2026-08-04T00:01 London: one case in two builds before it.
    let instant = Bool.random(using: &random) ? "2026-08-03T12:00" : "2026-08-05T12:00"
    var testCase = Case(number: number, files: sample, arguments: [command, "--at", instant])
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      Mutator.mutate(&testCase, using: &random)
    }
    return testCase
  }

  /// What a run of pubpack did wrong, or nil.
  struct Outcome {
    var problem: String?
    var stderr: String
  }

  static func run(_ testCase: Case, in folder: URL) throws -> Outcome {
    for (path, bytes) in testCase.files {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    let assets = packageRoot.appendingPathComponent("templates/assets")
    try FileManager.default.copyItem(at: assets, to: folder.appendingPathComponent("templates/assets"))
    let errURL = folder.appendingPathComponent("stderr.txt")
    let outURL = folder.appendingPathComponent("stdout.txt")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    let process = Process()
    // The shell sets the memory limit and then becomes pubpack (`exec`), so a signal that ends
    // it is pubpack's.
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments =
      ["-c", "ulimit -v \(memoryLimitKB); exec \"$0\" \"$@\"", pubpackBinary.path] + testCase.arguments
    process.currentDirectoryURL = folder
    // Files, not pipes: a pipe nobody reads fills up and stops the child, which would look
    // like a hang.
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    if done.wait(timeout: .now() + caseTimeout) == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      done.wait()
      return Outcome(problem: "hang: still running after \(Int(caseTimeout)) s", stderr: "")
    }
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    if process.terminationReason == .uncaughtSignal {
      return Outcome(problem: "crash: ended by signal \(process.terminationStatus)", stderr: stderr)
    }
    guard [0, 1].contains(process.terminationStatus) else {
      return Outcome(problem: "exit status \(process.terminationStatus)", stderr: stderr)
    }
    let lines = stderr.split(separator: "\n").map(String.init)
    if process.terminationStatus == 1, !lines.contains(where: isLocatedError) {
      return Outcome(problem: "failed with no located error", stderr: stderr)
    }
    // An error line is located, or it is the summary that follows the located ones.
    if let unlocated = lines.first(where: {
      $0.hasPrefix("error: ") && !$0.hasPrefix("error: check failed: ") && !$0.hasPrefix("error: build failed: ")
    }) {
      return Outcome(problem: "an error without a location: \(unlocated)", stderr: stderr)
    }
    return Outcome(problem: nil, stderr: stderr)
  }

  static func isLocatedError(_ line: String) -> Bool {
    line.wholeMatch(of: /[^\s:][^:]*:[0-9]+:[0-9]+: error: .+/) != nil
  }

  @Test func mutatedSamplePacksNeverCrashHangOrFailWithoutALocation() throws {
    let sample = try Self.sampleFiles()
    let base = Scratch.root.appendingPathComponent("pubpack-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    let failures = Mutex<[String]>([])
    let next = Mutex(0)
    let clock = ContinuousClock()
    let start = clock.now
    DispatchQueue.concurrentPerform(iterations: Self.width) { _ in
      while true {
        let number = next.withLock { value -> Int in
          defer { value += 1 }
          return value
        }
        guard number < Self.caseCount else { return }
        let testCase = Self.makeCase(number, from: sample)
        let folder = base.appendingPathComponent("case-\(number)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome: Outcome
        do { outcome = try Self.run(testCase, in: folder) } catch {
          outcome = Outcome(problem: "could not run: \(error)", stderr: "")
        }
        guard let problem = outcome.problem else { continue }
        let report = """
          seed \(Self.seed), case \(number): \(problem)
            pubpack \(testCase.arguments.joined(separator: " "))
            mutations: \(testCase.mutations.joined(separator: "; "))
            stderr: \(outcome.stderr.prefix(600))
          """
        failures.withLock { $0.append(report) }
      }
    }
    let elapsed = clock.now - start
    let found = failures.withLock { $0 }
    #expect(found.isEmpty, "\(found.count) of \(Self.caseCount) cases failed:\n\(found.joined(separator: "\n"))")
    print("MutatedPackFuzzTests: \(Self.caseCount) cases, seed \(Self.seed), in \(elapsed)")
  }
}

/// The ways a case changes the sample pack.
///
/// Each records what it did, in words that let a person make the same change.
private enum Mutator {
  static func mutate(_ testCase: inout MutatedPackFuzzTests.Case, using random: inout SeededGenerator) {
    let paths = testCase.files.keys.sorted()
    let path = paths.randomElement(using: &random)!
    var bytes = testCase.files[path]!
    let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
    let what: String
    switch Int.random(in: 0..<9, using: &random) {
    case 0:
      let flips = Int.random(in: 1...8, using: &random)
      for _ in 0..<flips where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
      }
      what = "flipped \(flips) bits in \(path)"
    case 1:
      bytes = Array(bytes.prefix(position))
      what = "cut \(path) to \(position) bytes"
    case 2:
      let invalid: [[UInt8]] = [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00],
      ]
      let chosen = invalid.randomElement(using: &random)!
      bytes.insert(contentsOf: chosen, at: position)
      what = "inserted bytes \(chosen) into \(path) at \(position)"
    case 3:
      let count = [40, 70, 600, 5000].randomElement(using: &random)!
      let nestings: [(String, String)] = [
        ("{{#council}}", "{{/council}}"), ("{{^page.draft}}\n", "{{/page.draft}}\n"), ("{{$b}}", "{{/b}}"),
        ("[", "]"), ("{a: ", "}"), ("- ", ""), ("> ", ""), ("1. ", ""), ("{{#\ncouncil\n}}", ""), ("(", ")"),
      ]
      let (open, close) = nestings.randomElement(using: &random)!
      let text = "\n" + String(repeating: open, count: count) + "x" + String(repeating: close, count: count) + "\n"
      bytes.insert(contentsOf: Array(text.utf8), at: lineStart(in: bytes, near: position))
      what = "nested \(count) × \(open.debugDescription) in \(path) near byte \(position)"
    case 4:
      let tokens = [
        "{{", "}}", "*", "_", "[", "]", "(", ")", "a", " ", "<", ">", "&", "`", "\\", "!", "|", "-", "#", ":", "~",
        "\"", "http://x.example/", "www.", "&a ", "*a ",
      ]
      let length = Int.random(in: 20_000...200_000, using: &random)
      var line: [UInt8] = []
      line.reserveCapacity(length + 32)
      while line.count < length { line += Array(tokens.randomElement(using: &random)!.utf8) }
      bytes.insert(contentsOf: line + [0x0A], at: lineStart(in: bytes, near: position))
      what = "inserted a line of \(line.count) bytes of markup into \(path) near byte \(position)"
    case 5:
      var lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
      for level in 1...9 {
        lines.append(
          "lol\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
      }
      let bomb = lines.joined(separator: "\n") + "\n"
      if path.hasSuffix(".md"), let end = frontMatterEnd(bytes) {
        bytes.insert(contentsOf: Array(bomb.utf8), at: end)
      } else {
        bytes += Array(("\n" + bomb).utf8)
      }
      what = "added a billion laughs to \(path)"
    case 6:
      let templates = paths.filter { $0.hasPrefix("templates/") }
      let from = templates.randomElement(using: &random)!
      let name = (from as NSString).lastPathComponent.replacingOccurrences(of: ".mustache", with: "")
      let recursions = [
        "{{>\(name)}}", "{{<\(name)}}{{/\(name)}}", "{{>judgements}}",
        "{{<layout}}{{$main}}{{$main}}{{/main}}{{/main}}{{/layout}}",
        "{{<layout}}{{$main}}{{>layout}}{{/main}}{{/layout}}",
      ]
      let tag = recursions.randomElement(using: &random)!
      var target = testCase.files[from]!
      target.insert(
        contentsOf: Array(tag.utf8), at: lineStart(in: target, near: Int.random(in: 0...target.count, using: &random)))
      testCase.files[from] = target
      testCase.mutations.append("inserted \(tag) into \(from)")
      if from == path { bytes = target }
      return
    case 7:
      guard !bytes.isEmpty else { return }
      let from = Int.random(in: 0..<bytes.count, using: &random)
      let length = Int.random(in: 1...min(2000, bytes.count - from), using: &random)
      let copies = Int.random(in: 1...50, using: &random)
      let chunk = Array(bytes[from..<(from + length)])
      for _ in 0..<copies { bytes.insert(contentsOf: chunk, at: position) }
      what = "copied bytes \(from)..<\(from + length) of \(path) \(copies) times to \(position)"
    default:
      let sigils = ["", "#", "^", "/", ">", "<", "$", "!", "&", "{", "=", "%"]
      let names = ["council", "council.name", "page", "x", "main", "layout", "judgements", "*x", "", "empty(x)", "a b"]
      let tag =
        "{{" + sigils.randomElement(using: &random)! + names.randomElement(using: &random)!
        + (Bool.random(using: &random) ? "}}" : "")
      bytes.insert(contentsOf: Array(tag.utf8), at: position)
      what = "inserted \(tag.debugDescription) into \(path) at \(position)"
    }
    testCase.files[path] = bytes
    testCase.mutations.append(what)
  }

  /// The start of the line that holds `position`.
  static func lineStart(in bytes: [UInt8], near position: Int) -> Int {
    var at = min(position, bytes.count)
    while at > 0, bytes[at - 1] != 0x0A { at -= 1 }
    return at
  }

  /// Where a document's front matter ends (the start of its closing `---` line), if it has one.
  static func frontMatterEnd(_ bytes: [UInt8]) -> Int? {
    let marker = Array("\n---".utf8)
    guard bytes.count > 4, bytes.starts(with: Array("---".utf8)) else { return nil }
    var at = 3
    while at + marker.count <= bytes.count {
      if Array(bytes[at..<(at + marker.count)]) == marker { return at + 1 }
      at += 1
    }
    return nil
  }
}
