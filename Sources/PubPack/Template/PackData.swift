/// The data every document and template can use, with the derived values worked out once.
///
/// docs/variables.md lists every name this produces; keep the two together.
public enum PackData {
  /// The names that tell of this inspection and its outcome. A page published before the pack's
  /// release (one with `embargo: none`, or the landing page of an early build) must not show
  /// them: `PackValidator` refuses them in such a page's body, and `Pipeline` leaves them out
  /// of the templates' data for an early build.
  public static let inspectionFacts: Set<String> = [
    "inspection", "report", "embargo", "judgements", "judgementList", "headlineGrade", "findings", "quotes",
    "intervention", "actionPlan", "comparisonChart",
  ]

  public static func make(
    inspection i: Inspection, settings: PackSettings, outcomes: TemplateValue?
  ) -> [String: TemplateValue] {
    let framework = i.details.frameworkVersion
    var data: [String: TemplateValue] = [:]
    data["fictional"] = .bool(i.isFictional)
    data["council"] = .map([
      "name": .string(i.council.name),
      "ofstedName": .optional(i.council.ofstedName ?? i.council.name),
      "dfeLaCode": .optional(i.council.dfeLaCode),
      "onsCode": .optional(i.council.onsCode),
      "ofstedUrn": .optional(i.council.ofstedUrn),
      "ofstedProviderUrl": .optional(i.council.ofstedProviderUrl),
      "ofstedRegion": .optional(i.council.ofstedRegion),
      "website": .optional(i.council.website),
    ])
    data["inspection"] = .map([
      "type": .string(i.details.type.rawValue),
      "typeName": .string(i.details.type.ofstedWording),
      "isGraded": .bool(i.details.type.isGraded),
      "isShort": .bool(i.details.type == .ilacsShort),
      "isStandard": .bool(i.details.type == .ilacsStandard),
      "hasInadequateJudgement": .bool(i.judgements.values.contains(.inadequate)),
      "frameworkVersion": .string(framework.rawValue),
      "notificationDate": date(i.details.notificationDate),
      "onSiteStart": date(i.details.onSiteStart),
      "onSiteEnd": date(i.details.onSiteEnd),
      "dates": .string(CalendarDate.range(i.details.onSiteStart, i.details.onSiteEnd)),
      "leadInspector": .optional(i.details.leadInspector),
      "visitTheme": .optional(i.details.visitTheme),
    ])
    let publication = i.report.publicationDate ?? CalendarDate(londonDateOf: i.embargo.liftsAt)
    data["report"] = .map([
      "title": .optional(i.report.title),
      "url": .optional(i.report.url ?? i.council.ofstedProviderUrl),
      "publicationDate": date(publication),
    ])
    data["embargo"] = .map([
      "liftsAt": instant(i.embargo.liftsAt),
      "source": .optional(i.embargo.source),
    ])

    var judgements: [String: TemplateValue] = [:]
    var table: [TemplateValue] = []
    for judgement in Judgement.allCases {
      guard let grade = i.judgements[judgement] else {
        judgements[judgement.rawValue] = .null
        continue
      }
      var entry = gradeFields(grade)
      entry["key"] = .string(judgement.rawValue)
      entry["label"] = .string(judgement.ofstedWording(in: framework))
      let previous = i.previous?.judgements[judgement]
      entry["previousGrade"] = previous.map { .map(gradeFields($0)) } ?? .null
      entry["change"] = .string(change(from: previous, to: grade))
      // Each row says whether the table has a "change" column, so a row never has to reach
      // past itself (to the root's `previous`) to decide whether to render that cell.
      entry["hasPrevious"] = .bool(i.previous != nil)
      entry["hasImproved"] = .bool(previous.map { grade > $0 } ?? false)
      entry["hasDeclined"] = .bool(previous.map { grade < $0 } ?? false)
      let value = TemplateValue.map(entry)
      judgements[judgement.rawValue] = value
      if framework.judgements.contains(judgement) { table.append(value) }
    }
    data["judgements"] = .map(judgements)
    data["judgementList"] = .list(table)
    let headline = i.judgements[.overallEffectiveness]
    data["headlineGrade"] = headline.map { .map(gradeFields($0)) } ?? .null

    if let previous = i.previous {
      var prior: [String: TemplateValue] = [:]
      for judgement in Judgement.allCases {
        prior[judgement.rawValue] = previous.judgements[judgement].map { .map(gradeFields($0)) } ?? .null
      }
      data["previous"] = .map([
        "type": .optional(previous.type?.rawValue),
        "typeName": .optional(previous.type?.ofstedWording),
        "onSiteStart": date(previous.onSiteStart),
        "publicationDate": date(previous.publicationDate),
        "judgements": .map(prior),
      ])
    } else {
      data["previous"] = .null
    }

    data["findings"] = .map([
      "headline": .optional(i.findings.headline),
      "strengths": .list(i.findings.strengths.map(TemplateValue.string)),
      "whatNeedsToImprove": .list(i.findings.whatNeedsToImprove.map(TemplateValue.string)),
      "areasForPriorityAction": .list(i.findings.areasForPriorityAction.map(TemplateValue.string)),
      "quotesFromReport": .list(i.findings.quotesFromReport.map(TemplateValue.string)),
    ])
    data["quotes"] = .list(
      i.quotes.map {
        .map([
          "speakerName": .string($0.speakerName), "speakerTitle": .optional($0.speakerTitle),
          "role": .optional($0.role), "text": .string($0.text),
        ])
      })
    data["media"] = .map([
      "pressOfficeEmail": .optional(i.media.pressOfficeEmail),
      "pressOfficePhone": .optional(i.media.pressOfficePhone),
      "outOfHoursPhone": .optional(i.media.outOfHoursPhone),
    ])
    data["intervention"] = .map([
      "type": .string(i.intervention.type.rawValue),
      "isNone": .bool(i.intervention.type == .none),
      "isImprovementNotice": .bool(i.intervention.type == .improvementNotice),
      "isStatutoryDirection": .bool(i.intervention.type == .statutoryDirection),
      "isRevisedDirection": .bool(i.intervention.type == .revisedDirection),
      "isRevoked": .bool(i.intervention.type == .revoked),
      "typeName": .string(interventionName(i.intervention.type)),
      "issuedDate": date(i.intervention.issuedDate),
      "documentUrl": .optional(i.intervention.documentUrl),
      "commissioner": .optional(i.intervention.commissioner),
      "improvementAdviser": .optional(i.intervention.improvementAdviser),
      "improvementBoardChair": .optional(i.intervention.improvementBoardChair),
    ])
    data["actionPlan"] = .map([
      "basisDate": date(i.actionPlan?.basisDate),
      "dueDate": date(i.actionPlan?.dueDate),
      "url": .optional(i.actionPlan?.url),
    ])
    data["outcomes"] = outcomes.map { enrichOutcomes($0) } ?? .null
    // It marks this inspection's grade, so it is one of the inspection's facts (above).
    data["comparisonChart"] = ComparisonChart.values(
      outcomes: outcomes, councilName: i.council.name, grade: i.judgements[.overallEffectiveness])
    data["site"] = .map([
      "title": .string(settings.siteTitle),
      "baseURL": .string(settings.baseURL),
    ])
    return data
  }

