import Yams

/// `content/report.yaml` read into `ReportFacts`, with where each fact was written.
public struct ReportFactsDocument: Sendable, Hashable {
  /// The facts the file states.
  public var facts: ReportFacts
  /// Where each fact's value is, by the same field path `FactDisagreement.field` uses
  /// (`judgements.childrenInCare`, `findings.whatNeedsToImprove[2]`).
  public var locations: [String: SourceLocation]

  public init(facts: ReportFacts, locations: [String: SourceLocation]) {
    self.facts = facts
    self.locations = locations
  }
}

extension ReportFacts {
  /// Reads the text of a `report.yaml`; throws every problem found, each at its line and column.
  ///
  /// The YAML is read as `inspection.yaml` is (`YAMLNode`, Yams' basic resolver), so `no`,
  /// `0123` or `2024-05-13` are text until this reader decides what each field holds.
  public static func load(yaml: String, path: String) throws(DiagnosticError)
    -> ReportFactsDocument
  {
    guard let root = try YAMLNode.parse(yaml, path: path) else {
      return ReportFactsDocument(facts: ReportFacts(), locations: [:])
    }
    var reader = ReportYAMLReader(reader: YAMLReader(path: path))
    let facts = reader.read(root)
    if reader.reader.diagnostics.hasErrors {
      throw DiagnosticError(reader.reader.diagnostics)
    }
    return ReportFactsDocument(facts: facts, locations: reader.locations)
  }

  /// The facts as the text of `content/report.yaml`, in the SPEC's key order.
  ///
  /// Every text value is double-quoted, so no value can change meaning when read back.
  public var yamlText: String {
    var out =
      "# The facts as the final Ofsted report states them, written by `pubpack import-report`.\n"
    out += "# Re-import the report rather than edit this file.\n"
    if sourceFile != nil || sourcePages != nil {
      out += "source:\n"
      if let sourceFile { out += "  file: \(quoted(sourceFile))\n" }
      if let sourcePages { out += "  pages: \(sourcePages)\n" }
    }
    if let ofstedName {
      out += "council:\n  ofstedName: \(quoted(ofstedName))\n"
    }
    if onSiteStart != nil || onSiteEnd != nil || leadInspector != nil || frameworkVersion != nil {
      out += "inspection:\n"
      if let onSiteStart { out += "  onSiteStart: \(onSiteStart.iso)\n" }
      if let onSiteEnd { out += "  onSiteEnd: \(onSiteEnd.iso)\n" }
      if let leadInspector { out += "  leadInspector: \(quoted(leadInspector))\n" }
      if let frameworkVersion { out += "  frameworkVersion: \(frameworkVersion.rawValue)\n" }
    }
    if let reportTitle {
      out += "report:\n  title: \(quoted(reportTitle))\n"
    }
    if !judgements.isEmpty {
      out += "judgements:\n"
      for judgement in Judgement.allCases {
        if let grade = judgements[judgement] {
          out += "  \(judgement.rawValue): \(grade.rawValue)\n"
        }
      }
    }
    if headline != nil || whatNeedsToImprove != nil {
      out += "findings:\n"
      if let headline { out += "  headline: \(quoted(headline))\n" }
      if let whatNeedsToImprove {
        if whatNeedsToImprove.isEmpty {
          out += "  whatNeedsToImprove: []\n"
        } else {
          out += "  whatNeedsToImprove:\n"
          for item in whatNeedsToImprove { out += "    - \(quoted(item))\n" }
        }
      }
    }
    return out
  }
}

