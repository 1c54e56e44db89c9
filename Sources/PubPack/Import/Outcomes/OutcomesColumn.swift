import Foundation

/// What a column of Ofsted's outcomes tables holds, recognised from its header's words.
///
/// Ofsted rewords the headers from one edition to the next ("Impact of leaders" in 2024, "The
/// impact of leaders on social work practice with children and families" in 2025), so a
/// header is recognised by the words that identify it, not by its exact text. Headers of the
/// 2024 history table carry an ordinal ("Second ILACS overall effectiveness"), kept apart as
/// `ordinal`.
enum OutcomesColumn: Hashable, Sendable {
  case webLink
  case areaCode
  case name
  case status
  case region
  case inspectionDate
  case publicationDate
  case type
  case visitTheme
  case judgement(Judgement)

  /// Describes the column for messages, in the words of the 2024 edition.
  var label: String {
    switch self {
    case .webLink: "Web link"
    case .areaCode: "Local authority area code"
    case .name: "Local authority name"
    case .status: "Local authority status"
    case .region: "Ofsted region"
    case .inspectionDate: "Inspection date"
    case .publicationDate: "Publication date"
    case .type: "Inspection type"
    case .visitTheme: "Visit theme"
    case .judgement(let judgement): judgement.ofstedWording()
    }
  }
}

/// A recognised header: what the column holds, and for the wide history table which
/// inspection (1 for "First ILACS ...").
struct ColumnHeading: Hashable, Sendable {
  var column: OutcomesColumn
  var ordinal: Int?
}

enum HeaderWords {
  private static let ordinals: [String: Int] = [
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
    "9th": 9, "10th": 10,
  ]

  /// The header's words: lower case, "&" read as "and", punctuation as spaces, and a final
  /// plural "s" dropped so that "leader" and "leaders" are one word ("progress" and "status"
  /// keep theirs).
  static func words(_ text: String) -> [String] {
    let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
      .replacingOccurrences(of: "&", with: " and ")
    let separated = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
    return String(separated).split(separator: " ").map { word in
      word.count > 3 && word.hasSuffix("s") && !["ss", "us", "is"].contains(where: word.hasSuffix)
        ? String(word.dropLast()) : String(word)
    }
  }

  /// Recognises a header cell's text; nil for a column pubpack does not use.
  static func heading(_ text: String) -> ColumnHeading? {
    var words = words(text)
    guard !words.isEmpty else { return nil }
    var ordinal: Int?
    if let first = words.first, let number = ordinals[first] {
      ordinal = number
      words.removeFirst()
    }
    guard let column = column(words) else { return nil }
    return ColumnHeading(column: column, ordinal: ordinal)
  }

  // The order of the tests matters: "Local authority area code" and "Local authority status"
  // name the authority too, and a judgement's header never mentions a date or a type.
  private static func column(_ words: [String]) -> OutcomesColumn? {
    let set = Set(words)
    func has(_ phrase: String) -> Bool { contains(words, phrase.split(separator: " ").map(String.init)) }

    if has("web link") || set.contains("url") || set == ["link"] { return .webLink }
    if set.contains("theme") { return .visitTheme }
    if set.contains("code") && !set.contains("postcode") { return .areaCode }
    if set.contains("status") { return .status }
    if set.contains("region") { return .region }
    if set.contains("publication") || set.contains("published") { return .publicationDate }
    if set.contains("date") { return .inspectionDate }
    if set.contains("type") { return .type }
    // "Number of children looked after" is a count, not the children in care judgement.
    let countWords: Set<String> = ["number", "count", "rate", "percentage", "percent", "total", "proportion"]
    guard set.isDisjoint(with: countWords) else { return nil }
    if has("overall effectiveness") || set == ["overall"] { return .judgement(.overallEffectiveness) }
    if has("impact of leader") || set.contains("leadership") || (set.contains("impact") && set.contains("leader")) {
      return .judgement(.impactOfLeaders)
    }
    if set.contains("protection") { return .judgement(.helpAndProtection) }
    // Before 2023 one judgement covered "children in care and care leavers": it is the
    // children in care judgement.
    if has("in care") || has("looked after") { return .judgement(.childrenInCare) }
    if has("care leaver") { return .judgement(.careLeavers) }
    if set.contains("name") && (set.contains("authority") || set.contains("la") || set.contains("council")) {
      return .name
    }
    if words == ["local", "authority"] || words == ["la"] || words == ["authority"] { return .name }
    return nil
  }

  private static func contains(_ words: [String], _ phrase: [String]) -> Bool {
    guard !phrase.isEmpty, words.count >= phrase.count else { return false }
    for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
      return true
    }
    return false
  }
}
