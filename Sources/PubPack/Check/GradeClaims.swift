/// What a sentence claims about the inspection's grades, read by a few explainable rules
/// (docs/check.md, "Reading what a sentence claims").
///
/// A grade word used as a rating ("judged good", "an outstanding rating", a table cell) is a claim
/// about this inspection's judgement unless its clause points elsewhere: to the past (a year
/// before this inspection, "previous", "last inspection", "up from"), or to other councils (counts
/// of councils, "nationally", "in the region", figures from `outcomes.*` tags). The judgement is
/// the one the clause names for it: "good for care leavers", "help and protection was good",
/// "leaders and care leavers were outstanding"; a count of areas ("four were outstanding") or
/// "all" claims how many judgements have the grade.
struct GradeClaims {
  /// What one claim is about.
  enum Subject: Equatable {
    /// One judgement ("help and protection was good").
    case judgement(Judgement)
    /// How many judgements have the grade ("four were outstanding").
    case count(Int)
    /// Every judgement ("outstanding in every area").
    case all
  }

  /// One grade word read as a rating about this inspection.
  struct Claim: Equatable {
    var subject: Subject
    var grade: Grade
    /// Offset of the grade word in the sentence, in characters.
    var offset: Int
  }

  /// A word of the sentence, lower-cased, with its offset in characters; a data tag is one
  /// token "{{", quotation marks and punctuation that end a clause are tokens of their own.
  struct Token {
    var text: String
    var offset: Int
    /// For a data tag: whether it names `outcomes` (Ofsted's statistics about every council).
    var isOutcomesTag = false
    /// Inside a quotation of the report's own words: never read.
    var isReportQuote = false
  }

  let judgements: [Judgement: Grade]
  /// The year the inspection's inspectors came on site: an earlier year is the past.
  let inspectionYear: Int
  /// Words that name this council: its place ("fernleigh") and the pronouns a council uses.
  let selfWords: Set<String>

  init(inspection: Inspection, councilPlace: String) {
    self.judgements = inspection.judgements
    self.inspectionYear = inspection.details.onSiteStart.year
    var selfWords: Set<String> = ["we", "our", "us", "it", "its", "council", "authority"]
    for word in councilPlace.split(whereSeparator: { !$0.isLetter }) { selfWords.insert(String(word)) }
    self.selfWords = selfWords
  }

  // MARK: - Vocabulary

  /// The phrases that name each judgement, as councils write them.
  static let judgementPhrases: [([String], Judgement)] = [
    (["overall", "effectiveness"], .overallEffectiveness),
    (["impact", "of", "leaders"], .impactOfLeaders), (["leadership"], .impactOfLeaders), (["leaders"], .impactOfLeaders),
    (["help", "and", "protection"], .helpAndProtection),
    (["children", "in", "care"], .childrenInCare), (["children", "in", "our", "care"], .childrenInCare),
    (["children", "we", "look", "after"], .childrenInCare), (["looked", "after", "children"], .childrenInCare),
    (["children", "looked", "after"], .childrenInCare),
    (["care", "leavers"], .careLeavers), (["care", "leaver"], .careLeavers),
    (["care", "experienced", "young", "people"], .careLeavers), (["care", "experienced", "people"], .careLeavers),
    (["young", "people", "leaving", "care"], .careLeavers),
    (["overall"], .overallEffectiveness),
  ]

  /// Grade wordings, longest first so "requires improvement to be good" is not also "good".
  static let gradePhrases: [([String], Grade)] = [
    (["requires", "improvement", "to", "be", "good"], .requiresImprovement),
    (["require", "improvement", "to", "be", "good"], .requiresImprovement),
    (["requires", "improvement"], .requiresImprovement), (["require", "improvement"], .requiresImprovement),
    (["required", "improvement"], .requiresImprovement), (["requiring", "improvement"], .requiresImprovement),
    (["outstanding"], .outstanding), (["inadequate"], .inadequate), (["good"], .good),
  ]

  /// Every grade wording as text, for the quick look that spares lines without one.
  static let gradeWordings: [String] = gradePhrases.map { $0.0.joined(separator: " ") }

