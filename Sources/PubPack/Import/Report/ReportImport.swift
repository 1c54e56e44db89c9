import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `import-report`: the final Ofsted report PDF in, `content/report.yaml` out.
///
/// The stages run in this order: extract the text (`pdftotext`), read the facts, write the
/// file. The file is written only when every fact was read, and atomically (a temporary file
/// beside it, then a rename), so a failed import leaves any earlier `report.yaml` as it was.
public struct ReportImport: Sendable {
  /// How the PDF's text is obtained.
  public var extractor: PDFTextExtractor

  public init(extractor: PDFTextExtractor) {
    self.extractor = extractor
  }

  /// Reads the report at `pdfPath` and writes its facts to `outputPath`; returns the facts.
  ///
  /// Both paths are as the user typed them (relative to the current folder) and are the
  /// only paths shown in messages.
  @discardableResult
  public func run(pdfPath: String, outputPath: String) throws(DiagnosticError) -> ReportFacts {
    let text = try extractor.text(ofPDFAt: pdfPath, displayPath: pdfPath)
    let fileName = (pdfPath as NSString).lastPathComponent
    let facts = try ReportReader(displayPath: pdfPath).facts(
      fromLayoutText: text, sourceFile: fileName)
    try writeAtomically(facts.yamlText, to: outputPath)
    return facts
  }

  private func writeAtomically(_ text: String, to path: String) throws(DiagnosticError) {
    let folder = path.parentPath
    let name = (path as NSString).lastPathComponent
    let here = SourceLocation(path: path, line: 1, column: 1)
    if !folder.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw DiagnosticError(.error(at: here, "the folder for the output cannot be made", notes: ["check the folder's permissions and free space, or choose another --output"]))
      }
    }
    // The temporary file sits in the same folder so the rename never crosses file systems.
    let temporary = ((folder.isEmpty ? "." : folder) as NSString)
      .appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
    guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
      throw DiagnosticError(.error(at: here, "the output cannot be written", notes: ["check the folder's permissions and free space, or choose another --output"]))
    }
    guard rename(temporary, path) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw DiagnosticError(.error(at: here, "the output cannot be written (rename failed)", notes: ["check the folder's permissions and free space, or choose another --output"]))
    }
  }
}
