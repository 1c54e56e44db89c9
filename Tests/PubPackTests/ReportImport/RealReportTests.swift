import Foundation
import PubPack
import Testing

/// What one real report states, typed by hand from the PDF.
struct ExpectedReport: Sendable, CustomTestStringConvertible {
  var file: String
  var pages: Int
  var ofstedName: String
  var title: String
  var onSiteStart: String
  var onSiteEnd: String
  var leadInspector: String
  var framework: FrameworkVersion
  var judgements: [Judgement: Grade]
  var headline: String
  var whatNeedsToImprove: [String]

  var testDescription: String { file }
}

/// The six published Ofsted reports in `../shared/data/ofsted-reports/`, every fact written
/// out by hand from the PDF (read once with `pdftotext -layout`), not from the importer.
let expectedReports: [ExpectedReport] = [
  ExpectedReport(
    file: "barnsley-2018-11-19.pdf", pages: 13, ofstedName: "Barnsley",
    title: "Inspection of children’s social care services",
    onSiteStart: "2018-10-08", onSiteEnd: "2018-10-19",
    leadInspector: "Jan Edwards, Her Majesty’s Inspector", framework: .ilacs2018,
    judgements: [
      .impactOfLeaders: .good, .helpAndProtection: .good, .childrenInCare: .good,
      .overallEffectiveness: .good,
    ],
    headline:
      "Services for children in Barnsley are good and there has been steady improvement at successive inspections since 2012. Children are at the heart of strategic thinking, decision-making, and operational practice, which leads to good-quality services from a skilled and motivated workforce. The resolute focus on improving outcomes for children is shared across the partnership and is underpinned by political commitment and financial investment and a self-evaluation that shows that leaders know their services well.",
    whatNeedsToImprove: [
      "Risk assessment and the understanding of the wider risks to which young people are exposed in the community, including the timeliness and quality of return home interviews when children are reported missing from home and care.",
      "Regular review of the use of private fostering arrangements to ensure that they remain appropriate to meet children’s needs.",
      "The numbers of care leavers aged 19–21 in education, employment and training.",
      "The rigour of audit and dip sampling activity and how data informs an understanding of the quality of practice and timeliness performance for initial child protection case conferences.",
    ]),
  ExpectedReport(
    file: "barking-and-dagenham-2023-09-04.pdf", pages: 12, ofstedName: "Barking and Dagenham",
    title: "Inspection of Barking and Dagenham children’s services",
    onSiteStart: "2023-07-10", onSiteEnd: "2023-07-21",
    leadInspector: "Naintara Khosla, His Majesty’s Inspector", framework: .ilacs2023,
    judgements: [
      .impactOfLeaders: .requiresImprovement, .helpAndProtection: .requiresImprovement,
      .childrenInCare: .requiresImprovement, .careLeavers: .good,
      .overallEffectiveness: .requiresImprovement,
    ],
    headline:
      "There have been improvements since the previous inspection of the London Borough of Barking and Dagenham children’s services in 2019, although overall services still require improvement to be good. Children’s leaders have an understanding of service strengths and weaknesses. They have instigated and invested in a number of innovations. They have taken action to increase social work capacity, to help manage demand and give workers more time for direct support for children and families. They have addressed some of the areas for improvement identified at the last inspection, including engagement from the multi-agency partnership, responses to episodes of going missing from care and planning for children placed with their parents under a care order. They have continued to build effective support for children at risk of extra-familial harm and for care leavers.",
    whatNeedsToImprove: [
      "Timeliness of strategy meetings.",
      "The capacity, quality, consistency and impact of supervision and management oversight.",
      "Assessment and decision-making for children experiencing neglect.",
      "Timeliness of pre-proceedings pathways.",
      "Consistency of response to 16- and 17-year-olds who present as homeless.",
      "Oversight of children’s placements in unregistered children’s homes.",
      "Application of threshold in early help.",
      "Life-story work and permanency planning.",
    ]),
  ExpectedReport(
    file: "bolton-2023-10-27.pdf", pages: 11, ofstedName: "Bolton",
    title: "Inspection of Bolton local authority children’s services",
    onSiteStart: "2023-09-11", onSiteEnd: "2023-09-15",
    leadInspector: "Lisa Walsh, His Majesty’s Inspector", framework: .ilacs2023,
    judgements: [
      .impactOfLeaders: .good, .helpAndProtection: .requiresImprovement, .childrenInCare: .good,
      .careLeavers: .good, .overallEffectiveness: .good,
    ],
    headline:
      "Since the last inspection in 2018, Bolton children’s services has continued to provide good-quality services for children in care and care leavers. This progress has been made against a backdrop of increasing need, significant financial pressures and an unprecedented national pandemic.",
    whatNeedsToImprove: [
      "The quality of child in need and child protection assessments and plans.",
      "The progression of children’s plans during the Public Law Outline process.",
      "The consistency of safety planning at strategy meetings.",
      "Social work capacity in all safeguarding teams.",
    ]),
  ExpectedReport(
    file: "isle-of-wight-2023-12-15.pdf", pages: 10, ofstedName: "Isle of Wight",
    title: "Inspection of the Isle of Wight local authority children’s services",
    onSiteStart: "2023-10-30", onSiteEnd: "2023-11-03",
    leadInspector: "Amanda Maxwell, His Majesty’s Inspector", framework: .ilacs2023,
    judgements: [
      .impactOfLeaders: .good, .helpAndProtection: .requiresImprovement, .childrenInCare: .good,
      .careLeavers: .good, .overallEffectiveness: .good,
    ],
    headline:
      "Most children and families in contact with children’s services continue to receive a good service, with some improvements to quality since the last inspection in 2018. There has been some recent deterioration in discrete areas of practice, in particular in relation to children who need help and protection. The 10-year strategic partnership between the Isle of Wight Council and Hampshire County Council ends in January 2024 and leaders are focusing on achieving a seamless transition. The partnership has brought about stable and consistent leadership. The island presents unique challenges and opportunities that leaders have understood and used to create a service that improves the experiences and progress of most children and families.",
    whatNeedsToImprove: [
      "The routine inclusion by the local authority of partner agencies in child protection strategy discussions and assessments.",
      "The opportunities for the voices of children and care leavers to be heard at a corporate level.",
      // The item's own sub-list, each sub-item on its line with Ofsted's dash.
      "The quality of oversight and monitoring of:\n− the pre-proceedings process in the Public Law Outline (PLO)\n− permanence for children\n− private fostering.",
      "Caseloads in the children’s assessment and safeguarding teams.",
    ]),
  ExpectedReport(
    file: "cornwall-2024-08-22.pdf", pages: 12, ofstedName: "Cornwall",
    title: "Inspection of Cornwall local authority children’s services",
    onSiteStart: "2024-07-01", onSiteEnd: "2024-07-05",
    leadInspector: "Sarah Canto, His Majesty’s Inspector", framework: .ilacs2023,
    judgements: [
      .impactOfLeaders: .good, .helpAndProtection: .good, .childrenInCare: .good,
      .careLeavers: .outstanding, .overallEffectiveness: .good,
    ],
    headline:
      "Since the 2019 inspection, much of Cornwall’s good practice has been maintained and previous areas for improvement have been strengthened. A small number of discrete areas of practice have not been maintained at the same standard. Practice for care leavers is now stronger than services for children in care. Since the previous inspection, there have been four directors of children’s services, including an interim director. Leaders have successfully achieved continuity, with the current director having a clear vision and plan for ongoing development. Leaders have a good understanding of areas of practice in need of improvement and responded proactively to any issues raised in the inspection. There are clear plans for necessary improvements.",
    whatNeedsToImprove: [
      "The timeliness of child protection strategy meetings.",
      "The effectiveness of pre-proceedings work, particularly for children living in long-term neglectful situations, so that children come into care at the right time.",
      "The quality of Public Law Outline letters.",
      "The day-to-day monitoring of arrangements for children living in unregistered children’s homes.",
    ]),
  ExpectedReport(
    file: "doncaster-2025-03-18.pdf", pages: 14, ofstedName: "Doncaster",
    title: "Inspection of Doncaster local authority children’s services",
    onSiteStart: "2025-01-20", onSiteEnd: "2025-01-31",
    leadInspector: "Catherine Heron, His Majesty’s Inspector", framework: .ilacs2023,
    judgements: [
      .impactOfLeaders: .good, .helpAndProtection: .good, .childrenInCare: .good,
      .careLeavers: .requiresImprovement, .overallEffectiveness: .good,
    ],
    headline:
      "Since the last inspection of children’s services in 2022, senior leaders have acted to improve services for children and young people in Doncaster. Following the identification of significant shortfalls in practice for vulnerable children, The City of Doncaster Council took the decision to decommission the Doncaster Children’s Service Trust and return the social care function under local authority control. Since that time, senior leaders have delivered on the service improvement plan at pace.",
    whatNeedsToImprove: [
      "Work with other agencies to improve the quality of contacts and referrals and their attendance at strategy meetings (Enabler 1).",
      "The number of children subject to repeat child protection planning, particularly those children experiencing neglect (Outcome 3).",
      "Consistency of service to vulnerable care leavers, in particular young people in custody and male parents (Outcome 4).",
    ]),
]