  /// "an improvement notice", "a statutory direction" ... as a sentence names it.
  static func interventionName(_ type: Inspection.InterventionType) -> String {
    switch type {
    case .none: "no intervention"
    case .improvementNotice: "an improvement notice"
    case .statutoryDirection: "a statutory direction"
    case .revisedDirection: "a revised statutory direction"
    case .revoked: "a direction, since revoked"
    }
  }

  /// `outcomes.yaml` with display forms worked out: each date (`asAt`, `inspectionDate`,
  /// `publicationDate`) becomes `{ iso, long, withWeekday }`, each grade under `judgements`
  /// becomes `{ grade, gradeLower, gradeKey, ... }` and each inspection `type` gains `typeName`.
  static func enrichOutcomes(_ value: TemplateValue, key: String = "", underJudgements: Bool = false) -> TemplateValue {
    switch value {
    case .map(let map):
      var result: [String: TemplateValue] = [:]
      for (k, v) in map {
        result[k] = enrichOutcomes(v, key: k, underJudgements: underJudgements || k == "judgements")
        if k == "type", case .string(let raw) = v, let type = InspectionType(rawValue: raw) {
          result["typeName"] = .string(type.ofstedWording)
        }
      }
      return .map(result)
    case .list(let items):
      return .list(items.map { enrichOutcomes($0, key: key) })
    case .string(let text):
      if underJudgements, let grade = Grade(parsing: text) { return .map(gradeFields(grade)) }
      if key.hasSuffix("Date") || key == "asAt", let date = CalendarDate(iso: text) { return self.date(date) }
      return value
    default:
      return value
    }
  }

  static func gradeFields(_ grade: Grade) -> [String: TemplateValue] {
    [
      "grade": .string(grade.ofstedWording),
      "gradeLower": .string(grade.ofstedWording.lowercased()),
      "gradeKey": .string(grade.rawValue),
      "isOutstanding": .bool(grade == .outstanding),
      "isGood": .bool(grade == .good),
      "isRequiresImprovement": .bool(grade == .requiresImprovement),
      "isInadequate": .bool(grade == .inadequate),
      "isGoodOrBetter": .bool(grade >= .good),
    ]
  }

  /// "improved from requires improvement to be good", "stayed the same", "declined from good",
  /// "not judged at the previous inspection".
  static func change(from previous: Grade?, to grade: Grade) -> String {
    guard let previous else { return "not judged at the previous inspection" }
    if grade > previous { return "improved from \(previous.ofstedWording.lowercased())" }
    if grade < previous { return "declined from \(previous.ofstedWording.lowercased())" }
    return "stayed the same"
  }

  static func date(_ date: CalendarDate?) -> TemplateValue {
    guard let date else { return .null }
    return .map([
      "iso": .string(date.iso), "long": .string(date.long), "withWeekday": .string(date.longWithWeekday),
    ])
  }

  /// An instant's names: London ("12:01am on Tuesday 4 August 2026"), UTC and parts.
  public static func instant(_ instant: Instant) -> TemplateValue {
    .map([
      "london": .string(LondonTime.long(instant)),
      "utc": .string(LondonTime.utcLong(instant)),
      "londonWithUTC": .string(LondonTime.longWithUTC(instant)),
      "date": .string(LondonTime.date(instant)),
      "time": .string(LondonTime.time(instant)),
      "zone": .string(LondonTime.zoneAbbreviation(instant)),
      "iso": .string(instant.rfc3339),
    ])
  }
}
