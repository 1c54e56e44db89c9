import Foundation

/// Prints a built page to an accessible PDF (PDF/UA-1) with WeasyPrint (PyPI `weasyprint`, 61
/// or later), run as a subprocess of Python 3 with a time limit.
///
/// WeasyPrint is driven through its Python API rather than its command line so that it fetches
/// nothing from the network: every URL under the site's address is read from the built files,
/// and any other is refused. The page's links point at the public site. The PDF's dates and
/// identifier are given, never read from the clock, so the same page gives the same bytes.
public struct PDFRenderer: Sendable {
  /// The folders searched for `python3`, in order (the command layer passes `PATH`).
  public var searchPath: [String]
  /// Seconds WeasyPrint may take for one document before it is stopped.
  public var timeLimit: Double

  public init(searchPath: [String], timeLimit: Double = 180) {
    self.searchPath = searchPath
    self.timeLimit = timeLimit
  }

  /// One document to print.
  struct Job: Encodable {
    /// The page, as a file under `siteFolder`.
    var html: String
    var output: String
    /// The site's own files (the page and its assets), and the address they are published at.
    var siteFolder: String
    var baseURL: String
    /// The page's public address: the base of its relative links.
    var pageURL: String
    var title: String
    /// W3C date-time (`2026-08-03T23:01:00+00:00`): the PDF's creation and modification date.
    var created: String?
    /// The PDF file identifier, from the inputs.
    var identifier: String
    /// The time stamped in the embedded fonts (fontTools reads `SOURCE_DATE_EPOCH`).
    var sourceDateEpoch: Int64
    /// Paged-media rules only WeasyPrint reads, added to the page's own styles.
    var stylesheet: String = PDFRenderer.stylesheet
  }

  /// Why a document could not be printed.
  enum Failure: Error, Equatable {
    case noPython
    /// WeasyPrint (or the Pango it needs) is not installed; what Python said.
    case notInstalled(String)
    case tooOld(String)
    /// WeasyPrint and its pydyf do not go together; what the script found.
    case mismatched(String)
    case timedOut
    /// WeasyPrint failed; the name of the exception only (the text might quote the document).
    case failed(String)
  }

  /// Prints `job`, writing `job.output`.
  func render(_ job: Job, workFolder: String) -> Result<Void, Failure> {
    guard let python = locate("python3") else { return .failure(.noPython) }
    let script = workFolder + "/render-pdf.py"
    let jobFile = workFolder + "/job.json"
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard (try? Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))) != nil,
      let jobData = try? encoder.encode(job), (try? jobData.write(to: URL(fileURLWithPath: jobFile))) != nil
    else { return .failure(.failed("the temporary folder could not be written")) }
    let run: ExternalCommand.Result
    do {
      run = try ExternalCommand([python, "-B", script, jobFile], timeout: timeLimit).run()
    } catch {
      return .failure(.noPython)
    }
    if run.timedOut { return .failure(.timedOut) }
    let said = run.errorOutput.split(separator: "\n").last { $0.hasPrefix("pubpack-pdf: ") }
      .map { String($0.dropFirst("pubpack-pdf: ".count)) } ?? ""
    switch run.status {
    case 0: return .success(())
    case 3: return .failure(.notInstalled(said))
    case 4: return .failure(.tooOld(said))
    case 6: return .failure(.mismatched(said))
    default: return .failure(.failed(said.isEmpty ? "status \(run.status)" : said))
    }
  }

  /// The document's title (its `h1`) in the footer of every page, beside the theme's "Page N
  /// of M". It is given to WeasyPrint alone: `string-set` is paged-media CSS that browsers and
  /// the Nu Html Checker do not know, so it stays out of the site's style sheet.
  static let stylesheet = """
    h1 { string-set: document-title content(); }
    @page { @bottom-left { content: string(document-title); font: 9pt Arial, Helvetica, sans-serif; vertical-align: top; padding-top: 4mm; } }
    """

  private func locate(_ name: String) -> String? { ExternalCommand.locate(name, in: searchPath) }

  // Exit status 3: WeasyPrint cannot be imported; 4: it is older than 61; 5: it failed; 6: its
  // pydyf is too new for it (WeasyPrint 61 and 62 break on pydyf 0.11). The
  // last line of standard error starting "pubpack-pdf: " says what; it never quotes the page.
  static let script = #"""
    import importlib.util, json, mimetypes, os, sys, urllib.parse

    if importlib.util.find_spec("weasyprint") is None:
        print("pubpack-pdf: No module named 'weasyprint'", file=sys.stderr)
        sys.exit(3)

    with open(sys.argv[1], encoding="utf-8") as job_file:
        job = json.load(job_file)
    # The same bytes from run to run: font subsets are made from Python sets (a fixed hash seed
    # keeps their order), and fontTools stamps each subset with SOURCE_DATE_EPOCH, else now.
    fixed = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": str(job["sourceDateEpoch"])}
    if any(os.environ.get(key) != value for key, value in fixed.items()):
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, **fixed))

    try:
        import weasyprint
    except Exception as error:
        print("pubpack-pdf: %s" % error, file=sys.stderr)
        sys.exit(3)
    if int(weasyprint.__version__.split(".")[0]) < 61:
        print("pubpack-pdf: %s" % weasyprint.__version__, file=sys.stderr)
        sys.exit(4)
    import pydyf
    if int(weasyprint.__version__.split(".")[0]) < 63 and tuple(map(int, pydyf.__version__.split(".")[:2])) >= (0, 11):
        print("pubpack-pdf: WeasyPrint %s needs pydyf older than 0.11, not %s" % (weasyprint.__version__, pydyf.__version__), file=sys.stderr)
        sys.exit(6)

    site = os.path.realpath(job["siteFolder"])
    base = job["baseURL"]

    def fetch(url, *args, **kwargs):
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url)
        if url.startswith(base):
            relative = urllib.parse.unquote(url[len(base):].split("#")[0].split("?")[0])
            path = os.path.realpath(os.path.join(site, relative))
            if path.startswith(site + os.sep) and os.path.isfile(path):
                with open(path, "rb") as file:
                    data = file.read()
                return {"string": data, "mime_type": mimetypes.guess_type(path)[0], "redirected_url": url}
        raise ValueError("pubpack fetches nothing outside the built site")

    try:
        html = weasyprint.HTML(filename=job["html"], base_url=job["pageURL"], url_fetcher=fetch, encoding="utf-8")
        document = html.render(stylesheets=[weasyprint.CSS(string=job["stylesheet"])])
        document.metadata.title = job["title"]
        document.metadata.created = job.get("created")
        document.metadata.modified = job.get("created")
        document.write_pdf(job["output"], pdf_variant="pdf/ua-1", pdf_identifier=job["identifier"].encode("ascii"))
    except Exception as error:
        print("pubpack-pdf: %s" % type(error).__name__, file=sys.stderr)
        sys.exit(5)
    """#
}
