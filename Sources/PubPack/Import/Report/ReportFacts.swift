/// The facts of an inspection as one source states them: the final Ofsted report
/// (`content/report.yaml`), or the pack's own `inspection.yaml`, so the two can be compared.
///
/// Every field is optional: a source states only what it states. Field names follow the
/// YAML keys; `FactDisagreement.field` names a field by its YAML path.
public struct ReportFacts: Sendable, Hashable {
  /// `source.file`: the PDF's file name, without its folder.
  public var sourceFile: String?
  /// `source.pages`: how many pages the PDF has.
  public var sourcePages: Int?
  /// `council.ofstedName`: the authority's name as Ofsted writes it.
  public var ofstedName: String?
  /// `inspection.onSiteStart`: the first day inspectors were on site.
  public var onSiteStart: CalendarDate?
  /// `inspection.onSiteEnd`: the last day inspectors were on site.
  public var onSiteEnd: CalendarDate?
  /// `inspection.leadInspector`: "Name, His Majesty’s Inspector".
  public var leadInspector: String?
  /// `inspection.frameworkVersion`: the ILACS framework the judgements follow.
  public var frameworkVersion: FrameworkVersion?
  /// `report.title`: the report's title as printed on its first page.
  public var reportTitle: String?
  /// `judgements`: the grade of each judgement stated; empty when none is.
  public var judgements: [Judgement: Grade]
  /// `findings.headline`: the report's headline paragraph.
  public var headline: String?
  /// `findings.whatNeedsToImprove`: every item, in the report's order.
  public var whatNeedsToImprove: [String]?

  public init(
    sourceFile: String? = nil, sourcePages: Int? = nil, ofstedName: String? = nil,
    onSiteStart: CalendarDate? = nil, onSiteEnd: CalendarDate? = nil,
    leadInspector: String? = nil, frameworkVersion: FrameworkVersion? = nil,
    reportTitle: String? = nil, judgements: [Judgement: Grade] = [:], headline: String? = nil,
    whatNeedsToImprove: [String]? = nil
  ) {
    self.sourceFile = sourceFile
    self.sourcePages = sourcePages
    self.ofstedName = ofstedName
    self.onSiteStart = onSiteStart
    self.onSiteEnd = onSiteEnd
    self.leadInspector = leadInspector
    self.frameworkVersion = frameworkVersion
    self.reportTitle = reportTitle
    self.judgements = judgements
    self.headline = headline
    self.whatNeedsToImprove = whatNeedsToImprove
  }
}

/// One fact that two sources state differently.
public struct FactDisagreement: Sendable, Hashable, CustomStringConvertible {
  /// The fact's YAML path, such as `judgements.helpAndProtection` or
  /// `findings.whatNeedsToImprove[2]`.
  public var field: String
  /// The value the report states, as it would be written in YAML.
  public var reportValue: String
  /// The value the inspection's facts state, as it would be written in YAML.
  public var inspectionValue: String

  public init(field: String, reportValue: String, inspectionValue: String) {
    self.field = field
    self.reportValue = reportValue
    self.inspectionValue = inspectionValue
  }

  /// "judgements.helpAndProtection: the report says good, the inspection says requiresImprovement".
  public var description: String {
    "\(field): the report says \(reportValue), the inspection says \(inspectionValue)"
  }
}

