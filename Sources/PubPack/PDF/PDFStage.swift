import Foundation

/// The PDF stage: each shown document that asks for a PDF (every council report, and any
/// document with `pdf: true`) printed from its own page, as `SLUG/SLUG.pdf`.
///
/// The page is printed as built, with the theme's print style sheet: its download link is
/// hidden in print, so the PDF does not depend on its own size. Once the PDF is made the page is
/// rendered again with the size in the link ("Download this report (PDF, 84 KB)"). The PDF
/// carries its document's embargo, like its page.
enum PDFStage {
  /// Stage 9: adds each page's PDF to the build's files and its size to the page; nothing runs
  /// when no page asks for one, no printer was given, or the build has failed already.
  static func run(
    _ context: BuildContext, pages: PageStage.Pages, files: inout [SiteFile], buildHasFailed: Bool
  ) -> [Diagnostic] {
    guard let renderer = context.request.pdfRenderer, !pages.pdfPages.isEmpty, !buildHasFailed else { return [] }
    return run(pages.pdfPages, files: &files, pages: pages.renderer, renderer: renderer, baseURL: context.baseURL)
  }

  /// Adds each page's PDF to `files` and its size to the page; diagnostics for those that failed.
  static func run(
    _ pdfPages: [PageStage.PDFPage], files: inout [SiteFile], pages: PageRenderer, renderer: PDFRenderer, baseURL: String
  ) -> [Diagnostic] {
    let fm = FileManager.default
    let work = fm.temporaryDirectory.appendingPathComponent("pubpack-pdf-\(UUID().uuidString)").path
    // The pages may be embargoed: the folder is the user's alone, and goes when the stage ends.
    guard (try? fm.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    else {
      return [
        .error(
          at: nil, "could not make a temporary folder for the PDFs",
          notes: ["check that the temporary folder (TMPDIR, or /tmp) is writable and has space"])
      ]
    }
    defer { try? fm.removeItem(atPath: work) }
    // The site's assets, once, for every page to use.
    let site = work + "/site"
    for file in files where file.path.hasPrefix("assets/") {
      let path = site + "/" + file.path
      try? fm.createDirectory(atPath: path.parentPath, withIntermediateDirectories: true)
      fm.createFile(atPath: path, contents: file.contents)
    }
    // Each page's file, found by its path among the site's files.
    let fileIndex = Dictionary(files.indices.map { (files[$0].path, $0) }, uniquingKeysWith: { a, _ in a })
    let pageFiles = pdfPages.map { fileIndex["\($0.decided.document.slug)/index.html"] }
    let snapshot = files
    let results = concurrentMap(pdfPages.count) { index -> Result<Data, PDFRenderer.Failure> in
      let fm = FileManager.default
      let page = pdfPages[index]
      let slug = page.decided.document.slug
      let folder = work + "/\(index)"
      let html = site + "/\(slug)/index.html"
      try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try? fm.createDirectory(atPath: site + "/\(slug)", withIntermediateDirectories: true)
      guard let file = pageFiles[index] else { return .failure(.failed("the page was not made")) }
      fm.createFile(atPath: html, contents: snapshot[file].contents)
      let job = PDFRenderer.Job(
        html: html, output: folder + "/out.pdf", siteFolder: site, baseURL: baseURL, pageURL: baseURL + slug + "/",
        title: page.decided.document.title,
        created: page.decided.decision.embargo.map { String($0.rfc3339.dropLast()) + "+00:00" },
        identifier: String(sha256Hex(Data("pubpack-pdf\u{0}\(baseURL)\(slug)".utf8)).prefix(32)),
        sourceDateEpoch: page.decided.decision.embargo?.secondsSince1970 ?? 0)
      return renderer.render(job, workFolder: folder).flatMap {
        guard let data = FileManager.default.contents(atPath: job.output) else { return .failure(.failed("no PDF was written")) }
        return .success(data)
      }
    }

    var diagnostics: [Diagnostic] = []
    for (index, (page, result)) in zip(pdfPages, results).enumerated() {
      let document = page.decided.document
      switch result {
      case .success(let pdf):
        files.append(
          SiteFile(
            path: "\(document.slug)/\(document.slug).pdf", contents: pdf, sources: [document.path],
            notBefore: page.decided.decision.embargo))
        var root = page.root
        if case .map(var fields) = root["page"], case .map(var link) = fields["pdf"] {
          link["size"] = .string(fileSize(pdf.count))
          fields["pdf"] = .map(link)
          root["page"] = .map(fields)
        }
        let (html, messages) = pages.render(document.kind.rawValue, data: .map(root))
        diagnostics += messages
        if let file = pageFiles[index] { files[file].contents = Data(html.utf8) }
      case .failure(let failure):
        diagnostics.append(diagnostic(failure, for: document))
      }
    }
    return diagnostics
  }

  /// "84 KB", "1.2 MB", "900 bytes": a file's size as GOV.UK writes it beside a download.
  static func fileSize(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) bytes" }
    if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
    let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
    return "\(tenths / 10).\(tenths % 10) MB"
  }

  static func diagnostic(_ failure: PDFRenderer.Failure, for document: Document) -> Diagnostic {
    let at = document.fieldLocations["pdf"] ?? document.fieldLocations["kind"]
      ?? SourceLocation(path: document.path, line: 1, column: 1)
    let what = document.kind == .councilReport ? "this council report" : "this document"
    let install =
      "install WeasyPrint 61 or later and the Pango it needs: 'scripts/install-dependencies', or 'apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0' and 'python3 -m pip install weasyprint'"
    let optOut = "or, to publish no PDF of it, set 'pdf: false' in its front matter"
    switch failure {
    case .noPython:
      return .error(at: at, "python3 was not found, so the PDF of \(what) cannot be made", notes: [install, optOut])
    case .notInstalled(let said):
      var notes = [install, optOut]
      if !said.isEmpty { notes.insert("Python said: \(said)", at: 0) }
      return .error(at: at, "WeasyPrint is not installed, so the PDF of \(what) cannot be made", notes: notes)
    case .tooOld(let version):
      return .error(
        at: at, "WeasyPrint \(version) is too old to make an accessible (PDF/UA-1) PDF of \(what)",
        notes: ["upgrade it: python3 -m pip install --upgrade 'weasyprint>=61'", optOut])
    case .mismatched(let said):
      return .error(
        at: at, "WeasyPrint cannot make the PDF of \(what): \(said)",
        notes: ["install a pydyf it works with: python3 -m pip install 'pydyf<0.11' (or upgrade WeasyPrint to 63 or later)", optOut])
    case .timedOut:
      return .error(
        at: at, "WeasyPrint did not finish the PDF of \(what) in time and was stopped",
        notes: ["a very long document or a huge image can do this; try again, or split the document"])
    case .failed(let reason):
      return .error(
        at: at, "WeasyPrint could not make the PDF of \(what) (\(reason))",
        notes: ["check that WeasyPrint works: 'python3 -m weasyprint --info'", optOut])
    }
  }
}