  /// Words that, just before a grade word, make it a rating: "judged good", "remains outstanding".
  static let ratingCues: Set<String> = [
    "rated", "judged", "graded", "be", "as", "was", "were", "is", "are", "remains", "remained", "remain", "been",
    "being", "now", "from", "to", "stays", "stayed", "became", "become", "becomes", "again", "still", "all", "both",
    "consistently", "also", "overall", "rating", "grade", "judgement", "retained", "achieved",
  ]
  /// Words a grade word may be followed by that make it a rating: "an outstanding rating".
  static let ratingNouns: Set<String> = [
    "rating", "ratings", "grade", "grades", "judgement", "judgements", "verdict", "overall",
  ]
  /// Nouns for councils: "the only outstanding authority", "36 of 153 councils".
  static let councilNouns: Set<String> = ["council", "councils", "authority", "authorities", "las", "areas"]

  /// Words that end a clause: a pointer in one clause says nothing about the next.
  static let clauseBreaks: Set<String> = [
    ";", ":", "(", ")", "—", "–", "but", "whereas", "while", "although", "though", "compared", "when", "which",
    "where", "after", "before",
  ]
  /// Words that point a clause to an earlier inspection.
  static let pastWords: Set<String> = ["previous", "previously", "last", "since", "formerly", "prior", "earlier", "had"]
  /// Words that point a clause to a hope or a plan, not a judgement: "our ambition to be
  /// outstanding", "on our journey to outstanding".
  static let futureWords: Set<String> = [
    "ambition", "ambitious", "aim", "aims", "aspire", "aspiration", "aspirations", "want", "wants", "journey",
    "strive", "striving", "towards", "will", "would", "could", "should", "hope", "goal", "target",
  ]
  /// Words that point a clause to other councils and statistics.
  static let statisticsWords: Set<String> = [
    "councils", "authorities", "nationally", "national", "england", "region", "regional", "regionally", "country",
    "statistics", "average", "%", "percent", "cent", "las",
  ]
  /// Words that, with a self-reference, make a statistics clause about this council after all:
  /// "we are one of 36 councils rated outstanding", "the only outstanding authority".
  static let membershipWords: Set<String> = ["one", "only", "among", "joins", "join", "joined", "first", "1"]
  /// Words that attribute a quotation to the report: its words are the report's, never wrong.
  static let reportWords: Set<String> = ["report", "ofsted", "inspectors", "inspector", "findings", "inspection"]
  /// Words that make a grade with no judgement named about overall effectiveness.
  static let overallContext: Set<String> = [
    "rated", "judged", "graded", "rating", "ofsted", "inspectors", "inspection", "services", "service", "verdict",
  ]
  static let numberWords: [String: Int] = [
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5,
  ]
  static let allWords: Set<String> = ["all", "every", "each", "both"]

  // MARK: - Reading