extension ReportImportTests {
  @Suite(
    "Reading the real Ofsted reports",
    .enabled(
      if: ReportFixtures.hasRealReports,
      "skipped: the real Ofsted reports are not in ../shared/data/ofsted-reports/ beside the package"
    ))
  struct RealReportTests {
    @Test("every fact of the report is read as the PDF states it", arguments: expectedReports)
    func readsEveryFact(_ expected: ExpectedReport) throws {
      let path = ReportFixtures.realReport(expected.file)
      let text = try ReportFixtures.extractor.text(ofPDFAt: path, displayPath: expected.file)
      let facts = try ReportReader(displayPath: expected.file).facts(
        fromLayoutText: text, sourceFile: expected.file)

      #expect(facts.sourceFile == expected.file)
      #expect(facts.sourcePages == expected.pages)
      #expect(facts.ofstedName == expected.ofstedName)
      #expect(facts.reportTitle == expected.title)
      #expect(facts.onSiteStart?.iso == expected.onSiteStart)
      #expect(facts.onSiteEnd?.iso == expected.onSiteEnd)
      #expect(facts.leadInspector == expected.leadInspector)
      #expect(facts.frameworkVersion == expected.framework)
      #expect(facts.judgements == expected.judgements)
      #expect(facts.headline == expected.headline)
      let items = facts.whatNeedsToImprove ?? []
      #expect(items.count == expected.whatNeedsToImprove.count)
      for (index, item) in expected.whatNeedsToImprove.enumerated() where index < items.count {
        #expect(items[index] == item, "item \(index + 1)")
      }
    }

