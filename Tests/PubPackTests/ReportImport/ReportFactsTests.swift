import PubPack
import Testing

extension ReportImportTests {
  @Suite("report.yaml and the agreement of facts")
  struct ReportFactsTests {
    static let bolton = ReportFacts(
      sourceFile: "bolton-2023-10-27.pdf", sourcePages: 11, ofstedName: "Bolton",
      onSiteStart: CalendarDate(year: 2023, month: 9, day: 11),
      onSiteEnd: CalendarDate(year: 2023, month: 9, day: 15),
      leadInspector: "Lisa Walsh, His Majesty’s Inspector", frameworkVersion: .ilacs2023,
      reportTitle: "Inspection of Bolton local authority children’s services",
      judgements: [
        .impactOfLeaders: .good, .helpAndProtection: .requiresImprovement, .childrenInCare: .good,
        .careLeavers: .good, .overallEffectiveness: .good,
      ],
      headline:
        "Since the last inspection in 2018, Bolton children’s services has continued to provide good-quality services. It has \"quotes\" and a back\\slash.",
      whatNeedsToImprove: [
        "The quality of child in need and child protection assessments and plans.",
        "The quality of oversight of:\n− pre-proceedings\n− private fostering.",
        "no",
      ])

    @Test("report.yaml as written reads back to the same facts")
    func roundTrips() throws {
      let text = Self.bolton.yamlText
      let loaded = try ReportFacts.load(yaml: text, path: "content/report.yaml")
      #expect(loaded.facts == Self.bolton)
      #expect(text.contains("  leadInspector: \"Lisa Walsh, His Majesty’s Inspector\"\n"))
      #expect(text.contains("  helpAndProtection: requiresImprovement\n"))
      #expect(text.contains("  onSiteStart: 2023-09-11\n"))
      #expect(text.contains("    - \"no\"\n"))
    }

    @Test("the SPEC's own example of report.yaml loads")
    func loadsSpecExample() throws {
      let yaml = """
        source: { file: bolton-2023-10-27.pdf, pages: 11 }
        council: { ofstedName: Bolton }
        inspection: { onSiteStart: 2023-09-11, onSiteEnd: 2023-09-15, leadInspector: "Lisa Walsh, His Majesty’s Inspector",
                      frameworkVersion: ilacs2023 }
        report: { title: "Inspection of Bolton local authority children’s services" }
        judgements: { impactOfLeaders: good, helpAndProtection: requiresImprovement, childrenInCare: good,
                      careLeavers: good, overallEffectiveness: Good }
        findings:
          headline: "Since the last inspection in 2018, Bolton children’s services has continued to provide ..."
          whatNeedsToImprove: [ "One.", "Two." ]
        """
      let document = try ReportFacts.load(yaml: yaml, path: "content/report.yaml")
      #expect(document.facts.ofstedName == "Bolton")
      #expect(document.facts.sourcePages == 11)
      #expect(document.facts.judgements[.helpAndProtection] == .requiresImprovement)
      #expect(document.facts.judgements[.overallEffectiveness] == .good)
      #expect(document.facts.whatNeedsToImprove == ["One.", "Two."])
      #expect(
        document.locations["judgements.childrenInCare"]
          == PubPack.SourceLocation(path: "content/report.yaml", line: 6, column: 94))
    }

