import Foundation
import Testing

@testable import PubPack

/// A page printed for sign-off: a preview of an embargoed document carries the embargo marking
/// on every printed page; a public page prints clean. Printed by headless Chromium to a PDF and
/// read back with pdftotext (poppler-utils), page by page.
@Suite(.serialized) struct PrintedPageTests {
  static var hasTools: Bool { PageCheckers.onPath("chromium") && PageCheckers.onPath("pdftotext") }

  /// The text of each printed page of `page` (a file in a written site).
  static func printedPages(_ page: URL) throws -> [String] {
    let pdf = page.deletingLastPathComponent().appendingPathComponent("printed.pdf")
    // A profile of its own: with the default one, a Chromium started while another test's is
    // running hands the page to that one and exits without printing. Asked again (three times
    // at most) if it still prints nothing; a page never printed fails the test with no pages.
    let profile = page.deletingLastPathComponent().appendingPathComponent("chromium-profile")
    defer { try? FileManager.default.removeItem(at: profile) }
    for _ in 1...3 {
      let chromium = Process()
      chromium.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      chromium.arguments = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
        page.absoluteString,
      ]
      chromium.standardOutput = FileHandle.nullDevice
      chromium.standardError = FileHandle.nullDevice
      try chromium.run()
      chromium.waitUntilExit()
      if let size = try? FileManager.default.attributesOfItem(atPath: pdf.path)[.size] as? Int, size > 0 { break }
    }
    let text = Process()
    text.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    text.arguments = ["pdftotext", "-layout", pdf.path, "-"]
    let pipe = Pipe()
    text.standardOutput = pipe
    try text.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    text.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\u{0C}").map(String.init)
      .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
  }

  @Test(.enabled(if: hasTools, "needs chromium and pdftotext (apt-get install chromium poppler-utils)"))
  func aPrintedPreviewIsMarkedEmbargoedOnEveryPage() throws {
    let preview = DocumentsFixture.build(at: DocumentsFixture.weekBefore, mode: .preview)
    let site = try DocumentsFixture.writeFiles(of: preview, label: "printed-preview")
    defer { try? FileManager.default.removeItem(at: site) }
    // The council report is the longest document: it prints on several pages.
    let pages = try Self.printedPages(site.appendingPathComponent("council-report/index.html"))
    #expect(pages.count >= 2, "the report should print on more than one page")
    for (number, page) in pages.enumerated() {
      #expect(page.contains("EMBARGOED until"), "printed page \(number + 1) has no embargo marking")
    }
  }

  @Test(.enabled(if: hasTools, "needs chromium and pdftotext (apt-get install chromium poppler-utils)"))
  func aPrintedPublicPageCarriesNoMarking() throws {
    let released = DocumentsFixture.build(at: DocumentsFixture.releaseDay)
    let site = try DocumentsFixture.writeFiles(of: released, label: "printed-public")
    defer { try? FileManager.default.removeItem(at: site) }
    let pages = try Self.printedPages(site.appendingPathComponent("council-report/index.html"))
    #expect(!pages.isEmpty)
    for page in pages { #expect(!page.contains("EMBARGOED")) }
  }
}
