import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Gets the text of a PDF from Debian's `pdftotext -layout` (package `poppler-utils`).
///
/// pubpack never parses PDF itself: `pdftotext` runs as a subprocess with a time limit and
/// is killed when it overruns. It writes into a private temporary folder, never beside the PDF.
public struct PDFTextExtractor: Sendable {
  /// The folders searched for `pdftotext`, in order (the command layer passes `PATH`).
  public var searchPath: [String]
  /// How long `pdftotext` may run before it is killed.
  public var timeLimit: Duration

  public init(searchPath: [String], timeLimit: Duration = .seconds(30)) {
    self.searchPath = searchPath
    self.timeLimit = timeLimit
  }

  /// The text of the PDF at `path`, each page ended by a form feed as `pdftotext` writes it.
  ///
  /// `displayPath` is the path as the user typed it, the only one used in messages.
  public func text(ofPDFAt path: String, displayPath: String) throws(DiagnosticError) -> String {
    let here = SourceLocation(path: displayPath, line: 1, column: 1)
    guard let executable = locate("pdftotext") else {
      throw DiagnosticError(
        .error(
          at: nil, "pdftotext was not found, so the report PDF cannot be read",
          notes: ["install Debian's poppler-utils package: apt-get install poppler-utils"]))
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue
    else {
      throw DiagnosticError(
        .error(at: here, "there is no such PDF file", notes: ["check the path: the report PDF as downloaded from Ofsted"]))
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw DiagnosticError(
        .error(at: here, "the PDF cannot be read (permission denied)", notes: ["check the file's permissions"]))
    }

    let workFolder = FileManager.default.temporaryDirectory
      .appendingPathComponent("pubpack-pdftotext-\(UUID().uuidString)", isDirectory: true)
    do {
      try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)
    } catch {
      throw DiagnosticError(
        .error(
          at: nil, "could not make a temporary folder for pdftotext",
          notes: ["check that the temporary folder (TMPDIR, or /tmp) is writable and has space"]))
    }
    defer { try? FileManager.default.removeItem(at: workFolder) }
    let textFile = workFolder.appendingPathComponent("report.txt")
    let errorFile = workFolder.appendingPathComponent("stderr.txt")

    let run = runPDFToText(
      executable: executable, pdfPath: absolute(path), textPath: textFile.path,
      errorPath: errorFile.path)
    let errorText =
      (try? String(contentsOf: errorFile, encoding: .utf8)).map {
        // pdftotext names the file in some messages; the user should only see their own path.
        $0.replacingOccurrences(of: absolute(path), with: displayPath)
      } ?? ""
    let lastComplaint =
      errorText.split(separator: "\n").last.map {
        String($0).trimmingCharacters(in: .whitespaces)
      } ?? ""

    switch run {
    case .launchFailed:
      throw DiagnosticError(
        .error(
          at: nil, "pdftotext could not be started",
          notes: ["reinstall Debian's poppler-utils package: apt-get install poppler-utils"]))
    case .timedOut:
      throw DiagnosticError(
        .error(
          at: here,
          "pdftotext did not finish within \(spokenTimeLimit) and was stopped",
          notes: [
            "check that this is the report PDF Ofsted sent; a damaged PDF can make pdftotext hang"
          ]
        ))
    case .exited(let status) where status != 0:
      var notes = [
        "the file may be truncated or damaged: ask for the PDF again, or download it from reports.ofsted.gov.uk"
      ]
      if !lastComplaint.isEmpty { notes.insert("pdftotext said: \(lastComplaint)", at: 0) }
      throw DiagnosticError(
        .error(
          at: here, "the PDF could not be read (pdftotext failed with status \(status))",
          notes: notes))
    case .exited:
      break
    }
    guard let data = try? Data(contentsOf: textFile) else {
      throw DiagnosticError(
        .error(
          at: here, "pdftotext wrote no text for this PDF",
          notes: ["a scanned PDF has no text to read: type the facts into content/inspection.yaml instead"]))
    }
    return String(decoding: data, as: UTF8.self)
  }

  private enum RunOutcome {
    case exited(Int32)
    case timedOut
    case launchFailed
  }

  private func runPDFToText(
    executable: String, pdfPath: String, textPath: String, errorPath: String
  ) -> RunOutcome {
    guard FileManager.default.createFile(atPath: errorPath, contents: nil),
      let errorHandle = FileHandle(forWritingAtPath: errorPath)
    else { return .launchFailed }
    defer { try? errorHandle.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    // Output goes to a file, not a pipe, so a long report can never fill a pipe and stall.
    process.arguments = ["-layout", "-enc", "UTF-8", "-eol", "unix", pdfPath, textPath]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errorHandle

    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    do {
      try process.run()
    } catch {
      return .launchFailed
    }
    if finished.wait(timeout: .now() + dispatchInterval(timeLimit)) == .timedOut {
      process.terminate()
      if finished.wait(timeout: .now() + .seconds(2)) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
      }
      return .timedOut
    }
    return .exited(process.terminationStatus)
  }

  /// "30 seconds", or "300 ms" for a limit under a second.
  private var spokenTimeLimit: String {
    let (seconds, attoseconds) = timeLimit.components
    if seconds >= 1 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
    return "\(attoseconds / 1_000_000_000_000_000) ms"
  }

  private func locate(_ name: String) -> String? { ExternalCommand.locate(name, in: searchPath) }

  // An absolute path also keeps a file named like "-layout.pdf" from reading as an option.
  private func absolute(_ path: String) -> String {
    path.hasPrefix("/")
      ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
  }

  private func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
    let (seconds, attoseconds) = duration.components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return .milliseconds(Int(clamping: max(milliseconds, 1)))
  }
}
