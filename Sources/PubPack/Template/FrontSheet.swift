/// A council report's front-matter fields shaped for templates (docs/council-report.md).
///
/// Front matter arrives as written (every scalar a string). Templates are strict, so each field
/// is given one shape here: a field not given is null, a list item has every key its template
/// names, and yes/no and dates are written the way the front sheet shows them.
enum FrontSheet {
  static func shape(_ fields: [String: TemplateValue]) -> [String: TemplateValue] {
    var fields = fields
    // A field not given may be missing or already null (the pipeline fills in a kind's keys).
    func given(_ key: String) -> TemplateValue? {
      guard let value = fields[key], value != .null, value != .string("") else { return nil }
      return value
    }
    fields["meetingDate"] = given("meetingDate").map(date) ?? .null
    fields["keyDecision"] = given("keyDecision").map(yesNo) ?? .null
    fields["wardsAffected"] = given("wardsAffected").map(joined) ?? .null
    fields["contactOfficer"] = given("contactOfficer").map(person) ?? .null
    fields["recommendations"] = .list(list(fields["recommendations"]).map { .string(text($0)) })
    fields["appendices"] = .list(numbered(list(fields["appendices"]).map(titled)))
    fields["backgroundPapers"] = .list(list(fields["backgroundPapers"]).map(titled))
    fields["hasRecommendations"] = .bool(!list(fields["recommendations"]).isEmpty)
    fields["hasAppendices"] = .bool(!list(fields["appendices"]).isEmpty)
    fields["isNumbered"] = .bool(fields["paragraphNumbers"].map { yesNo($0) != .string("No") } ?? true)
    fields["hasBackgroundPapers"] = .bool(!list(fields["backgroundPapers"]).isEmpty)
    return fields
  }

  /// `2026-09-15` becomes `{ iso, long: "15 September 2026", withWeekday }`; other text is
  /// shown as written (`long` and `withWeekday`), with `iso` null.
  static func date(_ value: TemplateValue) -> TemplateValue {
    let written = text(value)
    if let date = CalendarDate(iso: written) { return PackData.date(date) }
    return .map(["iso": .null, "long": .string(written), "withWeekday": .string(written)])
  }

  /// `true`/`yes` → "Yes", `false`/`no` → "No"; anything else as written.
  static func yesNo(_ value: TemplateValue) -> TemplateValue {
    switch text(value).lowercased() {
    case "true", "yes": .string("Yes")
    case "false", "no": .string("No")
    default: value
    }
  }

  static func joined(_ value: TemplateValue) -> TemplateValue {
    if case .list(let items) = value { return .string(items.map(text).joined(separator: ", ")) }
    return value
  }

  /// `{ name, title, email, phone }`, each present (null when not given); a plain string is the name.
  static func person(_ value: TemplateValue) -> TemplateValue {
    var person: [String: TemplateValue] = ["name": .null, "title": .null, "email": .null, "phone": .null]
    if case .map(let given) = value {
      for key in person.keys { person[key] = given[key].map { .string(text($0)) } ?? .null }
    } else {
      person["name"] = .string(text(value))
    }
    return .map(person)
  }

  /// `{ title, url }` from a map or a plain string (the title).
  static func titled(_ value: TemplateValue) -> TemplateValue {
    if case .map(let given) = value {
      return .map([
        "title": .string(given["title"].map(text) ?? ""),
        "url": given["url"].map { .string(text($0)) } ?? .null,
      ])
    }
    return .map(["title": .string(text(value)), "url": .null])
  }

  /// Adds `number` (1, 2 ...) to each item: "Appendix 1".
  static func numbered(_ items: [TemplateValue]) -> [TemplateValue] {
    items.enumerated().map { index, item in
      guard case .map(var map) = item else { return item }
      map["number"] = .string(String(index + 1))
      return .map(map)
    }
  }

  static func list(_ value: TemplateValue?) -> [TemplateValue] {
    switch value {
    case .list(let items)?: items
    case nil, .null?: []
    case let single?: [single]
    }
  }

  static func text(_ value: TemplateValue) -> String {
    switch value {
    case .string(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .list(let items): items.map(text).joined(separator: ", ")
    case .map, .null: ""
    }
  }
}
