import Foundation
import PubPack
import Testing

/// Every test of `import-report` (run them with `swift test --filter ReportImport`).
@Suite("import-report") enum ReportImportTests {}

/// Where the test data shared beside the package lives, and the tools the tests run.
enum ReportFixtures {
  /// `<package root>/../shared/data/ofsted-reports`, found from this file.
  static let realReportsFolder: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // …/Tests/PubPackTests/ReportImport
    .deletingLastPathComponent()  // …/Tests/PubPackTests
    .deletingLastPathComponent()  // …/Tests
    .deletingLastPathComponent()  // the package root
    .deletingLastPathComponent()  // the folder that holds the package and shared/
    .appendingPathComponent("shared/data/ofsted-reports", isDirectory: true)

  /// Whether the six real Ofsted reports are there to read.
  static var hasRealReports: Bool {
    FileManager.default.fileExists(
      atPath: realReportsFolder.appendingPathComponent("bolton-2023-10-27.pdf").path)
  }

  /// The path of one of the real reports.
  static func realReport(_ name: String) -> String {
    realReportsFolder.appendingPathComponent(name).path
  }

  /// An extractor that finds `pdftotext` the way the command does, on `PATH`.
  static var extractor: PDFTextExtractor {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    return PDFTextExtractor(searchPath: path.split(separator: ":").map(String.init))
  }

  /// A fresh, empty folder for one test's files.
  static func temporaryFolder() throws -> URL {
    let folder = Scratch.root
      .appendingPathComponent("pubpack-report-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }
}

/// A small, valid PDF written by hand: one A4 page showing the given lines in Helvetica,
/// or nothing at all (like a scan whose image carries no text) when `lines` is empty.
enum MinimalPDF {
  static func document(lines: [String]) -> Data {
    var content = ""
    if lines.isEmpty {
      // A filled box: something drawn on the page, but no text.
      content = "0.5 g 72 500 450 250 re f\n"
    } else {
      content = "BT /F1 12 Tf 16 TL 72 770 Td\n"
      for line in lines {
        let escaped =
          line
          .replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "(", with: "\\(")
          .replacingOccurrences(of: ")", with: "\\)")
        content += "(\(escaped)) Tj T*\n"
      }
      content += "ET\n"
    }
    let objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
    ]
    var pdf = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
      offsets.append(pdf.utf8.count)
      pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xrefOffset = pdf.utf8.count
    pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
      let digits = String(offset)
      pdf += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
    }
    pdf +=
      "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
    return Data(pdf.utf8)
  }
}
