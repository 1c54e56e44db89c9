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
    (["impact", "of", "leaders"], .impactOfLeaders), (["leadership"], .impactOfLeaders),
    (["leaders"], .impactOfLeaders),
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
    "where",
  ]
  /// Words that point a clause to an earlier inspection.
  static let pastWords: Set<String> = [
    "previous", "previously", "last", "since", "formerly", "prior", "earlier", "had",
  ]
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
  /// Nouns for the judgements as a set: "all areas", "every judgement", "all five".
  static let areaNouns: Set<String> = [
    "areas", "area", "judgements", "judgement", "five", "four", "categories", "category", "aspects", "parts",
  ]
  /// Rating verbs written before what they rate: "Ofsted rates Fernleigh good", "inspectors
  /// judged the council's services good", "found services to be good".
  static let ratingVerbs: Set<String> = [
    "rate", "rates", "rated", "rating", "judge", "judges", "judged", "judging", "grade", "grades", "graded", "grading",
    "find", "finds", "found",
  ]
  /// Words that cannot be inside what a rating verb rates, between it and the grade: the verb
  /// rates something else ("found that ...", "rates schools across the region", "rated by").
  static let objectBreaks: Set<String> = [
    "that", "which", "who", "whom", "whose", "whether", "if", "how", "what", "why", "when", "where", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "could", "should", "may", "might",
    "can", "do", "does", "did", "not", "no", "never", "highly", "very", "more", "most", "less", "than", "so", "too",
    "to", "by", "with", "from", "across", "about", "into", "out", "over", "under", "through", "between", "within",
    "among", "against", "on", "at", "up", "down", "many", "much", "some", "lots", "plenty", "examples", "example",
    "evidence", "a", "an",
  ]
  /// Words a grade may be followed by when a rating verb before it rates something with it:
  /// "rates Fernleigh good, with ...", "rated us good for care leavers", "judged us good overall".
  /// Any other word (a noun: "found good practice") makes the grade an adjective.
  static let afterVerbRatedGrade: Set<String> = [
    "", ",", ";", ":", "(", ")", "—", "–", "and", "or", "but", "for", "in", "overall", "across", "at", "on", "with",
    "this", "again", "today", "now", "following", "after", "since", "when", "while", "whereas", "which", "by",
    "throughout", "once", "is", "was", "has", "against", "under", "from", "despite", "thanks", "because", "amid",
    "within", "among", "before", "so", "says", "said",
  ]
  /// Who rates, when that is the inspectorate: any other rater ("parents rate ...") makes a
  /// claim only of what names the council or its services.
  static let inspectorateWords: Set<String> = [
    "ofsted", "inspectors", "inspector", "inspection", "report", "inspectorate", "regulator", "watchdog",
  ]
  /// A pronoun just before the verb (after "has", "now" ...) is who rates, whoever the clause
  /// names before it: "children told inspectors they found their advisers good".
  static let raterPronouns: Set<String> = ["they", "we", "he", "she", "i", "you", "it", "who"]
  static let beforeVerb: Set<String> = ["has", "have", "had", "now", "today", "also", "again", "then", "once"]
  /// Words in what is rated that name the council or its services ("us", "our services", "the
  /// council's children's services"), besides the council's place and the judgements' names.
  static let councilObjectWords: Set<String> = [
    "us", "it", "council", "authority", "services", "service", "department", "directorate", "borough", "county",
  ]

  /// What Ofsted inspects apart from a council's children's services.
  static let otherProvision: Set<String> = [
    "school", "schools", "home", "homes", "nursery", "nurseries", "academy", "academies", "college", "colleges",
    "setting", "settings", "provider", "providers", "childminder", "childminders",
  ]

  /// Words after "and" that start a clause of their own: "... in 2019 and has now been judged good".
  static let clauseStarts: Set<String> = [
    "has", "have", "is", "are", "was", "were", "it", "we", "i", "they", "now", "this", "inspectors", "ofsted",
  ]

  // MARK: - Reading

  /// The claims a sentence makes about this inspection's grades. `isTableRow`: a Markdown table
  /// row, whose cells name a judgement and its grade.
  func claims(in sentence: String, isTableRow: Bool) -> [Claim] {
    let tokens = Self.tokens(sentence)
    let words = tokens.map(\.text)
    let gradeMatches = Self.matches(of: Self.gradePhrases, in: words)
    guard !gradeMatches.isEmpty else { return [] }
    var judgementMatches = Self.matches(of: Self.judgementPhrases, in: words).filter { !tokens[$0.start].isReportQuote }
    // Under the 2018 framework care leavers are judged with children in care.
    if judgements[.careLeavers] == nil, judgements[.childrenInCare] != nil {
      for index in judgementMatches.indices where judgementMatches[index].value == .careLeavers {
        judgementMatches[index].value = .childrenInCare
      }
    }
    let clauseOf = Self.clauses(words)
    let (verbRated, ratedOtherwise) = verbRatedGrades(
      gradeMatches, tokens: tokens, words: words, clauseOf: clauseOf, judgementMatches: judgementMatches)
    let hasRatingVerb = !verbRated.isEmpty || words.contains { ["rated", "judged", "graded"].contains($0) }
    var claimed = Set<Int>()  // judgement matches taken already
    var lastClaimEnd: [Int: Int] = [:]  // per clause: where the last grade that claimed something ends
    var claims: [Claim] = []
    for match in gradeMatches where !tokens[match.start].isReportQuote && !ratedOtherwise.contains(match.start) {
      let clause = clauseOf[match.start]
      let labelled = isLabelled(match, words: words)
      guard
        isTableRow || labelled || verbRated.contains(match.start)
          || isRating(match, words: words, judgementMatches: judgementMatches, hasRatingVerb: hasRatingVerb)
      else { continue }
      if pointsElsewhere(match, clause: clause, clauseOf: clauseOf, tokens: tokens, words: words, grades: gradeMatches)
      {
        continue
      }
      let offset = tokens[match.start].offset
      var subjects: [Subject] = []
      func take(_ found: Int) {
        claimed.insert(found)
        let subject = Subject.judgement(judgementMatches[found].value)
        if !subjects.contains(subject) { subjects.append(subject) }
      }
      // 1. Named right after the grade: "outstanding for care leavers", "a good rating for
      // leaders", "good overall", "with outstanding leadership".
      var i = match.end
      while i < words.count, Self.ratingNouns.contains(words[i]), words[i] != "overall" { i += 1 }
      if i < words.count, words[i] == "overall" {
        if let found = judgementMatches.firstIndex(where: { $0.start == i }) { take(found) }
      } else if i < words.count, ["for", "in", "across", "at"].contains(words[i]) {
        i += 1
        while i < words.count, clauseOf[i] == clause {
          if let found = judgementMatches.firstIndex(where: { $0.start == i }) {
            take(found)
            i = judgementMatches[found].end
          } else if ["and", ",", "the", "its", "our", "their", "services", "service", "for", "of", "with", "to"]
            .contains(words[i])
          {
            i += 1
          } else {
            break
          }
        }
      } else if let found = judgementMatches.firstIndex(where: { $0.start == match.end }), hasRatingVerb {
        take(found)
      }
      // 2. Named before it in the clause, since the last grade that claimed: "leaders and care
      // leavers were judged outstanding". A labelled grade ("Care leavers – Outstanding") takes
      // the last judgement named before it.
      if subjects.isEmpty {
        let since = lastClaimEnd[clause] ?? 0
        let before = judgementMatches.indices.filter { found in
          let m = judgementMatches[found]
          return !claimed.contains(found) && m.end <= match.start
            && (labelled || isTableRow || (m.start >= since && clauseOf[m.start] == clause))
        }
        if labelled || isTableRow {
          if let last = before.last { take(last) }
        } else {
          before.forEach(take)
        }
      }
      // "..., as were its services for children in care": the same grade for more judgements.
      if !subjects.isEmpty {
        var j = match.end
        while j < words.count, j < match.end + 12, words[j] != "as" { j += 1 }
        if j + 1 < words.count, words[j] == "as", ["were", "was", "is", "are"].contains(words[j + 1]) {
          j += 2
          while j < words.count,
            ["its", "the", "our", "their", "services", "service", "for", "and", ","].contains(words[j])
              || judgementMatches.contains(where: { $0.start == j })
          {
            if let found = judgementMatches.firstIndex(where: { $0.start == j }) {
              take(found)
              j = judgementMatches[found].end
            } else {
              j += 1
            }
          }
        }
      }
      if subjects.isEmpty, !isTableRow {
        let since = lastClaimEnd[clause] ?? 0
        let clauseWords = words.indices.filter { clauseOf[$0] == clause }
        // 3. A count of areas or "all": "four were outstanding", "outstanding in every area".
        // Not in "one of 39 councils rated outstanding": that is this council among others.
        let isAmongCouncils = clauseWords.contains {
          Self.statisticsWords.contains(words[$0]) || tokens[$0].isOutcomesTag
        }
        if isAmongCouncils {
          subjects.append(.judgement(.overallEffectiveness))
        } else if let count = clauseWords.lazy.filter({ $0 >= since && $0 < match.start }).compactMap({
          Self.numberWords[words[$0]]
        })
        .first {
          subjects.append(.count(count))
        } else if clauseWords.contains(where: { i in
          Self.allWords.contains(words[i]) && i + 1 < words.count && Self.areaNouns.contains(words[i + 1])
        }) || sentence.lowercased().contains("across the board") {
          subjects.append(.all)
        } else if words.contains(where: { Self.overallContext.contains($0) })
          || selfMention(in: clauseWords, words: words) || verbRated.contains(match.start)
        {
          // 4. Nothing named: a rating of the council's services is overall effectiveness.
          subjects.append(.judgement(.overallEffectiveness))
        }
      }
      guard !subjects.isEmpty else { continue }
      lastClaimEnd[clause] = match.end
      for subject in subjects { claims.append(Claim(subject: subject, grade: match.value, offset: offset)) }
    }
    return claims
  }

  /// The grades (their first token) a rating verb before them gives to what it rates, in its
  /// clause: "Ofsted rates Fernleigh good", "Ofsted has judged the council's services to be
  /// good", "inspectors found us good overall", "rating Fernleigh good". Not "found good
  /// practice" (the grade is an adjective), nor "found that ..." or "rates schools across the
  /// region" (the verb rates something else); and when somebody other than the inspectorate
  /// rates ("our carers rated the training good"), only what names the council or its services.
  /// `otherwise`: the grades a verb gives to something that is not the council's services ("our
  /// carers rated the training as good", "Ofsted rated our children's home outstanding"), which
  /// are no claim even after "as" or "to be".
  func verbRatedGrades(
    _ grades: [Match<Grade>], tokens: [Token], words: [String], clauseOf: [Int], judgementMatches: [Match<Judgement>]
  ) -> (claimed: Set<Int>, otherwise: Set<Int>) {
    guard words.contains(where: { Self.ratingVerbs.contains($0) }) else { return ([], []) }
    let gradeWordIndices = Set(grades.flatMap { $0.start..<$0.end })
    var found: Set<Int> = []
    var otherwise: Set<Int> = []
    for match in grades {
      let next = match.end < words.count ? words[match.end] : ""
      guard Self.afterVerbRatedGrade.contains(next) else { continue }
      var end = match.start  // where what is rated ends
      if end >= 1, words[end - 1] == "as" {
        end -= 1
      } else if end >= 2, words[end - 2] == "to", words[end - 1] == "be" {
        end -= 2
      }
      // Back over what is rated, up to eight words, to the verb.
      var verb: Int?
      var i = end - 1
      while i >= 0, end - i <= 9, clauseOf[i] == clauseOf[match.start] {
        let word = words[i]
        if Self.ratingVerbs.contains(word) {
          verb = i
          break
        }
        let isWord = word.first.map { $0.isLetter || $0.isNumber } ?? false
        if gradeWordIndices.contains(i) || Self.objectBreaks.contains(word) || tokens[i].isOutcomesTag
          || tokens[i].isReportQuote || !(isWord || word == "{{")
        {
          break
        }
        i -= 1
      }
      // Something must be rated: "rated good" alone is the passive, read by the cues.
      // "a rating of ‘Good’", "a grade of good": the noun, read by the cues.
      guard let verb, verb + 1 < end, words[verb + 1] != "of" else { continue }
      let clause = clauseOf[match.start]
      var rater = (0..<verb).filter { clauseOf[$0] == clause }
      if let pronoun = rater.last(where: { !Self.beforeVerb.contains(words[$0]) }),
        Self.raterPronouns.contains(words[pronoun])
      {
        rater = [pronoun]
      }
      let byInspectorate = rater.isEmpty || rater.contains { Self.inspectorateWords.contains(words[$0]) }
      let rated = verb + 1..<end
      let namesServices = rated.contains { i in
        ["services", "service"].contains(words[i]) || judgementMatches.contains { $0.start == i }
      }
      let namesCouncil =
        namesServices
        || rated.contains { i in
          Self.councilObjectWords.contains(words[i]) || tokens[i].text == "{{"
            || (selfWords.contains(words[i]) && !["we", "our", "its"].contains(words[i]))
        }
      // A school or a children's home is inspected on its own: "Ofsted rates our schools good".
      let namesOtherProvision = !namesServices && rated.contains { Self.otherProvision.contains(words[$0]) }
      if namesOtherProvision || !(byInspectorate || namesCouncil) {
        otherwise.insert(match.start)
      } else {
        found.insert(match.start)
      }
    }
    return (found, otherwise)
  }

  /// "Care leavers – Outstanding", "Overall effectiveness: good": a grade after a dash or colon
  /// that ends the sentence, as in a list of judgements.
  func isLabelled(_ match: Match<Grade>, words: [String]) -> Bool {
    guard match.start > 0, ["–", "—", ":"].contains(words[match.start - 1]) else { return false }
    return match.end == words.count || (match.end + 1 == words.count && words[match.end] == ",")
  }

  /// Whether a grade word is used as a rating rather than as an ordinary adjective.
  func isRating(
    _ match: Match<Grade>, words: [String], judgementMatches: [Match<Judgement>], hasRatingVerb: Bool
  ) -> Bool {
    let previous = match.start > 0 ? words[match.start - 1] : ""
    let next = match.end < words.count ? words[match.end] : ""
    // "as good as it can be" compares, "good enough" measures: neither rates.
    if next == "as" || next == "enough" { return false }
    if Self.ratingCues.contains(previous) || Self.ratingNouns.contains(next) || Self.councilNouns.contains(next) {
      return true
    }
    // "a rating of good", "an overall grade of 'Good'".
    if previous == "of", match.start >= 2, Self.ratingNouns.contains(words[match.start - 2]) { return true }
    // "rated as good", "judged to be outstanding", "rated by Ofsted as good".
    if match.start >= 2,
      ["rated", "judged", "graded", "remains", "remained", "is", "was", "are", "were"].contains(
        words[match.start - 2]), ["as", "to", "now", "still", "also"].contains(previous)
    {
      return true
    }
    // The second of a list: "outstanding for leaders and good for care leavers".
    if ["and", ",", "or", "with"].contains(previous), next == "for" || next == "in" { return true }
    // "with outstanding leadership" in a sentence that rates.
    if ["and", ",", "with"].contains(previous), hasRatingVerb,
      judgementMatches.contains(where: { $0.start == match.end })
    {
      return true
    }
    // "care leavers were judged good and help and protection outstanding": the verb left out.
    if hasRatingVerb, judgementMatches.contains(where: { $0.end == match.start }), next == "" || next == "," {
      return true
    }
    // "care leavers require improvement", "two areas require improvement to be good": the verb.
    if match.value == .requiresImprovement, words[match.start].hasPrefix("requir"), match.start > 0 {
      if judgementMatches.contains(where: { $0.end == match.start })
        || ["services", "service", "areas", "area", "it", "they", "practice", "still", "also"].contains(previous)
      {
        return true
      }
    }
    return false
  }

  /// Whether the grade's clause points to an earlier inspection, a hope, or other councils.
  func pointsElsewhere(
    _ match: Match<Grade>, clause: Int, clauseOf: [Int], tokens: [Token], words: [String], grades: [Match<Grade>]
  ) -> Bool {
    let inClause = words.indices.filter { clauseOf[$0] == clause }
    // "services that are not good", "no longer outstanding": not a claim of the grade.
    let nearBefore = words[max(0, match.start - 4)..<match.start]
    if words[max(0, match.start - 2)..<match.start].contains(where: { ["not", "never", "longer"].contains($0) }) {
      return true
    }
    // "now", "today" just before, "this time" just after: this inspection, whatever else.
    if words[max(0, match.start - 3)..<match.start].contains(where: { $0 == "now" || $0 == "today" }) { return false }
    if match.end + 1 < words.count, words[match.end] == "this",
      ["time", "year", "inspection"].contains(words[match.end + 1])
    {
      return false
    }
    // "up from requires improvement", "improved from inadequate to good".
    if let from = nearBefore.lastIndex(of: "from"), !words[from..<match.start].contains("to") { return true }
    for i in inClause {
      let word = words[i]
      if Self.pastWords.contains(word) || Self.futureWords.contains(word) { return true }
      // A year before this inspection's ("in 2022 it was judged to require improvement"): it
      // dates the grade nearest to it in the clause.
      if word.count == 4, let year = Int(word), (1990..<inspectionYear).contains(year) {
        let nearest = grades.filter { clauseOf[$0.start] == clause }.min { a, b in
          Self.distance(a, i) < Self.distance(b, i)
        }
        if nearest?.start == match.start { return true }
      }
    }
    let isStatistics = inClause.contains { i in
      tokens[i].isOutcomesTag || Self.statisticsWords.contains(words[i])
    }
    if isStatistics {
      // "We are one of 36 councils rated outstanding": about this council after all.
      let isMember = inClause.contains { Self.membershipWords.contains(words[$0]) }
      return !(isMember && selfMention(in: inClause, words: words))
    }
    return false
  }

  static func distance(_ match: Match<Grade>, _ index: Int) -> Int {
    index < match.start ? match.start - index : index >= match.end ? index - match.end + 1 : 0
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
      let next = i + 1 < words.count ? words[i + 1] : ""
      if clauseBreaks.contains(word) || (word == "and" && i > 0 && words[i - 1] == ",")
        || (word == "and" && clauseStarts.contains(next)) || (word == "," && (next == "up" || next == "down"))
      {
        clause += 1
      }
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
      // A grade alone in quotation marks ("rated “good” by Ofsted") is the grade, not the
      // report's prose: it is read like any other.
      let quoted = tokens[span.tokens].map(\.text).filter { $0.first?.isLetter ?? false }
      if gradeWordings.contains(quoted.joined(separator: " ")) { continue }
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