extension ReportFacts {
  /// The facts both sources state and state differently; a fact either leaves out is no
  /// disagreement (the pack takes it from the other).
  ///
  /// Text is compared as a reader sees it: runs of white space and the style of quotes and
  /// apostrophes (’ or ') do not count. The inspection's headline is "one sentence quoted
  /// from the report", so it agrees when it is whole sentences of the report's headline
  /// paragraph: one cut off mid-sentence, or begun mid-sentence, disagrees. The
  /// source PDF's name and page count are not facts of the inspection and are not compared.
  /// When the report states judgements, a judgement the inspection has and the report has not
  /// is a disagreement (the report's table is complete).
  public func disagreements(with inspection: ReportFacts) -> [FactDisagreement] {
    var found: [FactDisagreement] = []
    func compare(_ field: String, _ mine: String?, _ theirs: String?) {
      guard let mine, let theirs, readerText(mine) != readerText(theirs) else { return }
      found.append(FactDisagreement(field: field, reportValue: mine, inspectionValue: theirs))
    }

    compare("council.ofstedName", ofstedName, inspection.ofstedName)
    compare("inspection.onSiteStart", onSiteStart?.iso, inspection.onSiteStart?.iso)
    compare("inspection.onSiteEnd", onSiteEnd?.iso, inspection.onSiteEnd?.iso)
    compare("inspection.leadInspector", leadInspector, inspection.leadInspector)
    compare(
      "inspection.frameworkVersion", frameworkVersion?.rawValue,
      inspection.frameworkVersion?.rawValue)
    compare("report.title", reportTitle, inspection.reportTitle)

    if !judgements.isEmpty {
      for judgement in Judgement.allCases {
        switch (judgements[judgement], inspection.judgements[judgement]) {
        case (let mine?, let theirs?) where mine != theirs:
          found.append(
            FactDisagreement(
              field: "judgements.\(judgement.rawValue)", reportValue: mine.rawValue,
              inspectionValue: theirs.rawValue))
        case (nil, let theirs?):
          found.append(
            FactDisagreement(
              field: "judgements.\(judgement.rawValue)", reportValue: "no such judgement",
              inspectionValue: theirs.rawValue))
        default:
          break
        }
      }
    }

    if let mine = headline, let theirs = inspection.headline,
      !isWholeSentences(readerText(theirs), of: readerText(mine))
    {
      found.append(
        FactDisagreement(field: "findings.headline", reportValue: mine, inspectionValue: theirs))
    }

    if let mine = whatNeedsToImprove, let theirs = inspection.whatNeedsToImprove {
      for index in 0..<max(mine.count, theirs.count) {
        let field = "findings.whatNeedsToImprove[\(index)]"
        switch (index < mine.count ? mine[index] : nil, index < theirs.count ? theirs[index] : nil)
        {
        case (let a?, let b?):
          compare(field, a, b)
        case (let a?, nil):
          found.append(
            FactDisagreement(field: field, reportValue: a, inspectionValue: "no such item"))
        case (nil, let b?):
          found.append(
            FactDisagreement(field: field, reportValue: "no such item", inspectionValue: b))
        case (nil, nil):
          break
        }
      }
    }
    return found
  }
}

/// Whether `quote` is one or more whole sentences of `paragraph`: found in it, starting where a
/// sentence starts and ending where one ends (its full stop may be left off).
func isWholeSentences(_ quote: String, of paragraph: String) -> Bool {
  let ends: Set<Character> = [".", "!", "?"]
  let core = String(quote.reversed().drop(while: { ends.contains($0) || $0 == " " }).reversed())
  guard !core.isEmpty else { return false }
  var from = paragraph.startIndex
  while let found = paragraph.range(of: core, range: from..<paragraph.endIndex) {
    let before = paragraph[..<found.lowerBound].reversed().drop(while: { $0 == " " }).first
    let after = found.upperBound < paragraph.endIndex ? paragraph[found.upperBound] : nil
    if before.map({ ends.contains($0) }) ?? true, after.map({ ends.contains($0) }) ?? true { return true }
    from = paragraph.index(after: found.lowerBound)
  }
  return false
}

/// Text as a reader sees it: white space runs as one space, curly quotes as straight ones.
private func readerText(_ text: String) -> String {
  let straightened = text.map { character -> Character in
    switch character {
    case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": "'"
    case "\u{201C}", "\u{201D}", "\u{201F}", "\u{2033}": "\""
    default: character
    }
  }
  return String(straightened).split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
