import Foundation

/// A new pack, as `pubpack init` writes it: settings, the facts with a comment on every field,
/// the three documents drafted, the templates, and a README with the next steps.
///
/// Given Ofsted's statistics, the council's name, region and previous inspection are filled
/// in and `outcomes.yaml` is written. The pack builds and passes `check` as it is; every
/// document is a draft until its author removes `draft: true`, so nothing placeholder is ever
/// released.
public struct PackScaffold: Sendable {
  /// The authority's outcomes, when the statistics were given.
  public var outcomes: Outcomes?
  /// The statistics file's name, for the comments.
  public var statisticsFile: String?
  /// The names of the pack's two folders inside its own (`--content`, `--templates`).
  public var contentFolder = "content"
  public var templatesFolder = "templates"

  /// The same inputs make the same pack, whatever the day: placeholder dates follow the
  /// statistics (or the fictional sample's when none are given), never the clock.
  public init(outcomes: Outcomes? = nil, statisticsFile: String? = nil) {
    self.outcomes = outcomes
    self.statisticsFile = statisticsFile
  }

  /// Every file of the new pack: its path in the pack's folder and its text.
  public func files() throws -> [(path: String, text: String)] {
    var files: [(path: String, text: String)] = [
      ("README.md", readme),
      ("content/pack.yaml", packYAML),
      ("content/inspection.yaml", inspectionYAML),
      ("content/webpage.md", webpage),
      ("content/council-report.md", councilReport),
      ("content/press-release.md", pressRelease),
    ]
    if let outcomes { files.append(("content/outcomes.yaml", try outcomes.yaml(sourceFile: statisticsFile))) }
    files += StarterTemplates.files
    return files.map { file in
      if file.path.hasPrefix("content/") { return (contentFolder + file.path.dropFirst(7), file.text) }
      if file.path.hasPrefix("templates/") { return (templatesFolder + file.path.dropFirst(9), file.text) }
      return file
    }
  }

  /// What every command in the new pack's README needs to find its folders: nothing when they
  /// have the usual names.
  private var folderFlags: String {
    (contentFolder == "content" ? "" : " --content \(contentFolder)")
      + (templatesFolder == "templates" ? "" : " --templates \(templatesFolder)")
  }