    @Test(
      "a report typed with straight apostrophes and round bullets reads the same",
      arguments: expectedReports)
    func readsPlainTypography(_ expected: ExpectedReport) throws {
      let path = ReportFixtures.realReport(expected.file)
      let text = try ReportFixtures.extractor.text(ofPDFAt: path, displayPath: expected.file)
        .replacingOccurrences(of: "’", with: "'")
        .replacingOccurrences(of: "◼", with: "•")
        .replacingOccurrences(of: "●", with: "•")
      let facts = try ReportReader(displayPath: expected.file).facts(
        fromLayoutText: text, sourceFile: expected.file)
      let plain = { (text: String) in text.replacingOccurrences(of: "’", with: "'") }
      #expect(facts.ofstedName == plain(expected.ofstedName))
      #expect(facts.reportTitle == plain(expected.title))
      #expect(facts.leadInspector == plain(expected.leadInspector))
      #expect(facts.frameworkVersion == expected.framework)
      #expect(facts.judgements == expected.judgements)
      #expect(facts.headline == plain(expected.headline))
      #expect(facts.whatNeedsToImprove == expected.whatNeedsToImprove.map(plain))
    }

    @Test("import-report writes report.yaml that reads back to the same facts")
    func writesReportYAMLThatReadsBack() throws {
      let folder = try ReportFixtures.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let output = folder.appendingPathComponent("content/report.yaml").path

      let facts = try ReportImport(extractor: ReportFixtures.extractor).run(
        pdfPath: ReportFixtures.realReport("isle-of-wight-2023-12-15.pdf"), outputPath: output)

      let written = try String(contentsOfFile: output, encoding: .utf8)
      let loaded = try ReportFacts.load(yaml: written, path: "content/report.yaml")
      #expect(loaded.facts == facts)
      #expect(written.contains("leadInspector: \"Amanda Maxwell, His Majesty’s Inspector\""))
      #expect(written.contains("onSiteStart: 2023-10-30"))
      // Only report.yaml is left in the folder: the temporary file was renamed into place.
      let left = try FileManager.default.contentsOfDirectory(
        atPath: folder.appendingPathComponent("content").path)
      #expect(left == ["report.yaml"])
    }
  }
}