    @Test("every problem in report.yaml is reported at its line and column")
    func reportsLocatedErrors() {
      let yaml = """
        council:
          ofstedNmae: Bolton
        inspection:
          onSiteStart: 11 September 2023
          frameworkVersion: ilacs2024
        judgements:
          careLeavers: very good
        """
      var rendered: [String] = []
      do {
        _ = try ReportFacts.load(yaml: yaml, path: "content/report.yaml")
      } catch {
        rendered = error.diagnostics.map(\.rendered)
      }
      #expect(rendered.count == 4)
      #expect(
        rendered.contains {
          $0.hasPrefix("content/report.yaml:2:3: error: unknown key 'ofstedNmae' in 'council'")
            && $0.contains("did you mean 'ofstedName'?")
        })
      #expect(
        rendered.contains {
          $0.hasPrefix(
            "content/report.yaml:4:16: error: '11 September 2023' is not a valid date for 'inspection.onSiteStart'"
          )
        })
      #expect(
        rendered.contains {
          $0.hasPrefix(
            "content/report.yaml:5:21: error: 'ilacs2024' is not a valid inspection.frameworkVersion"
          )
        })
      #expect(
        rendered.contains {
          $0.hasPrefix(
            "content/report.yaml:7:16: error: judgements.careLeavers is not an Ofsted grade as written"
          )
        })
    }

    @Test("YAML that does not parse is an error at its place")
    func reportsSyntaxError() {
      var rendered: [String] = []
      do {
        _ = try ReportFacts.load(yaml: "council: {ofstedName: Bolton\n", path: "report.yaml")
      } catch {
        rendered = error.diagnostics.map(\.rendered)
      }
      #expect(rendered.count == 1)
      #expect(rendered.first?.hasPrefix("report.yaml:2:") == true)
    }

    @Test("inspection.yaml that disagrees with the report in one grade gives that one disagreement")
    func inspectionYAMLDisagreesInOneGrade() throws {
      let yaml = """
        council:
          name: Bolton Council
          ofstedName: Bolton
        inspection:
          type: ilacsShort
          frameworkVersion: ilacs2023
          onSiteStart: 2023-09-11
          onSiteEnd: 2023-09-15
          leadInspector: Lisa Walsh, His Majesty's Inspector
        embargo:
          liftsAt: 2023-10-27T00:01
        judgements:
          overallEffectiveness: good
          impactOfLeaders: good
          helpAndProtection: good
          childrenInCare: good
          careLeavers: good
        """
      let (loaded, diagnostics) = InspectionLoader.load(yaml, path: "content/inspection.yaml")
      let inspection = try #require(loaded, "\(diagnostics.map(\.rendered))")
      #expect(
        Self.bolton.disagreements(with: ReportFacts(inspection: inspection)) == [
          FactDisagreement(
            field: "judgements.helpAndProtection", reportValue: "requiresImprovement",
            inspectionValue: "good")
        ])
    }

    @Test("one grade that differs is a disagreement naming the field and both values")
    func oneGradeDisagrees() {
      var inspection = Self.bolton
      inspection.judgements[.helpAndProtection] = .good
      #expect(
        Self.bolton.disagreements(with: inspection) == [
          FactDisagreement(
            field: "judgements.helpAndProtection", reportValue: "requiresImprovement",
            inspectionValue: "good")
        ])
    }

    @Test("facts the inspection leaves out are no disagreement")
    func missingFactsAgree() {
      let inspection = ReportFacts(
        ofstedName: "Bolton", judgements: [.overallEffectiveness: .good])
      #expect(Self.bolton.disagreements(with: inspection).isEmpty)
    }

    @Test("white space and the style of apostrophes do not count; a quoted sentence agrees")
    func textComparedAsReaderSeesIt() {
      var inspection = Self.bolton
      inspection.leadInspector = "Lisa  Walsh, His Majesty's Inspector"
      inspection.headline =
        "Since the last inspection in 2018, Bolton children's services has continued to provide good-quality services."
      #expect(Self.bolton.disagreements(with: inspection).isEmpty)
    }

    @Test("every differing fact is listed: dates, names, lists and judgements the report lacks")
    func listsEveryDifference() {
      var inspection = Self.bolton
      inspection.onSiteEnd = CalendarDate(year: 2023, month: 9, day: 22)
      inspection.leadInspector = "Jo Bennett, His Majesty’s Inspector"
      inspection.frameworkVersion = .ilacs2018
      inspection.headline = "Bolton is outstanding."
      inspection.whatNeedsToImprove = [
        "The quality of child in need and child protection assessments and plans."
      ]
      var report = Self.bolton
      report.judgements[.careLeavers] = nil

      let fields = report.disagreements(with: inspection).map(\.field)
      #expect(
        fields == [
          "inspection.onSiteEnd", "inspection.leadInspector", "inspection.frameworkVersion",
          "judgements.careLeavers", "findings.headline", "findings.whatNeedsToImprove[1]",
          "findings.whatNeedsToImprove[2]",
        ])
      let missingItem = report.disagreements(with: inspection).last
      #expect(missingItem?.reportValue == "no")
      #expect(missingItem?.inspectionValue == "no such item")
    }
  }
}
