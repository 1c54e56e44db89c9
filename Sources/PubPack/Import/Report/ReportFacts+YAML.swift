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
  /// The YAML is read with no implicit types (Yams' basic resolver), so `no`, `0123` or
  /// `2024-05-13` are text until this reader decides what each field holds.
  public static func load(yaml: String, path: String) throws(DiagnosticError)
    -> ReportFactsDocument
  {
    var reader = ReportYAMLReader(path: path)
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml, Resolver.basic)
    } catch {
      throw DiagnosticError(reader.diagnostic(for: error))
    }
    let facts = reader.read(root)
    if reader.problems.hasErrors {
      throw DiagnosticError(reader.problems)
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

/// Walks the composed YAML of a `report.yaml`, collecting facts and problems.
private struct ReportYAMLReader {
  var path: String
  var problems: [Diagnostic] = []
  var locations: [String: SourceLocation] = [:]

  init(path: String) {
    self.path = path
  }

  func location(_ node: Node) -> SourceLocation {
    SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  func diagnostic(for error: any Error) -> Diagnostic {
    if let yamlError = error as? YamlError {
      switch yamlError {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        return .error(
          at: SourceLocation(path: path, line: mark.line, column: mark.column),
          "this is not valid YAML: \(problem)")
      case .duplicatedKeysInMapping(let duplicates, let context):
        return .error(
          at: SourceLocation(path: path, line: context.mark.line, column: context.mark.column),
          "a key is written twice: \(duplicates.joined(separator: ", "))")
      default:
        break
      }
    }
    return .error(at: SourceLocation(path: path, line: 1, column: 1), "this is not valid YAML")
  }

  mutating func problem(_ node: Node, _ message: String, notes: [String] = []) {
    problems.append(.error(at: location(node), message, notes: notes))
  }

  /// The mapping's entries by key, after reporting keys that are not in `allowed`.
  mutating func entries(_ node: Node, _ field: String, allowed: [String]) -> [String: Node] {
    guard let mapping = node.mapping else {
      problem(node, "\(field.isEmpty ? "the file" : field) should be a mapping of keys to values")
      return [:]
    }
    var entries: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.scalar?.string else {
        problem(key, "a key should be a plain word")
        continue
      }
      guard allowed.contains(name) else {
        let prefix = field.isEmpty ? "" : "\(field)."
        var notes = ["allowed keys here: \(allowed.joined(separator: ", "))"]
        if let best = closestMatches(to: name, in: allowed).first {
          notes.insert("did you mean \(best)?", at: 0)
        }
        problem(key, "unknown key \(prefix)\(name)", notes: notes)
        continue
      }
      entries[name] = value
    }
    return entries
  }

  mutating func text(_ node: Node?, _ field: String) -> String? {
    guard let node else { return nil }
    guard let scalar = node.scalar else {
      problem(node, "\(field) should be text")
      return nil
    }
    if scalar.string.isEmpty, scalar.style == .plain {
      problem(node, "\(field) has no value")
      return nil
    }
    locations[field] = location(node)
    return scalar.string
  }

  mutating func date(_ node: Node?, _ field: String) -> CalendarDate? {
    guard let node, let text = text(node, field) else { return nil }
    guard let date = CalendarDate(iso: text) else {
      problem(node, "\(field) should be a date written YYYY-MM-DD, not \"\(text)\"")
      return nil
    }
    return date
  }

  mutating func read(_ root: Node?) -> ReportFacts {
    var facts = ReportFacts()
    guard let root else { return facts }
    let top = entries(
      root, "",
      allowed: ["source", "council", "inspection", "report", "judgements", "findings"])

    if let node = top["source"] {
      let source = entries(node, "source", allowed: ["file", "pages"])
      facts.sourceFile = text(source["file"], "source.file")
      if let pagesNode = source["pages"], let pages = text(pagesNode, "source.pages") {
        if let count = Int(pages), count > 0, pages.allSatisfy(\.isASCIIDigit) {
          facts.sourcePages = count
        } else {
          problem(pagesNode, "source.pages should be a whole number of pages, not \"\(pages)\"")
        }
      }
    }
    if let node = top["council"] {
      let council = entries(node, "council", allowed: ["ofstedName"])
      facts.ofstedName = text(council["ofstedName"], "council.ofstedName")
    }
    if let node = top["inspection"] {
      let inspection = entries(
        node, "inspection",
        allowed: ["onSiteStart", "onSiteEnd", "leadInspector", "frameworkVersion"])
      facts.onSiteStart = date(inspection["onSiteStart"], "inspection.onSiteStart")
      facts.onSiteEnd = date(inspection["onSiteEnd"], "inspection.onSiteEnd")
      if let start = facts.onSiteStart, let end = facts.onSiteEnd, end < start,
        let endNode = inspection["onSiteEnd"]
      {
        problem(
          endNode,
          "inspection.onSiteEnd (\(end.iso)) is before inspection.onSiteStart (\(start.iso))")
      }
      facts.leadInspector = text(inspection["leadInspector"], "inspection.leadInspector")
      if let versionNode = inspection["frameworkVersion"],
        let version = text(versionNode, "inspection.frameworkVersion")
      {
        if let framework = FrameworkVersion(rawValue: version) {
          facts.frameworkVersion = framework
        } else {
          let allowed = FrameworkVersion.allCases.map(\.rawValue)
          problem(
            versionNode, "unknown framework version \"\(version)\"",
            notes: ["allowed values: \(allowed.joined(separator: ", "))"])
        }
      }
    }
    if let node = top["report"] {
      let report = entries(node, "report", allowed: ["title"])
      facts.reportTitle = text(report["title"], "report.title")
    }
    if let node = top["judgements"] {
      let judgements = entries(
        node, "judgements", allowed: Judgement.allCases.map(\.rawValue))
      for judgement in Judgement.allCases {
        let field = "judgements.\(judgement.rawValue)"
        guard let gradeNode = judgements[judgement.rawValue], let written = text(gradeNode, field)
        else { continue }
        if let grade = Grade(parsing: written) {
          facts.judgements[judgement] = grade
        } else {
          problem(
            gradeNode, "\(field): \"\(written)\" is not a grade",
            notes: [
              "allowed values: "
                + Grade.allCases.map { "\($0.rawValue) (\"\($0.ofstedWording)\")" }.joined(
                  separator: ", ")
            ])
        }
      }
    }
    if let node = top["findings"] {
      let findings = entries(node, "findings", allowed: ["headline", "whatNeedsToImprove"])
      facts.headline = text(findings["headline"], "findings.headline")
      if let listNode = findings["whatNeedsToImprove"] {
        if let sequence = listNode.sequence {
          var items: [String] = []
          for (index, item) in sequence.enumerated() {
            if let value = text(item, "findings.whatNeedsToImprove[\(index)]") {
              items.append(value)
            }
          }
          facts.whatNeedsToImprove = items
          locations["findings.whatNeedsToImprove"] = location(listNode)
        } else {
          problem(listNode, "findings.whatNeedsToImprove should be a list of items")
        }
      }
    }
    return facts
  }
}
