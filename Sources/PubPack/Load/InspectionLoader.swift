/// Reads `content/inspection.yaml` into an `Inspection`, checking every rule of the SPEC.
///
/// Every problem is reported with its line and column; the result is nil when there was any
/// error.
public enum InspectionLoader {
  static let topKeys = [
    "schemaVersion", "fictional", "council", "inspection", "report", "embargo", "judgements",
    "previous", "findings", "quotes", "media", "intervention", "actionPlan",
  ]

  /// - Parameter report: the facts of `content/report.yaml`, when there is one: a fact that
  ///   `inspection.yaml` leaves out is taken from it (the report wins arguments).
  public static func load(_ text: String, path: String, report facts: ReportFacts? = nil) -> (Inspection?, [Diagnostic]) {
    let root: YAMLNode?
    do {
      root = try YAMLNode.parse(text, path: path)
    } catch {
      return (nil, error.diagnostics)
    }
    var r = YAMLReader(path: path)
    let fileStart = SourceLocation(path: path, line: 1, column: 1)
    guard let root, let top = r.mapping(root, allowed: topKeys, context: "inspection.yaml") else {
      r.error(fileStart, "inspection.yaml is empty", notes: ["see the SPEC for the fields to type"])
      return (nil, r.diagnostics)
    }
    func section(_ key: String, allowed: [String], required: Bool = true) -> (YAMLNode?, [String: YAMLNode]) {
      guard let node = top[key] else {
        if required {
          r.error(fileStart, "the '\(key)' section is missing", notes: ["add a '\(key):' section"])
        }
        return (nil, [:])
      }
      return (node, r.mapping(node, allowed: allowed, context: "'\(key)'") ?? [:])
    }

    // council
    let (councilNode, c) = section(
      "council",
      allowed: [
        "name", "ofstedName", "dfeLaCode", "onsCode", "ofstedUrn", "ofstedProviderUrl", "ofstedRegion",
        "website",
      ])
    let councilName = r.string(c["name"], "council.name", required: councilNode != nil, in: councilNode)
    let council = Inspection.Council(
      name: councilName ?? "",
      ofstedName: r.string(c["ofstedName"], "council.ofstedName", in: councilNode),
      dfeLaCode: r.string(c["dfeLaCode"], "council.dfeLaCode", in: councilNode),
      onsCode: r.string(c["onsCode"], "council.onsCode", in: councilNode),
      ofstedUrn: r.string(c["ofstedUrn"], "council.ofstedUrn", in: councilNode),
      ofstedProviderUrl: r.string(c["ofstedProviderUrl"], "council.ofstedProviderUrl", in: councilNode),
      ofstedRegion: r.string(c["ofstedRegion"], "council.ofstedRegion", in: councilNode),
      website: r.string(c["website"], "council.website", in: councilNode))

    // inspection
    let (inspectionNode, i) = section(
      "inspection",
      allowed: [
        "type", "frameworkVersion", "notificationDate", "onSiteStart", "onSiteEnd", "leadInspector",
        "visitTheme",
      ])
    let present = inspectionNode != nil
    let type = r.choice(i["type"], "inspection.type", as: InspectionType.self, required: present, in: inspectionNode)
    let framework =
      r.choice(
        i["frameworkVersion"], "inspection.frameworkVersion", as: FrameworkVersion.self,
        required: present && facts?.frameworkVersion == nil, in: inspectionNode) ?? facts?.frameworkVersion
    let start =
      r.date(i["onSiteStart"], "inspection.onSiteStart", required: present && facts?.onSiteStart == nil, in: inspectionNode)
      ?? facts?.onSiteStart
    let end =
      r.date(i["onSiteEnd"], "inspection.onSiteEnd", required: present && facts?.onSiteEnd == nil, in: inspectionNode)
      ?? facts?.onSiteEnd
    if let start, let end, end < start, let endNode = i["onSiteEnd"] {
      r.error(
        endNode.location, "the on-site end (\(end.long)) is before the on-site start (\(start.long))",
        notes: ["check inspection.onSiteStart and inspection.onSiteEnd"])
    }

    // report
    let (reportNode, rep) = section("report", allowed: ["title", "url", "publicationDate"], required: false)
    let report = Inspection.Report(
      title: r.string(rep["title"], "report.title", in: reportNode) ?? facts?.reportTitle,
      url: r.string(rep["url"], "report.url", in: reportNode),
      publicationDate: r.date(rep["publicationDate"], "report.publicationDate", in: reportNode))

    // embargo
    let (embargoNode, e) = section("embargo", allowed: ["liftsAt", "source", "timeZone"])
    let liftsAt = r.instant(e["liftsAt"], "embargo.liftsAt", required: embargoNode != nil, in: embargoNode)
    if let zone = e["timeZone"], let text = r.string(zone, "embargo.timeZone", in: embargoNode),
      text != "Europe/London"
    {
      r.error(
        zone.location, "embargo.timeZone must be Europe/London, not '\(text)'",
        notes: ["embargoes are London times; give an explicit offset in liftsAt if you mean another zone"])
    }
    if let liftsAt, let end, let node = e["liftsAt"] {
      let endOfOnSite = CalendarDate(londonDateOf: liftsAt)
      if !(end < endOfOnSite) {
        r.error(
          node.location,
          "the release instant, \(LondonTime.longWithUTC(liftsAt)), is not after the on-site end (\(end.long))",
          notes: ["Ofsted publishes after the inspection; check embargo.liftsAt and inspection.onSiteEnd"])
      }
    }

    // Kept aside: a release instant that does not fit the publication date is an error, but
    // the inspection's facts are still good to check every document against.
    var timing: [Diagnostic] = []
    if let liftsAt, let node = e["liftsAt"], let written = node.scalar {
      timing = ReleaseInstantCheck.check(
        liftsAt: liftsAt, written: written, at: node.location, publicationDate: report.publicationDate)
    }

    // judgements
    var judgements = readJudgements(top["judgements"], name: "judgements", reader: &r)
    for (judgement, grade) in facts?.judgements ?? [:] where judgements[judgement] == nil {
      judgements[judgement] = grade
    }
    if let type, let framework {
      checkJudgements(
        judgements, node: top["judgements"], type: type, framework: framework, fileStart: fileStart, reader: &r)
    }

    // previous
    var previous: Inspection.Previous?
    if let node = top["previous"], !node.isNull {
      let p =
        r.mapping(
          node, allowed: ["type", "frameworkVersion", "onSiteStart", "publicationDate", "judgements"],
          context: "'previous'") ?? [:]
      previous = Inspection.Previous(
        type: r.choice(p["type"], "previous.type", as: InspectionType.self, in: node),
        frameworkVersion: r.choice(
          p["frameworkVersion"], "previous.frameworkVersion", as: FrameworkVersion.self, in: node),
        onSiteStart: r.date(p["onSiteStart"], "previous.onSiteStart", in: node),
        publicationDate: r.date(p["publicationDate"], "previous.publicationDate", in: node),
        judgements: readJudgements(p["judgements"], name: "previous.judgements", reader: &r))
    }

    // findings
    let (findingsNode, f) = section(
      "findings", allowed: ["headline", "strengths", "whatNeedsToImprove", "areasForPriorityAction", "quotesFromReport"],
      required: false)
    var whatNeedsToImprove = r.strings(f["whatNeedsToImprove"], "findings.whatNeedsToImprove")
    if whatNeedsToImprove.isEmpty { whatNeedsToImprove = facts?.whatNeedsToImprove ?? [] }
    let findings = Inspection.Findings(
      headline: r.string(f["headline"], "findings.headline", in: findingsNode) ?? facts?.headline,
      strengths: r.strings(f["strengths"], "findings.strengths"),
      whatNeedsToImprove: whatNeedsToImprove,
      areasForPriorityAction: r.strings(f["areasForPriorityAction"], "findings.areasForPriorityAction"),
      quotesFromReport: r.strings(f["quotesFromReport"], "findings.quotesFromReport"))

    // quotes
    var quotes: [Inspection.Quote] = []
    if let node = top["quotes"], !node.isNull {
      if case .sequence(let items) = node.kind {
        for item in items {
          let q =
            r.mapping(item, allowed: ["speakerName", "speakerTitle", "role", "text"], context: "a quote") ?? [:]
          let name = r.string(q["speakerName"], "quotes.speakerName", required: true, in: item)
          let text = r.string(q["text"], "quotes.text", required: true, in: item)
          if let name, let text {
            quotes.append(
              Inspection.Quote(
                speakerName: name, speakerTitle: r.string(q["speakerTitle"], "quotes.speakerTitle", in: item),
                role: r.string(q["role"], "quotes.role", in: item), text: text))
          }
        }
      } else {
        r.error(node.location, "'quotes' must be a list", notes: ["start each quote with '- '"])
      }
    }

    // media
    let (mediaNode, m) = section(
      "media", allowed: ["pressOfficeEmail", "pressOfficePhone", "outOfHoursPhone"], required: false)
    let media = Inspection.Media(
      pressOfficeEmail: r.string(m["pressOfficeEmail"], "media.pressOfficeEmail", in: mediaNode),
      pressOfficePhone: r.string(m["pressOfficePhone"], "media.pressOfficePhone", in: mediaNode),
      outOfHoursPhone: r.string(m["outOfHoursPhone"], "media.outOfHoursPhone", in: mediaNode))

    // intervention
    var intervention = Inspection.Intervention()
    if let node = top["intervention"], !node.isNull {
      let v =
        r.mapping(
          node,
          allowed: [
            "type", "issuedDate", "documentUrl", "commissioner", "improvementAdviser", "improvementBoardChair",
          ], context: "'intervention'") ?? [:]
      intervention.type =
        r.choice(v["type"], "intervention.type", as: Inspection.InterventionType.self, in: node) ?? .none
      intervention.issuedDate = r.date(v["issuedDate"], "intervention.issuedDate", in: node)
      intervention.documentUrl = r.string(v["documentUrl"], "intervention.documentUrl", in: node)
      intervention.commissioner = r.string(v["commissioner"], "intervention.commissioner", in: node)
      intervention.improvementAdviser = r.string(v["improvementAdviser"], "intervention.improvementAdviser", in: node)
      intervention.improvementBoardChair = r.string(
        v["improvementBoardChair"], "intervention.improvementBoardChair", in: node)
    }

    var actionPlan: Inspection.ActionPlan?
    if let node = top["actionPlan"], !node.isNull {
      let a = r.mapping(node, allowed: ["basisDate", "dueDate", "url"], context: "'actionPlan'") ?? [:]
      actionPlan = Inspection.ActionPlan(
        basisDate: r.date(a["basisDate"], "actionPlan.basisDate", in: node),
        dueDate: r.date(a["dueDate"], "actionPlan.dueDate", in: node),
        url: r.string(a["url"], "actionPlan.url", in: node))
    }
    let isFictional = r.bool(top["fictional"], "fictional") ?? false
    _ = r.string(top["schemaVersion"], "schemaVersion", in: root)

    guard !r.diagnostics.hasErrors, let councilName, let type, let framework, let start, let end, let liftsAt
    else { return (nil, r.diagnostics + timing) }
    let inspection = Inspection(
      isFictional: isFictional,
      council: Inspection.Council(
        name: councilName, ofstedName: council.ofstedName ?? facts?.ofstedName, dfeLaCode: council.dfeLaCode, onsCode: council.onsCode,
        ofstedUrn: council.ofstedUrn, ofstedProviderUrl: council.ofstedProviderUrl,
        ofstedRegion: council.ofstedRegion, website: council.website),
      details: Inspection.Details(
        type: type, frameworkVersion: framework,
        notificationDate: r.date(i["notificationDate"], "inspection.notificationDate", in: inspectionNode),
        onSiteStart: start, onSiteEnd: end,
        leadInspector: r.string(i["leadInspector"], "inspection.leadInspector", in: inspectionNode)
          ?? facts?.leadInspector,
        visitTheme: r.string(i["visitTheme"], "inspection.visitTheme", in: inspectionNode)),
      report: report,
      embargo: Inspection.Embargo(liftsAt: liftsAt, source: r.string(e["source"], "embargo.source", in: embargoNode)),
      judgements: judgements, previous: previous, findings: findings, quotes: quotes, media: media,
      intervention: intervention, actionPlan: actionPlan)
    return (inspection, r.diagnostics + timing)
  }

