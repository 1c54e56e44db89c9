import Foundation
import Testing

@testable import PubPack

/// The council report as an accessible PDF, checked with real tools: poppler-utils (`pdfinfo`,
/// `pdffonts`, `pdftotext`) and pikepdf (its structure tree, language, outline and XMP).
@Suite(.serialized) struct CouncilReportPDFTests {
  /// WeasyPrint, pikepdf and poppler-utils, as scripts/install-dependencies installs them.
  static let hasTools: Bool = {
    guard PageCheckers.onPath("pdfinfo"), PageCheckers.onPath("pdftotext"), PageCheckers.onPath("python3") else {
      return false
    }
    return (try? PDFTool.run(["python3", "-c", "import weasyprint, pikepdf"]).status) == 0
  }()
  static let reason: Comment = "needs WeasyPrint and pikepdf (scripts/install-dependencies)"

  /// The renderer a command would make: python3 found on this process's `PATH`.
  static var renderer: PDFRenderer {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return PDFRenderer(searchPath: path.split(separator: ":").map(String.init))
  }

  static func build(
    content: String = DocumentsFixture.sampleContent, templates: String = DocumentsFixture.sampleTemplates,
    at: String = DocumentsFixture.releaseDay, mode: BuildMode = .release, renderer: PDFRenderer? = renderer
  ) -> Build {
    var request = DocumentsFixture.request(content: content, templates: templates, at: at, mode: mode)
    request.printers.pdf = renderer
    return Pipeline.build(request)
  }

  /// The sample pack on release day, written to a folder: the report's PDF and its page.
  static func releasedSample() throws -> (folder: URL, pdf: URL, page: String) {
    let build = Self.build()
    let folder = try DocumentsFixture.writeFiles(of: build, label: "pdf")
    let page = String(decoding: try Data(contentsOf: folder.appendingPathComponent("council-report/index.html")), as: UTF8.self)
    return (folder, folder.appendingPathComponent("council-report/council-report.pdf"), page)
  }

  @Test(.enabled(if: hasTools, reason))
  func theCouncilReportIsATaggedPDFWithItsTitleAndEveryFontEmbedded() throws {
    let (folder, pdf, _) = try Self.releasedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let info = try PDFTool.run(["pdfinfo", pdf.path]).stdout
    #expect(info.contains("Tagged:          yes"), "pdfinfo: \(info)")
    #expect(info.contains("Title:           Ofsted inspection of local authority children's services, June 2026"))
    #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"))
    #expect(info.contains("CreationDate:    Mon Aug  3 23:01:00 2026 UTC"), "the release instant, not the build's clock")
    let fonts = try PDFTool.run(["pdffonts", pdf.path]).stdout.split(separator: "\n").dropFirst(2)
    #expect(!fonts.isEmpty)
    for font in fonts {
      // name type encoding emb sub uni object ID: "emb" is the fourth column from the right end's "yes yes yes".
      let columns = font.split(separator: " ", omittingEmptySubsequences: true)
      #expect(columns.count >= 7 && columns[columns.count - 5] == "yes", "not embedded: \(font)")
    }
  }