  /// The claims a sentence makes about this inspection's grades. `isTableRow`: a Markdown table
  /// row, whose cells name a judgement and its grade.
  func claims(in sentence: String, isTableRow: Bool) -> [Claim] {
    let tokens = Self.tokens(sentence)
    let words = tokens.map(\.text)
    let gradeMatches = Self.matches(of: Self.gradePhrases, in: words)
    guard !gradeMatches.isEmpty else { return [] }
    var judgementMatches = Self.matches(of: Self.judgementPhrases, in: words).filter { match in
      // "overall" inside "overall effectiveness" is taken by the longer phrase already.
      !tokens[match.start].isReportQuote
    }
    // Under the 2018 framework care leavers are judged with children in care.
    if judgements[.careLeavers] == nil, judgements[.childrenInCare] != nil {
      judgementMatches = judgementMatches.map { match in
        var match = match
        if match.value == .careLeavers { match.value = .childrenInCare }
        return match
      }
    }
    let clauseOf = Self.clauses(words)
    var claimed = Set<Int>()  // judgement matches taken by a grade after them ("good for care leavers")
    var ratings: [(match: Match<Grade>, clause: Int)] = []
    for match in gradeMatches where !tokens[match.start].isReportQuote {
      if isTableRow || isRating(match, words: words) { ratings.append((match, clauseOf[match.start])) }
    }
    var claims: [Claim] = []
    for (index, (match, clause)) in ratings.enumerated() {
      if pointsElsewhere(match, clause: clause, clauseOf: clauseOf, tokens: tokens, words: words) { continue }
      let offset = tokens[match.start].offset
      // 1. Named right after the grade: "outstanding for care leavers", "good overall".
      var forward: [Int] = []
      var i = match.end
      if i < words.count, ["for", "in", "across", "at"].contains(words[i]) || words[i] == "overall" {
        if words[i] != "overall" { i += 1 }
        while i < words.count, clauseOf[i] == clause {
          if let found = judgementMatches.firstIndex(where: { $0.start == i }) {
            forward.append(found)
            i = judgementMatches[found].end
          } else if ["and", ",", "the", "its", "our", "services", "for", "of", "with", "to"].contains(words[i]) {
            i += 1
          } else {
            break
          }
        }
      }
      if !forward.isEmpty {
        claimed.formUnion(forward)
        for found in forward {
          claims.append(Claim(subject: .judgement(judgementMatches[found].value), grade: match.value, offset: offset))
        }
        continue
      }
      // 2. Named before it in the clause, since the last rating: "leaders and care leavers were
      // judged outstanding".
      let previousEnd = index > 0 && ratings[index - 1].clause == clause ? ratings[index - 1].match.end : 0
      let before = judgementMatches.indices.filter { found in
        let m = judgementMatches[found]
        return !claimed.contains(found) && m.start >= previousEnd && m.end <= match.start && clauseOf[m.start] == clause
      }
      if !before.isEmpty {
        var seen = Set<String>()
        for found in before where seen.insert(judgementMatches[found].value.rawValue).inserted {
          claims.append(Claim(subject: .judgement(judgementMatches[found].value), grade: match.value, offset: offset))
        }
        continue
      }
      if isTableRow { continue }
      // 3. A count of areas or "all": "four were outstanding", "outstanding in every area".
      let clauseWords = words.indices.filter { clauseOf[$0] == clause && $0 >= previousEnd && $0 < match.start }
      if let count = clauseWords.lazy.compactMap({ Self.numberWords[words[$0]] }).first {
        claims.append(Claim(subject: .count(count), grade: match.value, offset: offset))
        continue
      }
      let around = words.indices.filter { clauseOf[$0] == clause }
      if around.contains(where: { Self.allWords.contains(words[$0]) }) {
        claims.append(Claim(subject: .all, grade: match.value, offset: offset))
        continue
      }
      // 4. Nothing named: a rating of the council's services is overall effectiveness.
      if words.contains(where: { Self.overallContext.contains($0) }) || selfMention(in: around, words: words) {
        claims.append(Claim(subject: .judgement(.overallEffectiveness), grade: match.value, offset: offset))
      }
    }
    return claims
  }

  /// Whether a grade word is used as a rating rather than as an ordinary adjective.
  func isRating(_ match: Match<Grade>, words: [String]) -> Bool {
    let previous = match.start > 0 ? words[match.start - 1] : ""
    let next = match.end < words.count ? words[match.end] : ""
    // "as good as it can be" compares; it rates nothing.
    if next == "as" { return false }
    if Self.ratingCues.contains(previous) || Self.ratingNouns.contains(next) || Self.councilNouns.contains(next) {
      return true
    }
    // "rated as good", "judged to be outstanding", "rated by Ofsted as good".
    if match.start >= 2, ["rated", "judged", "graded", "remains", "remained", "is", "was", "are", "were"].contains(
      words[match.start - 2]), ["as", "to", "now", "still", "also"].contains(previous)
    {
      return true
    }
    // The second of a list: "outstanding for leaders and good for care leavers".
    if previous == "and" || previous == "," || previous == "or", next == "for" || next == "in" {
      return true
    }
    return false
  }

  /// Whether the grade's clause points to an earlier inspection or to other councils.
  func pointsElsewhere(
    _ match: Match<Grade>, clause: Int, clauseOf: [Int], tokens: [Token], words: [String]
  ) -> Bool {
    let inClause = words.indices.filter { clauseOf[$0] == clause }
    // "now", "this time", "today" right before the grade: this inspection, whatever else.
    let justBefore = words[max(0, match.start - 3)..<match.start]
    if justBefore.contains("now") || justBefore.contains("today") { return false }
    // "up from requires improvement", "improved from inadequate to good".
    let nearBefore = words[max(0, match.start - 4)..<match.start]
    if let from = nearBefore.lastIndex(of: "from"), !words[from..<match.start].contains("to") { return true }
    for i in inClause {
      let word = words[i]
      if Self.pastWords.contains(word) || Self.futureWords.contains(word) { return true }
      // A year before this inspection's: "in 2022 it was judged to require improvement".
      if word.count == 4, let year = Int(word), (1990..<inspectionYear).contains(year) { return true }
    }
    let isStatistics = inClause.contains { i in
      tokens[i].isOutcomesTag || Self.statisticsWords.contains(words[i])
        || (words[i] == "in" && i + 2 < words.count && words[i + 1] == "the" && words[i + 2] == "region")
    }
    if isStatistics {
      // "We are one of 36 councils rated outstanding": about this council after all.
      let isMember = inClause.contains { Self.membershipWords.contains(words[$0]) }
      return !(isMember && selfMention(in: inClause, words: words))
    }
    // "the only outstanding authority in the region" is caught above; "an outstanding council"
    // with no statistics is about another council only when it is not ours.
    return false
  }

