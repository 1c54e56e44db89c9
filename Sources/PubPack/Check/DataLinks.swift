/// The addresses that reach pages from data rather than from a document's body: a document's
/// front matter (a council report's `appendices: [{ title: ..., url: ../staff-brief/ }]`) and
/// the URL fields of inspection.yaml, pack.yaml and outcomes.yaml that templates show
/// (`actionPlan.url`, `intervention.documentUrl`, `report.url`, `council.website`).
///
/// Each is resolved as a body's link is (`SiteAddress`, in every spelling that leads to a page)
/// and held to the same rules: one that a released page shows must not lead to a withheld page
/// (it names the page before its time, and the page and its PDF would link to it), and before
/// release day one that would break on release day is refused as a body's link is.
enum DataLinks {
  static func check(_ context: BuildContext) -> [Diagnostic] {
    let pack = context.pack
    let site = SiteAddress(baseURL: pack.settings.baseURL)
    let bySlug = Dictionary(
      context.documents.map { (LookAlikeName.key($0.document.slug), $0) }, uniquingKeysWith: { a, _ in a })
    let isRelease = context.mode == .release
    var diagnostics: [Diagnostic] = []

    for source in context.documents {
      let document = source.document
      for (name, text) in strings(in: .map(document.fields)) {
        guard let slug = site.slug(of: text, fromPageOf: document.slug), let target = bySlug[slug] else { continue }
        let top = String(name.prefix { $0 != "." })
        let at =
          document.fieldLocations[name] ?? document.fieldLocations[top]
          ?? SourceLocation(path: document.path, line: 1, column: 1)
        let file = target.document.fileName
        if isRelease, source.decision.isReleased, !target.decision.isReleased {
          diagnostics.append(
            .error(
              at: at,
              "this released document links to the page of '\(file)', which is withheld: \(reasons(target))",
              notes: [
                "'\(name)' in the front matter is shown on the document's page: remove the address until \(file) is released, or give this document the same embargo"
              ]))
        } else if !source.decision.isReleased, !target.decision.isReleased,
          let problem = PackChecker.releaseOrderProblem(source: source.decision, target: target.decision)
        {
          diagnostics.append(
            .error(
              at: at, "this document links to \(file), which \(problem)",
              notes: [
                "'\(name)' in the front matter is shown on the document's page: on release day the link would fail the build; align the embargoes or remove the address"
              ]))
        }
      }
    }

    // The pack's data can be shown on any page, the landing page too. The inspection's facts
    // come out with the pack; the rest (`council`, `site`, `outcomes`) before it too.
    let packRelease = pack.inspection.embargo.liftsAt
    let facts = ReleasePolicy.Decision(
      embargo: packRelease,
      reasons: ReleasePolicy.isReleased(embargo: packRelease, at: context.request.instant)
        ? [] : [.embargoed(until: packRelease)])
    let always = ReleasePolicy.Decision(embargo: nil, reasons: [])
    let data = PackData.make(inspection: pack.inspection, settings: pack.settings, outcomes: pack.outcomes)
    // `report.url` may be `council.ofstedProviderUrl`'s value: reported once, where it was written.
    var reported: Set<String> = []
    for (name, text) in strings(in: .map(data)) where isAddressName(name) {
      guard let slug = site.slugFromAnyPage(of: text), let target = bySlug[slug] else { continue }
      let root = String(name.prefix { $0 != "." })
      let source = PackData.inspectionFacts.contains(root) ? facts : always
      let file = target.document.fileName
      let at = location(of: name, in: pack)
      guard reported.insert("\(at.path):\(at.line):\(at.column)").inserted else { continue }
      if isRelease, source.isReleased, !target.decision.isReleased {
        diagnostics.append(
          .error(
            at: at,
            "'\(name)' is shown on released pages and links to the page of '\(file)', which is withheld: \(reasons(target))",
            notes: [
              "remove the address until \(file) is released, or give \(file) no later embargo than the pack's",
              "link to a document from a body by its file name ([text](\(file))) so pubpack can check the link",
            ]))
      } else if !source.isReleased, !target.decision.isReleased,
        let problem = PackChecker.releaseOrderProblem(source: source, target: target.decision)
      {
        diagnostics.append(
          .error(
            at: at, "'\(name)' links to \(file), which \(problem)",
            notes: ["on release day the link would fail the build; align the embargoes or remove the address"]))
      }
    }
    return diagnostics
  }

  static func reasons(_ target: DecidedDocument) -> String {
    target.decision.reasons.map(\.text).joined(separator: "; ")
  }

  /// Whether a data name holds an address (`report.url`, `intervention.documentUrl`,
  /// `council.website`).
  static func isAddressName(_ name: String) -> Bool {
    let last = (name.split(separator: ".").last { Int($0) == nil }).map { $0.lowercased() } ?? ""
    return last.hasSuffix("url") || last.hasSuffix("href") || last == "website"
  }

  /// Where a data name's value was written; `report.url` may be `council.ofstedProviderUrl`'s
  /// (PackData), and anything else unknown is put at the top of inspection.yaml.
  static func location(of name: String, in pack: LoadedPack) -> SourceLocation {
    pack.dataLocations[name] ?? (name == "report.url" ? pack.dataLocations["council.ofstedProviderUrl"] : nil)
      ?? SourceLocation(path: pack.contentPath("inspection.yaml"), line: 1, column: 1)
  }

  /// Every string in a value with its dotted name (`appendices.0.url`), in name order.
  static func strings(in value: TemplateValue, prefix: String = "") -> [(name: String, text: String)] {
    func named(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
    switch value {
    case .string(let text): return [(prefix, text)]
    case .list(let items): return items.enumerated().flatMap { strings(in: $1, prefix: named(String($0))) }
    case .map(let map): return map.keys.sorted().flatMap { strings(in: map[$0]!, prefix: named($0)) }
    default: return []
    }
  }
}
