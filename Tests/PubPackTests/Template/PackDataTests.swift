import Testing

@testable import PubPack

@Suite struct PackDataTests {
  @Test func outcomesGetDisplayFormsForDatesGradesAndTypes() {
    let raw = TemplateValue.map([
      "source": .map(["asAt": .string("2024-03-31"), "title": .string("Outcomes")]),
      "history": .list([
        .map([
          "publicationDate": .string("2019-04-01"), "type": .string("ilacsShort"),
          "judgements": .map(["overallEffectiveness": .string("requiresImprovement")]),
        ])
      ]),
      "national": .map(["authorities": .string("153")]),
    ])
    let enriched = PackData.enrichOutcomes(raw)
    #expect(enriched["source"]?["asAt"]?["long"] == .string("31 March 2024"))
    #expect(enriched["source"]?["title"] == .string("Outcomes"))
    #expect(enriched["national"]?["authorities"] == .string("153"))
    guard case .list(let history)? = enriched["history"] else {
      Issue.record("history is not a list")
      return
    }
    #expect(history[0]["publicationDate"]?["long"] == .string("1 April 2019"))
    #expect(history[0]["typeName"] == .string("ILACS Short Inspection"))
    #expect(history[0]["judgements"]?["overallEffectiveness"]?["grade"] == .string("Requires improvement to be good"))
  }

  @Test func changeSinceThePreviousInspection() {
    #expect(PackData.change(from: .requiresImprovement, to: .good) == "improved from requires improvement to be good")
    #expect(PackData.change(from: .good, to: .requiresImprovement) == "declined from good")
    #expect(PackData.change(from: .good, to: .good) == "stayed the same")
    #expect(PackData.change(from: nil, to: .good) == "not judged at the previous inspection")
  }
}