  func selfMention(in indices: [Int], words: [String]) -> Bool {
    indices.contains { selfWords.contains(words[$0]) }
  }

  // MARK: - Tokens and clauses

  struct Match<Value> {
    var start: Int
    var end: Int
    var value: Value
  }

  /// Each phrase's whole-word matches, longest phrase first, none overlapping an earlier one.
  static func matches<Value>(of phrases: [([String], Value)], in words: [String]) -> [Match<Value>] {
    var taken = [Bool](repeating: false, count: words.count)
    var found: [Match<Value>] = []
    for (phrase, value) in phrases.sorted(by: { $0.0.count > $1.0.count }) {
      guard phrase.count <= words.count else { continue }
      for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
        let end = start + phrase.count
        guard !taken[start..<end].contains(true), Array(words[start..<end]) == phrase else { continue }
        for i in start..<end { taken[i] = true }
        found.append(Match(start: start, end: end, value: value))
      }
    }
    return found.sorted { $0.start < $1.start }
  }

  /// The clause number of each token: a clause ends at a clause break, and at ", and"/", but".
  static func clauses(_ words: [String]) -> [Int] {
    var clause = 0
    var result: [Int] = []
    for (i, word) in words.enumerated() {
      if clauseBreaks.contains(word) || (word == "and" && i > 0 && words[i - 1] == ",") { clause += 1 }
      result.append(clause)
    }
    return result
  }

  /// The sentence's tokens: words (letters and digits, lower-cased), data tags, and the
  /// punctuation that matters (",", ";", ":", brackets, dashes, "%"). Quotations attributed to
  /// the report ("the report says '...'") are marked so their words are never read.
  static func tokens(_ sentence: String) -> [Token] {
    let chars = Array(sentence)
    var tokens: [Token] = []
    var current = ""
    var start = 0
    var inQuote = false
    var quoteStart = 0
    var quoteTokenStart = 0
    var quoteSpans: [(tokens: Range<Int>, chars: Range<Int>)] = []
    func flush() {
      if !current.isEmpty { tokens.append(Token(text: current.lowercased(), offset: start)) }
      current = ""
    }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
        flush()
        var j = i + 2
        while j + 1 < chars.count, !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
        let inside = String(chars[min(i + 2, chars.count)..<min(j, chars.count)])
        let name = inside.drop(while: { !$0.isLetter })
        tokens.append(Token(text: "{{", offset: i, isOutcomesTag: name.hasPrefix("outcomes")))
        i = min(j + 2, chars.count)
        continue
      }
      if c == "\u{201C}" || c == "\u{201D}" || c == "\"" {
        flush()
        let opens = c == "\u{201C}" || (c == "\"" && !inQuote)
        if opens && !inQuote {
          inQuote = true
          quoteStart = i
          quoteTokenStart = tokens.count
        } else if inQuote {
          inQuote = false
          quoteSpans.append((quoteTokenStart..<tokens.count, quoteStart..<i))
        }
        i += 1
        continue
      }
      if c.isLetter || c.isNumber {
        if current.isEmpty { start = i }
        current.append(c)
      } else {
        flush()
        if c == "," || c == ";" || c == ":" || c == "(" || c == ")" || c == "—" || c == "–" || c == "%" {
          tokens.append(Token(text: String(c), offset: i))
        }
      }
      i += 1
    }
    flush()
    if inQuote { quoteSpans.append((quoteTokenStart..<tokens.count, quoteStart..<chars.count)) }
    // A quotation is the report's when the words just outside it name the report or Ofsted.
    for span in quoteSpans {
      let outside = tokens.indices.filter { !span.tokens.contains($0) }
      let near = outside.filter { index in
        let offset = tokens[index].offset
        return (offset < span.chars.lowerBound && span.chars.lowerBound - offset <= 60)
          || (offset > span.chars.upperBound && offset - span.chars.upperBound <= 40)
      }
      if near.contains(where: { reportWords.contains(tokens[$0].text) }) {
        for index in span.tokens { tokens[index].isReportQuote = true }
      }
    }
    return tokens
  }
}
