import Foundation

/// Finds a local authority by name the way a person would.
///
/// There are three steps, each used only when the one before finds nothing:
///
/// 1. the exact name;
/// 2. ignoring case, accents and punctuation, reading "&" as "and" and "Saint" as "St"
///    ("St. Helens" finds "St Helens", "Telford and Wrekin" finds "Telford & Wrekin");
/// 3. also ignoring the words that only say what kind of place it is ("Bristol, City of" finds
///    "Bristol", "Bedford Borough" finds "Bedford").
///
/// A step that finds two different names is ambiguous, never a guess.
enum AuthorityName {
  /// The outcome of a look-up.
  enum Match: Equatable {
    case found(String)
    case ambiguous([String])
    case notFound(closest: [String])
  }

  private static let kindWords: Set<String> = [
    "city", "county", "borough", "council", "of", "the", "royal", "metropolitan", "district",
  ]

  /// The name for step 2: lower case words without punctuation.
  static func key(_ name: String) -> String {
    let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
      .replacingOccurrences(of: "&", with: " and ")
      // "St. Helens" and "St Helens" are one name; so are "Hull" spelt with a curly apostrophe or not.
      .replacingOccurrences(of: "’", with: "'")
      .replacingOccurrences(of: "'", with: "")
    let separated = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
    return String(separated).split(separator: " ").map { $0 == "saint" ? "st" : String($0) }.joined(separator: " ")
  }

  /// The name for step 3: the words of `key` less those that say what kind of place it is.
  static func looseKey(_ name: String) -> String {
    let words = key(name).split(separator: " ").map(String.init)
    let kept = words.filter { !kindWords.contains($0) }
    return kept.isEmpty ? words.joined(separator: " ") : kept.joined(separator: " ")
  }

  /// Looks `query` up among `names` (which may repeat, as in a table with one row per
  /// inspection).
  static func match(_ query: String, in names: [String]) -> Match {
    let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
    var distinct: [String] = []
    for name in names where !distinct.contains(name) { distinct.append(name) }
    let steps: [(String) -> String] = [
      { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, key, looseKey,
    ]
    for step in steps {
      let wanted = step(query)
      guard !wanted.isEmpty else { continue }
      let found = distinct.filter { step($0) == wanted }
      if found.count == 1 { return .found(found[0]) }
      if found.count > 1 { return .ambiguous(found) }
    }
    return .notFound(closest: closest(to: query, in: distinct))
  }

  /// The `limit` names nearest to `query` by the spelling of their keys, however far they are.
  static func nearest(to query: String, in names: [String], limit: Int = 3) -> [String] {
    let wanted = key(query)
    return names.map { ($0, editDistance(wanted, key($0))) }
      .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
      .prefix(limit)
      .map(\.0)
  }

  /// Up to five names that look like `query`: by edit distance of their keys, then those that
  /// share a word with it.
  static func closest(to query: String, in names: [String]) -> [String] {
    let wanted = key(query)
    let byKey = Dictionary(names.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
    var result = closestMatches(to: wanted, in: Array(byKey.keys), limit: 5).compactMap { byKey[$0] }
    let queryWords = Set(looseKey(query).split(separator: " "))
    for name in names.sorted() where result.count < 5 && !result.contains(name) {
      if !queryWords.isDisjoint(with: looseKey(name).split(separator: " ")) { result.append(name) }
    }
    return result
  }
}