  @Test(.enabled(if: hasTools, reason))
  func thePDFHasTheWholeReportInReadingOrderWithPageNumbersAndTitleInTheFooter() throws {
    let (folder, pdf, page) = try Self.releasedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let raw = try PDFTool.run(["pdftotext", "-enc", "UTF-8", pdf.path, "-"]).stdout
    let pages = raw.split(separator: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    #expect(pages.count >= 2)
    for (index, text) in pages.enumerated() {
      #expect(text.contains("Page \(index + 1) of \(pages.count)"), "page \(index + 1) has no 'Page N of M'")
      #expect(text.contains("Ofsted inspection of local authority children's services, June 2026"))
    }
    // Every heading, paragraph and list item of the report, in the page's order: the start of
    // each must come after the start of the one before it.
    let text = PDFTool.collapsed(raw)
    let blocks = PDFTool.textBlocks(ofArticleIn: page)
    #expect(blocks.count > 20, "the report page should have many blocks, found \(blocks.count)")
    var position = text.startIndex
    for block in blocks {
      let start = String(block.prefix(40))
      guard let found = text.range(of: start, range: position..<text.endIndex) else {
        Issue.record("not found in order in the PDF: \(start)")
        continue
      }
      position = found.upperBound
    }
    // The front sheet, the numbered paragraphs, and no download link on paper.
    #expect(text.contains("Report number CYP/26/14"))
    #expect(text.contains("1.1 To inform the committee"))
    #expect(!text.contains("Download this report"))
  }

  @Test(.enabled(if: hasTools, reason))
  func thePDFDeclaresItsLanguageTitleStructureOutlineAndPDFUA() throws {
    let (folder, pdf, _) = try Self.releasedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = """
      import json, sys, pikepdf
      pdf = pikepdf.open(sys.argv[1])
      root = pdf.Root
      def titles(items):
          return [[item.title, titles(item.children)] for item in items]
      with pdf.open_outline() as outline:
          bookmarks = titles(outline.root)
      meta = pdf.open_metadata()
      print(json.dumps({
          "structTreeRoot": "/StructTreeRoot" in root and "/K" in root.StructTreeRoot,
          "lang": str(root.get("/Lang", "")),
          "marked": bool(root.MarkInfo.get("/Marked", False)) if "/MarkInfo" in root else False,
          "displayDocTitle": bool(root.ViewerPreferences.get("/DisplayDocTitle", False)) if "/ViewerPreferences" in root else False,
          "outline": bookmarks,
          "pdfuaPart": meta.get("pdfuaid:part"),
          "identifiers": [bytes(x).hex() for x in pdf.trailer.ID],
      }))
      """
    let result = try PDFTool.run(["python3", "-c", script, pdf.path])
    #expect(result.status == 0, "\(result.stderr)")
    let facts = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    #expect(facts["structTreeRoot"] as? Bool == true)
    #expect(facts["lang"] as? String == "en-GB")
    #expect(facts["marked"] as? Bool == true)
    #expect(facts["displayDocTitle"] as? Bool == true)
    #expect(facts["pdfuaPart"] as? String == "1")
    // One bookmark for the title, with the report's sections under it.
    let outline = facts["outline"] as? [[Any]] ?? []
    #expect(outline.count == 1)
    #expect(outline.first?.first as? String == "Ofsted inspection of local authority children's services, June 2026")
    let sections = (outline.first?.last as? [[Any]] ?? []).compactMap { $0.first as? String }
    #expect(sections.contains("Recommendations"))
    #expect(sections.contains("1. Purpose of the report"))
    #expect(sections.contains("Background papers"))
    #expect((facts["identifiers"] as? [String])?.count == 2)
  }

  /// PyPI's `pdfua` checks the machine-checkable subset of PDF/UA-1 (veraPDF, which checks
  /// more, needs a JVM download that is not available here). Warnings are allowed: WeasyPrint
  /// 62 gives table header cells no /Scope (docs/pdf.md).
  @Test(.enabled(if: hasTools && PageCheckers.onPath("pdfua"), "needs PyPI's pdfua (scripts/install-dependencies)"))
  func thePDFPassesTheMachineCheckablePDFUARules() throws {
    let (folder, pdf, _) = try Self.releasedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try PDFTool.run(["pdfua", "check", pdf.path])
    #expect(result.status == 0 || result.status == 1 || result.status == 2, "pdfua found errors:\n\(result.stdout)")
    #expect(result.stdout.contains("errors=0"), "\(result.stdout)")
  }

  @Test(.enabled(if: hasTools, reason))
  func twoBuildsGiveIdenticalPDFsAndThePageGivesTheirSize() throws {
    let first = Self.build()
    let second = Self.build()
    let a = first.files.first { $0.path == "council-report/council-report.pdf" }
    let b = second.files.first { $0.path == "council-report/council-report.pdf" }
    #expect(a != nil)
    #expect(a?.contents == b?.contents, "two builds gave different PDF bytes")
    let page = first.files.first { $0.path == "council-report/index.html" }.map { String(decoding: $0.contents, as: UTF8.self) }
    let size = PDFStage.fileSize(a?.contents.count ?? 0)
    #expect(
      page?.contains(#"<a href="council-report.pdf" type="application/pdf">Download this report (PDF, \#(size))</a>"#) == true,
      "the page should link to its PDF with the size \(size)")
    #expect(a?.notBefore == first.documents.first { $0.document.kind == .councilReport }?.decision.embargo)
  }

  @Test func fileSizesAreWrittenAsGOVUKWritesThem() {
    #expect(PDFStage.fileSize(900) == "900 bytes")
    #expect(PDFStage.fileSize(86_016) == "84 KB")
    #expect(PDFStage.fileSize(1_258_291) == "1.2 MB")
  }

  // MARK: - The embargo

  static let report = """
    ---
    title: Report to the Scrutiny Committee
    kind: council-report
    embargo: 2026-08-05T09:00
    ---
    The council's plan for the Quokka initiative follows.
    """
  static let earlyPage = """
    ---
    title: Contact us
    kind: page
    embargo: none
    pdf: true
    ---
    Write to the council at the town hall.
    """

  @Test(.enabled(if: hasTools, reason))
  func beforeItsEmbargoNoPDFOfTheReportExistsAndNoPDFHasItsText() throws {
    let pack = try TestPack(["content/council-report.md": Self.report, "content/contact.md": Self.earlyPage])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    // Before the pack's release, and after it but before the report's own later embargo.
    for at in ["2026-08-03T12:00", "2026-08-04T12:00"] {
      let build = Self.build(content: pack.content, templates: pack.templates, at: at)
      #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
      #expect(!build.files.contains { $0.path.hasPrefix("council-report/") }, "at \(at)")
      let pdfs = build.files.filter { $0.path.hasSuffix(".pdf") }
      #expect(pdfs.map(\.path) == ["contact/contact.pdf"], "at \(at)")
      for pdf in pdfs {
        let text = try PDFTool.text(of: pdf.contents)
        #expect(text.contains("Write to the council"))
        #expect(!text.contains("Quokka"), "\(pdf.path) has the withheld report's text at \(at)")
      }
      for file in build.files where !file.path.hasSuffix(".pdf") {
        #expect(!String(decoding: file.contents, as: UTF8.self).contains("council-report.pdf"), "\(file.path) at \(at)")
      }
    }
    // At the report's embargo: its PDF, listed in the manifest with the embargo as notBefore.
    let released = Self.build(content: pack.content, templates: pack.templates, at: "2026-08-05T09:00")
    let manifest = BuildManifest(mode: .release, instant: released.request.instant, files: released.files)
    let entry = manifest.files.first { $0.path == "council-report/council-report.pdf" }
    #expect(entry?.notBefore == "2026-08-05T08:00:00Z")
    #expect(entry?.sources.last?.hasSuffix("council-report.md") == true)
    let pdf = released.files.first { $0.path == "council-report/council-report.pdf" }
    #expect(try PDFTool.text(of: pdf?.contents ?? Data()).contains("Quokka"))
  }

  @Test(.enabled(if: hasTools, reason))
  func aPreviewShowsTheEmbargoedReportsPDFMarkedOnEveryPage() throws {
    let preview = Self.build(at: DocumentsFixture.weekBefore, mode: .preview)
    #expect(preview.succeeded)
    let pdf = preview.files.first { $0.path == "council-report/council-report.pdf" }
    let pages = try PDFTool.text(of: pdf?.contents ?? Data()).split(separator: "\u{0C}")
      .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    #expect(pages.count >= 2)
    for (number, page) in pages.enumerated() {
      #expect(page.contains("EMBARGOED until"), "printed page \(number + 1) of the preview PDF has no embargo marking")
    }
    // The release build of the same day has neither the PDF nor the report.
    let release = Self.build(at: DocumentsFixture.weekBefore)
    #expect(!release.files.contains { $0.path.hasSuffix(".pdf") })
  }

  // MARK: - Without WeasyPrint

  @Test(.enabled(if: PageCheckers.onPath("python3"), "needs python3"))
  func withoutWeasyPrintTheBuildFailsAtTheDocumentSayingHowToInstallIt() throws {
    let pack = try TestPack(["content/council-report.md": Self.report, "content/contact.md": Self.earlyPage])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    // No python3 at all, and a python3 that cannot see WeasyPrint (no site-packages).
    let bare = pack.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
    let python = try PDFTool.run(["python3", "-c", "import sys; print(sys.executable)"]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try pack.write("bin/python3", "#!/bin/sh\nexec '\(python)' -S \"$@\"\n")
    chmod(bare.appendingPathComponent("python3").path, 0o755)
    let cases: [(PDFRenderer, String)] = [
      (PDFRenderer(searchPath: []), "python3 was not found, so the PDF of this council report cannot be made"),
      (PDFRenderer(searchPath: [bare.path]), "WeasyPrint is not installed, so the PDF of this council report cannot be made"),
    ]
    for (renderer, message) in cases {
      let build = Self.build(content: pack.content, templates: pack.templates, at: "2026-08-06T00:00", renderer: renderer)
      let errors = TestPack.errors(build.diagnostics)
      #expect(!build.succeeded)
      // Located at the report's `kind:` line, and the page's `pdf: true` line.
      #expect(errors.contains { $0.hasPrefix("\(pack.content)/council-report.md:3:1: error: \(message)") }, "\(errors)")
      #expect(errors.contains { $0.hasPrefix("\(pack.content)/contact.md:5:1: error: ") }, "\(errors)")
      #expect(errors.allSatisfy { $0.contains("note: install WeasyPrint 61 or later") }, "\(errors)")
      #expect(errors.allSatisfy { !$0.contains("Quokka") })
    }
  }

  @Test func aPackWithNoPDFToMakeNeverLooksForWeasyPrint() throws {
    let noPDF = """
      ---
      title: Report to the Scrutiny Committee
      kind: council-report
      pdf: false
      ---
      The council's plan follows.
      """
    let pack = try TestPack(["content/council-report.md": noPDF])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let build = Self.build(
      content: pack.content, templates: pack.templates, at: "2026-08-06T00:00", renderer: PDFRenderer(searchPath: []))
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(!build.files.contains { $0.path.hasSuffix(".pdf") })
    let page = build.files.first { $0.path == "council-report/index.html" }.map { String(decoding: $0.contents, as: UTF8.self) }
    #expect(page?.contains("Download this report") == false)
  }

  @Test func pdfMustBeTrueOrFalse() throws {
    for value in ["maybe", "[true]", "2"] {
      let pack = try TestPack([
        "content/council-report.md": "---\ntitle: Report\nkind: council-report\npdf: \(value)\n---\nText.\n"
      ])
      defer { try? FileManager.default.removeItem(at: pack.root) }
      let build = Self.build(content: pack.content, templates: pack.templates, at: "2026-08-06T00:00", renderer: nil)
      let errors = TestPack.errors(build.diagnostics)
      #expect(errors.contains { $0.hasPrefix("\(pack.content)/council-report.md:4:") }, "pdf: \(value): \(errors)")
    }
  }
}

/// The real tools the PDF tests drive.
enum PDFTool {
  typealias Output = CommandResult

  static func run(_ arguments: [String]) throws -> Output {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments)
  }

  /// `pdftotext` of PDF bytes, pages separated by form feeds.
  static func text(of pdf: Data) throws -> String {
    let file = Scratch.root.appendingPathComponent("pubpack-pdftext-\(UUID().uuidString).pdf")
    try pdf.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try run(["pdftotext", "-enc", "UTF-8", file.path, "-"]).stdout
  }

  /// Runs of white space made one space (form feeds kept out).
  static func collapsed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{0C}" }).joined(separator: " ")
  }

  /// The text of each heading, paragraph and list item inside the page's `<article>`, in order,
  /// tags removed and entities decoded; the download link (hidden in print) left out.
  static func textBlocks(ofArticleIn html: String) -> [String] {
    guard let start = html.range(of: "<article"), let end = html.range(of: "</article>") else { return [] }
    let article = String(html[start.lowerBound..<end.upperBound])
    let pattern = try! NSRegularExpression(
      pattern: #"<(h[1-6]|p|li|dt|dd)(\s[^>]*)?>(.*?)</\1>"#, options: [.dotMatchesLineSeparators])
    let range = NSRange(article.startIndex..., in: article)
    return pattern.matches(in: article, range: range).compactMap { match in
      let attributes = Range(match.range(at: 2), in: article).map { String(article[$0]) } ?? ""
      if attributes.contains("pdf-download") { return nil }
      guard let inner = Range(match.range(at: 3), in: article) else { return nil }
      // Nested blocks (a paragraph inside a list item) are matched by their outer one.
      var text = String(article[inner]).replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
      for (entity, character) in [("&amp;", "&"), ("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">")] {
        text = text.replacingOccurrences(of: entity, with: character)
      }
      let words = collapsed(text)
      return words.isEmpty ? nil : words
    }
  }
}
