import Testing

@testable import PubPack

/// The reader on report text laid out as `pdftotext -layout` lays it out, written inline:
/// each case is one small report for a fictional council.
extension ReportImportTests {
  @Suite("Reading report text")
  struct ReportReaderTests {
    static let firstPageTop = """
      Inspection of Fernleigh local authority
      children’s services
      Inspection dates: 8 to 19 June 2026

      Lead inspector: Jo Bennett, His Majesty’s Inspector


      """

    static let table2023 = """
       Judgement                                  Grade

       The impact of leaders on social work       Good
       practice with children and families

       The experiences and progress of            Requires improvement to be good
       children who need help and protection

       The experiences and progress of            Good
       children in care

       The experiences and progress of care       Outstanding
       leavers

       Overall effectiveness                      Good

      """

    static func footer(_ page: Int) -> String {
      """

      Inspection of Fernleigh local authority children’s services
      8 to 19 June 2026                                                          \(page)
      """
    }

    /// Pages joined as pdftotext writes them: each ended by a form feed.
    static func document(_ pages: [String]) -> String {
      pages.map { $0 + "\n\u{0C}" }.joined()
    }

    static func read(_ text: String) throws(DiagnosticError) -> ReportFacts {
      try ReportReader(displayPath: "fernleigh.pdf").facts(
        fromLayoutText: text, sourceFile: "fernleigh.pdf")
    }

    static func messages(_ text: String) -> [String] {
      do throws(DiagnosticError) {
        _ = try read(text)
        return []
      } catch {
        return error.diagnostics.map(\.message)
      }
    }

