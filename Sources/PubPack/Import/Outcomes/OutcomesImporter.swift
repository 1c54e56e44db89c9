import Foundation

/// `import-outcomes`: reads Ofsted's statistics (the ODS as published, or a CSV export of its
/// table of latest judgements) and writes one authority's `content/outcomes.yaml`.
public struct OutcomesImporter: Sendable {
  /// The statistics file's path as the user typed it (shown in messages).
  public var displayPath: String

  public init(displayPath: String) {
    self.displayPath = displayPath
  }

  /// Reads the outcomes of `authority` from the bytes of the statistics file.
  ///
  /// A ZIP archive is read as an ODS spreadsheet, whatever its name; a file named `.ods` that
  /// is not a ZIP archive is an error; anything else is read as CSV.
  public func read(_ data: Data, authority: String) throws(DiagnosticError) -> OutcomesReading {
    let isZIP = data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06])
    let fileExtension = URL(fileURLWithPath: displayPath).pathExtension.lowercased()
    if isZIP || ["ods", "ots", "zip", "xlsx", "fods"].contains(fileExtension) {
      let spreadsheet = try ODSReader(displayPath: displayPath).read(data)
      return try OutcomesReader(displayPath: displayPath, requiresHistory: true).read(spreadsheet, authority: authority)
    }
    let spreadsheet = try CSVSheetReader(displayPath: displayPath).read(data)
    return try OutcomesReader(displayPath: displayPath, requiresHistory: false).read(spreadsheet, authority: authority)
  }

  /// Reads the outcomes of `authority` from the file at `displayPath`.
  public func read(authority: String) throws(DiagnosticError) -> OutcomesReading {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: displayPath))
    } catch {
      throw DiagnosticError(
        .error(
          at: nil, "cannot read '\(displayPath)': \(Self.reason(error))",
          notes: ["give the path of the statistics file (.ods as downloaded from GOV.UK, or a .csv export)"]))
    }
    return try read(data, authority: authority)
  }

  /// Imports `authority` from the file at `displayPath` into `outputPath`, atomically: the
  /// file is complete or untouched, and nothing is written on any error.
  ///
  /// - Returns: the outcomes written and the warnings to show.
  @discardableResult
  public func importOutcomes(authority: String, to outputPath: String) throws(DiagnosticError) -> OutcomesReading {
    let reading = try read(authority: authority)
    let text: String
    do {
      text = try reading.outcomes.yaml(sourceFile: URL(fileURLWithPath: displayPath).lastPathComponent)
    } catch {
      throw DiagnosticError(
        .error(
          at: nil, "cannot write the outcomes as YAML: \(error)",
          notes: ["this is a fault in pubpack, not in the file: please report it with the file"]))
    }
    try Self.writeAtomically(text, to: outputPath)
    return reading
  }

  /// Writes `text` to `path` atomically, creating the folder.
  ///
  /// The text goes to a temporary file in the same folder, renamed over `path`, so that a
  /// reader sees the old file or the new one, never half of one.
  public static func writeAtomically(_ text: String, to path: String) throws(DiagnosticError) {
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url, options: [.atomic])
    } catch {
      throw DiagnosticError(
        .error(at: nil, "cannot write '\(path)': \(reason(error))", notes: ["check that the folder can be written to"]))
    }
  }

  private static func reason(_ error: any Error) -> String {
    if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
      return underlying.localizedDescription
    }
    return (error as NSError).localizedDescription
  }
}
