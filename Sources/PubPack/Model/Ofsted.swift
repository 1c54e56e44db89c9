/// Ofsted's four-point grade scale, used for every ILACS judgement.
///
/// Authors may write a grade by its key (`requiresImprovement`) or in Ofsted's words
/// ("Requires improvement to be good"); both mean the same grade.
public enum Grade: String, CaseIterable, Sendable, Codable, Comparable {
  case outstanding
  case good
  case requiresImprovement
  case inadequate

  /// The grade exactly as Ofsted writes it.
  public var ofstedWording: String {
    switch self {
    case .outstanding: "Outstanding"
    case .good: "Good"
    case .requiresImprovement: "Requires improvement to be good"
    case .inadequate: "Inadequate"
    }
  }

  /// Rank on Ofsted's scale, 1 (outstanding) to 4 (inadequate).
  public var rank: Int {
    switch self {
    case .outstanding: 1
    case .good: 2
    case .requiresImprovement: 3
    case .inadequate: 4
    }
  }

  public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rank > rhs.rank }

  /// Reads a grade from its key or from Ofsted's wording (case and spacing ignored).
  ///
  /// "Requires improvement" alone is accepted too: councils and the press shorten it so.
  public init?(parsing text: String) {
    let folded = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(
      separator: " ")
    for grade in Grade.allCases
    where folded == grade.rawValue.lowercased() || folded == grade.ofstedWording.lowercased() {
      self = grade
      return
    }
    if folded == "requires improvement" {
      self = .requiresImprovement
      return
    }
    return nil
  }
}

/// One of the ILACS judgements.
public enum Judgement: String, CaseIterable, Sendable, Codable {
  case overallEffectiveness
  case impactOfLeaders
  case helpAndProtection
  case childrenInCare
  case careLeavers

  /// The judgement's name exactly as Ofsted writes it under the given framework.
  ///
  /// Before 2023 the children in care judgement also covered care leavers.
  public func ofstedWording(in framework: FrameworkVersion = .ilacs2023) -> String {
    switch self {
    case .overallEffectiveness: "Overall effectiveness"
    case .impactOfLeaders: "The impact of leaders on social work practice with children and families"
    case .helpAndProtection: "The experiences and progress of children who need help and protection"
    case .childrenInCare:
      framework == .ilacs2018
        ? "The experiences and progress of children in care and care leavers"
        : "The experiences and progress of children in care"
    case .careLeavers: "The experiences and progress of care leavers"
    }
  }
}

/// The kind of inspection or visit Ofsted carried out.
public enum InspectionType: String, CaseIterable, Sendable, Codable {
  case ilacsStandard
  case ilacsShort
  case focusedVisit
  case monitoringVisit
  case jtai

  /// The label Ofsted uses in its statistics.
  public var ofstedWording: String {
    switch self {
    case .ilacsStandard: "ILACS Standard Inspection"
    case .ilacsShort: "ILACS Short Inspection"
    case .focusedVisit: "ILACS Focused Visit"
    case .monitoringVisit: "LA Monitoring visit"
    case .jtai: "Joint targeted area inspection"
    }
  }

  /// Whether this kind of inspection awards grades (visits and JTAIs do not).
  public var isGraded: Bool { self == .ilacsStandard || self == .ilacsShort }
}

/// The version of the ILACS framework an inspection was carried out under.
public enum FrameworkVersion: String, CaseIterable, Sendable, Codable {
  /// From January 2018: children in care and care leavers judged together.
  case ilacs2018
  /// From 1 January 2023: care leavers judged separately.
  case ilacs2023
  /// From April 2026: no overall effectiveness judgement.
  case ilacs2026

  /// The judgements a graded inspection under this framework must have, in Ofsted's order.
  public var judgements: [Judgement] {
    switch self {
    case .ilacs2018: [.overallEffectiveness, .impactOfLeaders, .helpAndProtection, .childrenInCare]
    case .ilacs2023:
      [.overallEffectiveness, .impactOfLeaders, .helpAndProtection, .childrenInCare, .careLeavers]
    case .ilacs2026: [.impactOfLeaders, .helpAndProtection, .childrenInCare, .careLeavers]
    }
  }
}