    @Test(
      "items of What needs to improve are whole across a page break, without footer or footnote")
    func readsItemsAcrossPageBreak() throws {
      let page1 =
        Self.firstPageTop + Self.table2023 + """
          Fernleigh’s children’s services are good. Leaders know their
          services well.

          What needs to improve?1
          ◼ The timeliness of strategy meetings, which
            has slipped.
          ◼ The quality of oversight of:
               − pre-proceedings
               − private fostering.
          ◼ The consistency of multi-
            agency work with schools when the page


          1
            The areas for improvement have been cross-referenced with the National Framework.
          """ + Self.footer(1)
      let page2 =
        """
          breaks in the middle of an item.

        ◼ Social work capacity.

        The experiences and progress of children who need help and
        protection: requires improvement to be good

        1.     Children are seen quickly.
        """ + Self.footer(2)
      let page3 = "3.     More text." + Self.footer(3)

      let facts = try Self.read(Self.document([page1, page2, page3]))

      #expect(
        facts.whatNeedsToImprove == [
          "The timeliness of strategy meetings, which has slipped.",
          "The quality of oversight of:\n− pre-proceedings\n− private fostering.",
          "The consistency of multi-agency work with schools when the page breaks in the middle of an item.",
          "Social work capacity.",
        ])
      #expect(
        facts.headline
          == "Fernleigh’s children’s services are good. Leaders know their services well.")
      #expect(facts.sourcePages == 3)
      #expect(facts.ofstedName == "Fernleigh")
      #expect(facts.reportTitle == "Inspection of Fernleigh local authority children’s services")
      #expect(facts.leadInspector == "Jo Bennett, His Majesty’s Inspector")
      #expect(facts.onSiteStart == CalendarDate(year: 2026, month: 6, day: 8))
      #expect(facts.onSiteEnd == CalendarDate(year: 2026, month: 6, day: 19))
      #expect(facts.frameworkVersion == .ilacs2023)
      #expect(
        facts.judgements == [
          .impactOfLeaders: .good, .helpAndProtection: .requiresImprovement, .childrenInCare: .good,
          .careLeavers: .outstanding, .overallEffectiveness: .good,
        ])
    }

    @Test("a one-line title that reads like the running footer is kept, a banner above it is not")
    func keepsTitleThatReadsLikeTheFooter() throws {
      let footer = { (page: Int) in
        "\n\nInspection of Bury local authority children’s services\n8 to 19 June 2026     \(page)"
      }
      let page1 =
        "EMBARGOED UNTIL 00:01 ON 4 AUGUST 2026\n\nInspection of Bury local authority children’s services\n"
        + "Inspection dates: 8 to 19 June 2026\n\nLead inspector: Jo Bennett, His Majesty’s Inspector\n\n"
        + Self.table2023
        + "\nBury is good.\n\nWhat needs to improve in this local authority?\n◼ One thing.\n"
        + footer(1)
      let page2 = "EMBARGOED UNTIL 00:01 ON 4 AUGUST 2026\n\n1.     Text." + footer(2)
      let page3 = "EMBARGOED UNTIL 00:01 ON 4 AUGUST 2026\n\n2.     Text." + footer(3)
      let facts = try Self.read(Self.document([page1, page2, page3]))
      #expect(facts.reportTitle == "Inspection of Bury local authority children’s services")
      #expect(facts.ofstedName == "Bury")
      #expect(facts.whatNeedsToImprove == ["One thing."])
    }

    @Test("a headline paragraph that runs over a page break is read whole")
    func readsHeadlineAcrossPageBreak() throws {
      let page1 =
        Self.firstPageTop + Self.table2023 + """
          Fernleigh’s children’s services are good and
          """ + Self.footer(1)
      let page2 =
        """
        leaders know their services well.

        What needs to improve?
        ◼ Social work capacity.
        """ + Self.footer(2)
      let facts = try Self.read(Self.document([page1, page2]))
      #expect(
        facts.headline
          == "Fernleigh’s children’s services are good and leaders know their services well.")
      #expect(facts.whatNeedsToImprove == ["Social work capacity."])
    }

    @Test("a judgement table is read whatever its line wrapping")
    func readsJudgementTableWhateverItsWrapping() throws {
      // Grades on the last line of a row, a grade wrapped over two lines, two rows with no
      // blank line between them, and the 2018 combined judgement.
      let table = """
         Judgement                                                     Grade

         The impact of leaders on social work practice with children
         and families                                                  Inadequate

         The experiences and progress of children who need help and    Requires improvement
         protection                                                    to be good
         The experiences and progress of children in care and care
         leavers                                                       Good

         Overall effectiveness                                         Requires improvement
                                                                       to be good

        """
      let text =
        Self.firstPageTop + table + """
          Fernleigh is improving.

          What needs to improve
          ◼ Everything.
          """
      let facts = try Self.read(Self.document([text]))
      #expect(
        facts.judgements == [
          .impactOfLeaders: .inadequate, .helpAndProtection: .requiresImprovement,
          .childrenInCare: .good, .overallEffectiveness: .requiresImprovement,
        ])
      #expect(facts.frameworkVersion == .ilacs2018)
      #expect(facts.headline == "Fernleigh is improving.")
    }

    @Test("a table with no blank lines between its rows is read row by row")
    func readsTableWithoutBlankLines() throws {
      let packed = Self.table2023.split(separator: "\n").joined(separator: "\n")
      let text =
        Self.firstPageTop + packed + "\n\nFernleigh is good.\n\nWhat needs to improve?\n◼ One thing.\n"
      let facts = try Self.read(Self.document([text]))
      #expect(
        facts.judgements == [
          .impactOfLeaders: .good, .helpAndProtection: .requiresImprovement, .childrenInCare: .good,
          .careLeavers: .outstanding, .overallEffectiveness: .good,
        ])
      #expect(facts.frameworkVersion == .ilacs2023)
      #expect(facts.headline == "Fernleigh is good.")
    }

    @Test("a table with no overall effectiveness implies the 2026 framework")
    func infersIlacs2026WithoutOverallEffectiveness() throws {
      let table = """
         Judgement                                  Grade

         The impact of leaders on social work       Good
         practice with children and families

         The experiences and progress of            Good
         children who need help and protection

         The experiences and progress of            Good
         children in care

         The experiences and progress of care       Inadequate
         leavers

        """
      let text =
        Self.firstPageTop + table + """
          The experiences of care leavers are not good enough.

          What needs to improve?
          ◼ Care leavers’ accommodation.
          """
      let facts = try Self.read(Self.document([text]))
      #expect(facts.frameworkVersion == .ilacs2026)
      #expect(facts.judgements[.overallEffectiveness] == nil)
      #expect(facts.judgements[.careLeavers] == .inadequate)
      #expect(facts.headline == "The experiences of care leavers are not good enough.")
    }

    @Test("a table row that is not Ofsted's wording is an error, not a guess")
    func refusesUnknownTableRow() {
      let table = """
         Judgement                                  Grade

         The impact of leaders on social work       Good
         practice with children and families

         The experiences and progress of            Good
         children who need help

         Overall effectiveness                      Good

        """
      let messages = Self.messages(
        Self.document([Self.firstPageTop + table + "Headline.\n\nWhat needs to improve?\n◼ One.\n"])
      )
      #expect(messages == ["row 2 of the judgement table could not be read"])
    }

    @Test("every field that is missing is named, all in one go")
    func namesEveryMissingField() {
      let text = """
        Inspection of Fernleigh local authority
        children’s services

        Some text that is not a report.
        """
      let messages = Self.messages(Self.document([text]))
      #expect(messages.contains { $0.contains("inspection dates were not found") })
      #expect(messages.contains { $0.contains("lead inspector was not found") })
      #expect(messages.contains { $0.contains("judgement table was not found") })
      #expect(messages.contains { $0.contains("\"What needs to improve?\" was not found") })
    }

    @Test("a missing judgement is named")
    func namesMissingJudgement() {
      let table = """
         Judgement                                  Grade

         The experiences and progress of            Good
         children in care

         The experiences and progress of care       Good
         leavers

         Overall effectiveness                      Good

        """
      let messages = Self.messages(
        Self.document([Self.firstPageTop + table + "Headline.\n\nWhat needs to improve?\n◼ One.\n"])
      )
      #expect(
        messages.contains {
          $0.contains("no grade for")
            && $0.contains(
              "The impact of leaders on social work practice with children and families")
            && $0.contains("The experiences and progress of children who need help and protection")
        })
    }

    @Test("text that is empty is refused as a scan")
    func refusesEmptyText() {
      let messages = Self.messages("\n\n\u{0C}\n\u{0C}")
      #expect(messages.count == 1)
      #expect(messages.first?.contains("has no text") == true)
    }

    @Test(
      "inspection dates are read in each form Ofsted writes them",
      arguments: [
        ("13 to 24 May 2024", "2024-05-13", "2024-05-24"),
        ("22 April to 3 May 2024", "2024-04-22", "2024-05-03"),
        ("1 July 2024 to 12 July 2024", "2024-07-01", "2024-07-12"),
        ("8 October 2018 to 19 October 2018", "2018-10-08", "2018-10-19"),
        ("29 December 2025 to 9 January 2026", "2025-12-29", "2026-01-09"),
        ("13  to 24   May 2024", "2024-05-13", "2024-05-24"),
      ])
    func readsDates(text: String, start: String, end: String) {
      // As the reader sees it: the field's text with its lines joined.
      let range = ReportReader.dateRange(joinedLines([text]))
      #expect(range?.start.iso == start)
      #expect(range?.end.iso == end)
    }

    @Test(
      "dates that are not a real range are not read",
      arguments: [
        "24 to 13 May 2024", "30 February to 3 March 2024", "13 to 24 Mayo 2024", "May 2024",
        "13 to 24 May", "8 2018 to 19 October 2018",
      ])
    func refusesImpossibleDates(text: String) {
      #expect(ReportReader.dateRange(text) == nil)
    }

    @Test(
      "the lead inspector is read on one line or two, His or Her Majesty’s",
      arguments: [
        ("Lisa Walsh, His Majesty’s Inspector", "Lisa Walsh, His Majesty’s Inspector"),
        ("Jan Edwards Her Majesty’s Inspector", "Jan Edwards, Her Majesty’s Inspector"),
        ("Jan Edwards, Her Majesty's Inspector", "Jan Edwards, Her Majesty's Inspector"),
      ])
    func readsLeadInspector(text: String, expected: String) {
      #expect(ReportReader.leadInspector(text) == expected)
    }

    @Test("a lead inspector without the inspector’s title is not read")
    func refusesLeadInspectorWithoutTitle() {
      #expect(ReportReader.leadInspector("Jan Edwards") == nil)
      #expect(ReportReader.leadInspector("His Majesty’s Inspector") == nil)
    }
  }
}