/// A YAML double-quoted scalar: only `\`, `"` and characters YAML treats as breaks or
/// controls are escaped; curly quotes and other text stay as written.
private func quoted(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    case "\u{85}": out += "\\N"
    case "\u{2028}": out += "\\L"
    case "\u{2029}": out += "\\P"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF {
        out +=
          "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16, uppercase: true)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

/// Walks the YAML of a `report.yaml`, collecting facts, where each was written, and problems.
private struct ReportYAMLReader {
  var reader: YAMLReader
  var locations: [String: SourceLocation] = [:]

  /// Records where a field's value was written, when it was.
  mutating func note<T>(_ value: T?, _ field: String, at node: YAMLNode?) -> T? {
    if value != nil, let node { locations[field] = node.location }
    return value
  }

  mutating func section(
    _ top: [String: YAMLNode], _ key: String, allowed: [String]
  ) -> (YAMLNode?, [String: YAMLNode]) {
    guard let node = top[key] else { return (nil, [:]) }
    return (node, reader.mapping(node, allowed: allowed, context: "'\(key)'") ?? [:])
  }

  mutating func text(
    _ node: [String: YAMLNode], _ key: String, _ field: String, in parent: YAMLNode?
  )
    -> String?
  {
    note(reader.string(node[key], field, in: parent), field, at: node[key])
  }

  mutating func read(_ root: YAMLNode) -> ReportFacts {
    var facts = ReportFacts()
    guard
      let top = reader.mapping(
        root, allowed: ["source", "council", "inspection", "report", "judgements", "findings"],
        context: "report.yaml")
    else { return facts }

    let (sourceNode, source) = section(top, "source", allowed: ["file", "pages"])
    facts.sourceFile = text(source, "file", "source.file", in: sourceNode)
    if let pagesNode = source["pages"],
      let pages = reader.string(pagesNode, "source.pages", in: sourceNode)
    {
      if let count = Int(pages), count > 0, pages.allSatisfy(\.isASCIIDigit) {
        facts.sourcePages = note(count, "source.pages", at: pagesNode)
      } else {
        reader.error(
          pagesNode.location, "'source.pages' must be a whole number of pages, not '\(pages)'",
          notes: ["e.g. pages: 14"])
      }
    }

    let (councilNode, council) = section(top, "council", allowed: ["ofstedName"])
    facts.ofstedName = text(council, "ofstedName", "council.ofstedName", in: councilNode)

    let (inspectionNode, inspection) = section(
      top, "inspection", allowed: ["onSiteStart", "onSiteEnd", "leadInspector", "frameworkVersion"])
    facts.onSiteStart = note(
      reader.date(inspection["onSiteStart"], "inspection.onSiteStart", in: inspectionNode),
      "inspection.onSiteStart", at: inspection["onSiteStart"])
    facts.onSiteEnd = note(
      reader.date(inspection["onSiteEnd"], "inspection.onSiteEnd", in: inspectionNode),
      "inspection.onSiteEnd", at: inspection["onSiteEnd"])
    if let start = facts.onSiteStart, let end = facts.onSiteEnd, end < start,
      let endNode = inspection["onSiteEnd"]
    {
      reader.error(
        endNode.location,
        "the on-site end (\(end.long)) is before the on-site start (\(start.long))",
        notes: ["re-import the report: pubpack import-report REPORT.pdf"])
    }
    facts.leadInspector = text(
      inspection, "leadInspector", "inspection.leadInspector", in: inspectionNode)
    facts.frameworkVersion = note(
      reader.choice(
        inspection["frameworkVersion"], "inspection.frameworkVersion", as: FrameworkVersion.self,
        in: inspectionNode),
      "inspection.frameworkVersion", at: inspection["frameworkVersion"])

    let (reportNode, report) = section(top, "report", allowed: ["title"])
    facts.reportTitle = text(report, "title", "report.title", in: reportNode)

    let (_, judgements) = section(top, "judgements", allowed: Judgement.allCases.map(\.rawValue))
    for judgement in Judgement.allCases {
      let field = "judgements.\(judgement.rawValue)"
      let node = judgements[judgement.rawValue]
      if let grade = note(reader.grade(node, field), field, at: node) {
        facts.judgements[judgement] = grade
      }
    }

    let (findingsNode, findings) = section(
      top, "findings", allowed: ["headline", "whatNeedsToImprove"])
    facts.headline = text(findings, "headline", "findings.headline", in: findingsNode)
    if let listNode = findings["whatNeedsToImprove"], !listNode.isNull {
      if case .sequence(let items) = listNode.kind {
        var texts: [String] = []
        for (index, item) in items.enumerated() {
          let field = "findings.whatNeedsToImprove[\(index)]"
          if let value = note(reader.string(item, field, in: listNode), field, at: item) {
            texts.append(value)
          }
        }
        facts.whatNeedsToImprove = texts
        locations["findings.whatNeedsToImprove"] = listNode.location
      } else {
        reader.error(
          listNode.location, "'findings.whatNeedsToImprove' must be a list",
          notes: ["write each item on its own line starting with '- '"])
      }
    }
    return facts
  }
}