  private static func readJudgements(_ node: YAMLNode?, name: String, reader r: inout YAMLReader)
    -> [Judgement: Grade]
  {
    guard let node, !node.isNull else { return [:] }
    let map = r.mapping(node, allowed: Judgement.allCases.map(\.rawValue), context: "'\(name)'") ?? [:]
    var result: [Judgement: Grade] = [:]
    for (key, value) in map {
      if let judgement = Judgement(rawValue: key), let grade = r.grade(value, "\(name).\(key)") {
        result[judgement] = grade
      }
    }
    return result
  }

  /// The judgements must be exactly those the inspection type and framework award.
  private static func checkJudgements(
    _ judgements: [Judgement: Grade], node: YAMLNode?, type: InspectionType, framework: FrameworkVersion,
    fileStart: SourceLocation, reader r: inout YAMLReader
  ) {
    let expected: [Judgement] = type.isGraded ? framework.judgements : []
    let where_ = node?.location ?? fileStart
    // A judgement written with a grade that could not be read has had its error already.
    var written: Set<String> = []
    if case .mapping(let pairs)? = node?.kind { written = Set(pairs.map(\.key)) }
    for judgement in expected where judgements[judgement] == nil && !written.contains(judgement.rawValue) {
      r.error(
        where_,
        "the judgement '\(judgement.rawValue)' (\(judgement.ofstedWording(in: framework))) is missing",
        notes: ["an \(type.ofstedWording) under \(framework.rawValue) awards: \(expected.map(\.rawValue).joined(separator: ", "))"])
    }
    guard case .mapping(let pairs)? = node?.kind else { return }
    for pair in pairs {
      guard let judgement = Judgement(rawValue: pair.key), !expected.contains(judgement) else { continue }
      let why: String
      if !type.isGraded {
        why = "an \(type.ofstedWording) is not graded: remove the judgements"
      } else if judgement == .careLeavers {
        why = "care leavers were judged separately only from ilacs2023; under ilacs2018 they are part of childrenInCare"
      } else if judgement == .overallEffectiveness {
        why = "ilacs2026 has no overall effectiveness judgement"
      } else {
        why = "remove it, or check inspection.frameworkVersion"
      }
      r.error(
        pair.keyLocation, "the judgement '\(pair.key)' does not belong to this inspection (\(type.rawValue), \(framework.rawValue))",
        notes: [why])
    }
  }
}