  /// A folder name given to `init`: one plain name inside the new pack.
  public static func isPlainFolderName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.hasPrefix(".")
  }

  /// Writes the pack into `folder`, which must not exist or be empty.
  ///
  /// The files are written into a hidden folder beside it first and moved in only when all
  /// are written, so a failure leaves no half-made pack.
  public func write(to folder: String) throws(DiagnosticError) {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = fm.fileExists(atPath: folder, isDirectory: &isDirectory)
    if exists {
      guard isDirectory.boolValue else {
        throw failure("'\(folder)' is a file, not a folder", notes: ["give the name of a new folder"])
      }
      let entries = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
      guard entries.isEmpty else {
        throw failure(
          "'\(folder)' is not empty, so pubpack will not make a pack in it",
          notes: ["give the name of a new folder, or an empty one"])
      }
    }
    let target = URL(fileURLWithPath: folder).standardizedFileURL
    let staging = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).pubpack-init-\(UUID().uuidString)")
    do {
      for (path, text) in try files() {
        let url = staging.appendingPathComponent(path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
      }
      // Where the pack's images and files go (the SPEC's folders), empty to begin with.
      try fm.createDirectory(at: staging.appendingPathComponent(contentFolder + "/assets"), withIntermediateDirectories: true)
      if exists {
        for entry in try fm.contentsOfDirectory(atPath: staging.path) {
          try fm.moveItem(at: staging.appendingPathComponent(entry), to: target.appendingPathComponent(entry))
        }
        try fm.removeItem(at: staging)
      } else {
        try fm.moveItem(at: staging, to: target)
      }
    } catch {
      try? fm.removeItem(at: staging)
      throw failure("cannot write the new pack in '\(folder)': \(error.localizedDescription)")
    }
  }

  private func failure(_ message: String, notes: [String] = []) -> DiagnosticError {
    DiagnosticError(.error(at: nil, message, notes: notes))
  }

  // MARK: What is known

  private var ofstedName: String? { outcomes?.localAuthority.name }
  private var councilName: String { ofstedName.map { "\($0) Council" } ?? "Example Council" }

  /// The day the placeholder inspection follows: the statistics' "as at" date (the next
  /// inspection comes after the edition that lists the last one), or the latest inspection's
  /// publication; without statistics, the fictional sample pack's (a Monday in May 2026).
  private var placeholderBasis: CalendarDate {
    outcomes?.source.asAt ?? outcomes?.latest?.publicationDate ?? CalendarDate(year: 2026, month: 6, day: 1)!
  }

  /// Placeholder dates: on-site from the Monday a week after the basis, for two weeks, and the
  /// report published seven weeks after (Ofsted's usual gap; every one is marked TYPE).
  private var placeholderDates: (start: CalendarDate, end: CalendarDate, publication: CalendarDate) {
    let basis = placeholderBasis
    let weekday = CivilTime(year: basis.year, month: basis.month, day: basis.day).weekday
    let toMonday = (8 - weekday) % 7
    let start = basis.adding(days: 7 + toMonday)
    let end = start.adding(days: 11)
    return (start, end, end.adding(days: 46))
  }

  /// The written statement of action is due 70 working days after publication: 14 weeks of
  /// five working days (bank holidays make the real date later; the comment says to check it).
  private var placeholderActionPlanDue: CalendarDate { placeholderDates.publication.adding(days: 98) }

  private var framework: FrameworkVersion {
    let april2026 = CalendarDate(year: 2026, month: 4, day: 1)
    return april2026.map { placeholderDates.start < $0 } ?? false ? .ilacs2023 : .ilacs2026
  }

  /// The inspection before this one: the latest in the statistics.
  private var previous: InspectionRecord? {
    guard let latest = outcomes?.latest, !latest.judgements.isEmpty else { return nil }
    return latest
  }

  private func previousFramework(_ record: InspectionRecord) -> FrameworkVersion {
    if record.judgements[.careLeavers] != nil { return .ilacs2023 }
    if let date = record.inspectionDate, let start2023 = CalendarDate(year: 2023, month: 1, day: 1), date >= start2023 {
      return .ilacs2023
    }
    return .ilacs2018
  }

  // MARK: content/pack.yaml

  private var packYAML: String {
    """
    # The pack's settings.
    site:
      title: Our Ofsted inspection \(placeholderDates.start.year)        # TYPE the title of the pack's landing page
      baseURL: https://www.example.gov.uk/ofsted-inspection/   # TYPE where the pages will be published
    markdown:
      rawHTML: false          # raw HTML in the documents is dropped unless this is true
    # Where `pubpack publish` uploads the site: a folder on this machine, or a server by rsync.
    # publish:
    #   targets:
    #     live:    { rsync: "deploy@web01.example.gov.uk:/var/www/ofsted", keepReleases: 5 }
    #     staging: { directory: /srv/www/ofsted }

    """
  }

  // MARK: content/inspection.yaml

  private var inspectionYAML: String {
    let dates = placeholderDates
    var text = """
      # The facts of the inspection, typed once: every document takes them from here.
      # Replace every value marked TYPE. Grades are written as Ofsted writes them or by their keys:
      # outstanding, good, requiresImprovement ("Requires improvement to be good"), inadequate.
      # Dates are YYYY-MM-DD. A field you do not need can be deleted or left commented out.
      schemaVersion: "1.0"
      council:
        name: \(yamlText(councilName))   # TYPE the council's name as it signs its documents

      """
    if let ofstedName {
      text += "  ofstedName: \(yamlText(ofstedName))   # as Ofsted's statistics write it\n"
    } else {
      text +=
        "  # ofstedName: Example   # the name Ofsted uses (the report's title: \"Inspection of NAME local authority children's services\")\n"
    }
    text += "  # dfeLaCode: \"999\"   # the DfE's three-digit local authority number\n"
    if let code = outcomes?.localAuthority.areaCode {
      text += "  onsCode: \(yamlText(code))   # from Ofsted's statistics\n"
    } else {
      text += "  # onsCode: E06000999   # the ONS area code\n"
    }
    text += "  # ofstedUrn: \"999999\"   # Ofsted's reference number, at the end of the report's address\n"
    text +=
      "  # ofstedProviderUrl: https://reports.ofsted.gov.uk/provider/44/999999   # the council's page on Ofsted's reports site\n"
    if let region = outcomes?.localAuthority.region {
      text += "  ofstedRegion: \(yamlText(region))   # from Ofsted's statistics\n"
    } else {
      text += "  # ofstedRegion: North West   # Ofsted's region for the council\n"
    }
    text += "  # website: https://www.example.gov.uk   # the council's website (the pages' header links to it)\n"
    text += """
      inspection:
        type: ilacsStandard        # TYPE ilacsStandard | ilacsShort | focusedVisit | monitoringVisit | jtai (Ofsted's notification)
        frameworkVersion: \(framework.rawValue)   # TYPE ilacs2018 | ilacs2023 (care leavers judged separately) | ilacs2026 (no overall effectiveness)
        # notificationDate: \(dates.start.adding(days: -7).iso)   # the day Ofsted told the council
        onSiteStart: \(dates.start.iso)   # TYPE the first day inspectors were on site (the report's first page)
        onSiteEnd: \(dates.end.iso)     # TYPE the last day inspectors were on site
        # leadInspector: Jo Bennett, His Majesty's Inspector   # as the report names them
      report:
        title: \(yamlText("Inspection of \(ofstedName ?? "Example") local authority children's services"))   # TYPE the report's title
        # url: https://reports.ofsted.gov.uk/provider/44/999999   # the report's address once published
        # publicationDate: \(dates.publication.iso)   # defaults to the day the embargo lifts
      embargo:
        liftsAt: \(dates.publication.iso)T00:01   # TYPE the embargo in Ofsted's notification email, London time
        source: TYPE where the embargo came from, for example "Ofsted notification email, 28 July 2026"

      """
    text += "# TYPE each grade as the final report gives it; until then these are placeholders.\n"
    text += "judgements:\n"
    for judgement in framework.judgements {
      text += "  \(judgement.rawValue): requiresImprovement   # \(judgement.ofstedWording(in: framework))\n"
    }
    if let previous {
      text +=
        "# The last inspection, from \(statisticsFile ?? "Ofsted's statistics"): documents say \"improved from ...\".\n"
      text += "previous:\n"
      if let type = previous.type { text += "  type: \(type.rawValue)\n" }
      text += "  frameworkVersion: \(previousFramework(previous).rawValue)\n"
      if let date = previous.inspectionDate { text += "  onSiteStart: \(date.iso)\n" }
      if let date = previous.publicationDate { text += "  publicationDate: \(date.iso)\n" }
      text += "  judgements:\n"
      for judgement in Judgement.allCases {
        if let grade = previous.judgements[judgement] { text += "    \(judgement.rawValue): \(grade.rawValue)\n" }
      }
    } else {
      text += """
        # The last inspection, for "improved from ...": uncomment and fill in, or import Ofsted's
        # statistics with `pubpack init DIR --outcomes FILE --la NAME`.
        # previous:
        #   type: ilacsStandard
        #   frameworkVersion: ilacs2018
        #   onSiteStart: 2022-11-07
        #   publicationDate: 2023-01-10
        #   judgements: { overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement,
        #                 helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement }

        """
    }
    text += """
      findings:   # TYPE quoted from the report, word for word
        headline: TYPE the report's first paragraph, under the table of judgements on its first page.
        strengths:
          - TYPE a strength the report names.
        whatNeedsToImprove:
          - TYPE each point under "What needs to improve?", in the report's order.
        areasForPriorityAction: []
        quotesFromReport: []
      quotes:   # for the press release: TYPE who said what, once they have agreed it
        - speakerName: TYPE the lead member's name
          speakerTitle: Cabinet Member for Children and Families
          role: leadMember
          text: TYPE what they said.
        - speakerName: TYPE the director's name
          speakerTitle: Director of Children's Services
          role: dcs
          text: TYPE what they said.
      media:
        pressOfficeEmail: press@example.gov.uk   # TYPE the press office's email
        # pressOfficePhone: "01632 960000"
        # outOfHoursPhone: "01632 960001"
      intervention:
        type: none   # none | improvementNotice | statutoryDirection | revisedDirection | revoked
      actionPlan:   # the written statement of action, due within 70 working days of publication
        basisDate: \(dates.publication.iso)   # TYPE the day the report is published
        # dueDate: \(placeholderActionPlanDue.iso)   # TYPE the day the plan is due (70 working days; Ofsted's letter gives it)
        # url: https://www.example.gov.uk/ofsted-action-plan

      """
    return text
  }

  // MARK: The documents

  private var webpage: String {
    var text = """
      ---
      title: Ofsted inspection of our children's services
      kind: webpage
      slug: ofsted-inspection
      summary: What Ofsted found when it inspected our services for children and families.
      draft: true   # delete this line when the page is ready: until then it is never published
      # The template shows Ofsted's judgements, what inspectors found and what happens next, from
      # inspection.yaml; this body says what only the council can say. A heading of your own for
      # one of those sections ("## What happens next") replaces the template's.
      ---
      Ofsted has published its report on {{council.name}}'s services for children and families,
      following its inspection from {{inspection.dates}}.
      {{#previous}}At the last inspection, published on {{publicationDate.long}}, \
      {{#judgements.overallEffectiveness}}they were judged {{gradeLower}} overall.{{/judgements.overallEffectiveness}}{{/previous}}

      """
    text += comparison
    text += """
      ## What we are doing

      TYPE what the council is doing about what inspectors found, in its own words: the changes
      already made, and what comes next.

      The council's [report to councillors](council-report.md) sets out how the plan will be
      overseen, and our [press release](press-release.md) has what our lead member and director
      said.

      If you have a question about this page, email [{{media.pressOfficeEmail}}](mailto:{{media.pressOfficeEmail}}).

      """
    return text
  }

  /// "How we compare", from the statistics: only the figures the edition has.
  private var comparison: String {
    guard let outcomes, outcomes.national.counts[.overallEffectiveness] != nil else { return "" }
    var text = """
      ## How we compare

      In Ofsted's statistics ({{outcomes.source.title}}), \
      {{outcomes.national.overallEffectiveness.outstanding}} of the {{outcomes.national.authorities}} councils in
      England were judged outstanding overall and {{outcomes.national.overallEffectiveness.good}} good.
      """
    if let region = outcomes.region, region.counts[.overallEffectiveness] != nil {
      text += """
         In {{outcomes.region.name}}, {{outcomes.region.overallEffectiveness.outstanding}} of
        {{outcomes.region.authorities}} councils were judged outstanding and
        {{outcomes.region.overallEffectiveness.good}} good.
        """
    }
    return text + "\n\n"
  }

  private var councilReport: String {
    var text = """
      ---
      title: Ofsted inspection of local authority children's services
      kind: council-report
      slug: council-report
      summary: Report to the scrutiny committee on the outcome of the Ofsted inspection.
      draft: true   # delete this line when the report is ready: until then it is never published
      meeting: TYPE the committee, for example Children and Young People Scrutiny Committee
      meetingDate: TYPE the date of the meeting
      reportOf: TYPE the name of the Director of Children's Services
      portfolioHolder: TYPE the name of the Cabinet Member for Children and Families
      contactOfficer:
        name: TYPE the contact officer's name
        title: TYPE their job title
        email: TYPE their email address
        phone: TYPE their phone number
      wardsAffected: All wards
      ---
      ## 1. Purpose of the report

      1.1 To inform the committee of the outcome of the Ofsted inspection of local authority
      children's services carried out from {{inspection.dates}}, and published on
      {{report.publicationDate.long}}.

      ## 2. Recommendations

      1. That the committee notes the findings of the inspection.
      2. That the committee receives the action plan before it is submitted to Ofsted.

      ## 3. Background

      3.1 Ofsted inspects local authority children's services under the Inspecting Local
      Authority Children's Services (ILACS) framework.
      {{#previous}}The last {{typeName}} was published on {{publicationDate.long}}\
      {{#judgements.overallEffectiveness}}, when overall effectiveness was judged {{gradeLower}}{{/judgements.overallEffectiveness}}.{{/previous}}

      """
    if let outcomes, outcomes.national.counts[.overallEffectiveness] != nil {
      text += """

        3.2 Ofsted's official statistics ({{outcomes.source.title}}) show
        {{outcomes.national.overallEffectiveness.outstanding}} of {{outcomes.national.authorities}}
        councils in England judged outstanding overall, {{outcomes.national.overallEffectiveness.good}} good,
        {{outcomes.national.overallEffectiveness.requiresImprovement}} requires improvement to be good and
        {{outcomes.national.overallEffectiveness.inadequate}} inadequate.
        """
      if let region = outcomes.region, region.counts[.overallEffectiveness] != nil {
        text += """
           In {{outcomes.region.name}}, the figures are {{outcomes.region.overallEffectiveness.outstanding}},
          {{outcomes.region.overallEffectiveness.good}}, {{outcomes.region.overallEffectiveness.requiresImprovement}}
          and {{outcomes.region.overallEffectiveness.inadequate}} of {{outcomes.region.authorities}} councils.
          """
      }
      text += "\n"
    }
    text += """

      ## 4. Findings

      4.1 Ofsted's judgements are:

      | Judgement | Grade | Change since the last inspection |
      | --- | --- | --- |
      {{#judgementList}}
      | {{label}} | {{grade}} | {{change}} |
      {{/judgementList}}

      4.2 Inspectors summarised their findings as follows: "{{findings.headline}}"

      4.3 Inspectors asked the council to improve:

      {{#findings.whatNeedsToImprove}}
      - {{.}}
      {{/findings.whatNeedsToImprove}}

      ## 5. Implications

      5.1 **Financial:** TYPE the financial implications, or "none arising from this report".

      5.2 **Legal:** the council must publish a written statement of the action it proposes to
      take in response to the report.

      5.3 **Equalities:** TYPE the equalities implications.

      ## 6. Background papers

      Ofsted's report: {{report.title}}.

      """
    return text
  }

  private var pressRelease: String {
    """
    ---
    title: Ofsted publishes its report on \(ofstedName ?? "our") children's services
    kind: press-release
    slug: press-release
    summary: What Ofsted found in its inspection of our services for children and families.
    draft: true   # delete this line when the release is approved: until then it is never published
    ---
    {{council.name}}'s services for children and families have been inspected by Ofsted, in a
    report published today ({{report.publicationDate.long}}).
    {{#headlineGrade}}Inspectors judged the council's services to be {{gradeLower}} overall.{{/headlineGrade}}

    {{#judgementList}}
    - {{label}}: {{grade}}
    {{/judgementList}}

    {{#previous}}At the previous inspection, published on {{publicationDate.long}}\
    {{#judgements.overallEffectiveness}}, services were judged {{gradeLower}} overall{{/judgements.overallEffectiveness}}.{{/previous}}

    The inspection, from {{inspection.dates}}, found that "{{findings.headline}}"

    More about the inspection is on the [council's webpage](webpage.md).

    """
  }

  // MARK: README.md

  private var readme: String {
    var text = """
      # \(councilName): Ofsted inspection pack

      Made by `pubpack init`. pubpack builds the pages a council publishes on the day Ofsted
      publishes its inspection of the council's children's services: a webpage, a report to
      councillors and a press release. Nothing is published before the embargo lifts.

      ## Next steps

      1. Open `\(contentFolder)/inspection.yaml` and replace every value marked `TYPE`: the inspection's
         dates and type from Ofsted's notification, the embargo from the notification email, and
         the grades and findings from the final report, word for word.
      2. Edit the documents in `\(contentFolder)/` (`webpage.md`, `council-report.md`, `press-release.md`).
         They take the facts from `inspection.yaml` through tags such as
         `{{judgements.overallEffectiveness.grade}}`, so a fact is typed once.
      3. Check the pack: `pubpack check\(folderFlags)`. It lists every problem with its file, line and column.
      4. Every document starts as a draft, which is never published. When one is ready, delete
         its `draft: true` line; `pubpack build\(folderFlags) --at \(placeholderDates.publication.iso)T09:00` (a time after the
         embargo) then builds `site/` as it will be at that time, so you can look at it.
      5. Set where the site is published under `publish:` in `\(contentFolder)/pack.yaml`.

      """
    if outcomes != nil {
      text += """

        `\(contentFolder)/outcomes.yaml` holds context from Ofsted's official statistics\(statisticsFile.map { " (`\($0)`)" } ?? ""):
        the council's previous judgements, and how many councils in England and in the region got
        each grade. When Ofsted publishes a new edition, import it again:
        `pubpack import-outcomes\(folderFlags) FILE --la "\(ofstedName ?? "NAME")"`.

        """
    } else {
      text += """

        To put national and regional context into the pages, download Ofsted's statistics "Local
        authority inspection outcomes" from GOV.UK and import them:
        `pubpack import-outcomes\(folderFlags) FILE --la NAME`.

        """
    }
    return text
  }

  /// A YAML scalar for `text`, quoted when plain would not read back as the same text.
  private func yamlText(_ text: String) -> String {
    let needsQuotes =
      text.isEmpty || text.contains(": ") || text.contains(" #") || text.hasPrefix(" ") || text.hasSuffix(" ")
      || "!&*-?[]{}|>@`\"'%,#".contains(text.first ?? " ") || Grade(parsing: text) != nil
      || ["yes", "no", "true", "false", "null", "on", "off", "~"].contains(text.lowercased())
      || Double(text) != nil
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

extension CalendarDate {
  /// The date `days` days later (earlier when negative).
  func adding(days: Int) -> CalendarDate {
    let seconds = CivilTime(year: year, month: month, day: day).secondsSince1970AsUTC + Int64(days) * 86_400
    let civil = CivilTime(secondsSince1970: seconds)
    return CalendarDate(year: civil.year, month: civil.month, day: civil.day) ?? self
  }
}
