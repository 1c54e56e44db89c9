/// Context from Ofsted's official statistics for one local authority: `content/outcomes.yaml`.
///
/// Every field the statistics' edition does not carry is nil (and absent from the file), never
/// guessed.
public struct Outcomes: Sendable, Equatable {
  /// Which edition of the statistics the figures come from.
  public var source: Source
  /// The authority the pack is about.
  public var localAuthority: LocalAuthority
  /// Its latest inspection as the table of latest judgements gives it; nil when not yet inspected.
  public var latest: InspectionRecord?
  /// Every graded ILACS inspection of the authority, oldest first, the latest included; nil when
  /// the file has no history table (a CSV export of the table of latest judgements).
  public var history: [InspectionRecord]?
  /// Counts over every authority in England.
  public var national: GradeTally
  /// Counts over the authorities of the authority's Ofsted region; nil when the file has no
  /// region column.
  public var region: GradeTally?

  public init(
    source: Source, localAuthority: LocalAuthority, latest: InspectionRecord?, history: [InspectionRecord]?,
    national: GradeTally, region: GradeTally?
  ) {
    self.source = source
    self.localAuthority = localAuthority
    self.latest = latest
    self.history = history
    self.national = national
    self.region = region
  }

  /// The edition of the statistics.
  public struct Source: Sendable, Equatable {
    /// The title, as "Local authority inspection outcomes as at 31 March 2024".
    public var title: String?
    /// The date the figures stand at, read from the title ("as at 31 March 2024").
    public var asAt: CalendarDate?

    public init(title: String? = nil, asAt: CalendarDate? = nil) {
      self.title = title
      self.asAt = asAt
    }
  }

  /// The local authority, named as Ofsted names it.
  public struct LocalAuthority: Sendable, Equatable {
    /// The name as the statistics write it ("Bristol", "St Helens").
    public var name: String
    /// The Ofsted region ("London").
    public var region: String?
    /// The area code where the edition has one ("E09000002").
    public var areaCode: String?

    public init(name: String, region: String? = nil, areaCode: String? = nil) {
      self.name = name
      self.region = region
      self.areaCode = areaCode
    }
  }
}

/// One inspection as the statistics record it.
public struct InspectionRecord: Sendable, Equatable {
  /// The first day of the inspection, where the table gives it.
  public var inspectionDate: CalendarDate?
  /// The day Ofsted published the report, where the table gives it.
  public var publicationDate: CalendarDate?
  /// Standard or short inspection, where the table gives it.
  public var type: InspectionType?
  /// The grades given; a judgement not graded is absent.
  public var judgements: [Judgement: Grade]

  public init(
    inspectionDate: CalendarDate? = nil, publicationDate: CalendarDate? = nil, type: InspectionType? = nil,
    judgements: [Judgement: Grade] = [:]
  ) {
    self.inspectionDate = inspectionDate
    self.publicationDate = publicationDate
    self.type = type
    self.judgements = judgements
  }
}

/// How many authorities got each grade for each judgement, over England or over a region.
public struct GradeTally: Sendable, Equatable {
  /// The region's name; nil for England.
  public var name: String?
  /// Every authority in the table (or in the region), graded or not.
  public var authorities: Int
  /// For each judgement the table has a column for, the number of authorities with each grade.
  public var counts: [Judgement: [Grade: Int]]

  public init(name: String? = nil, authorities: Int, counts: [Judgement: [Grade: Int]]) {
    self.name = name
    self.authorities = authorities
    self.counts = counts
  }

  /// The number of authorities given `grade` for `judgement` (0 when none, or not in the table).
  public func count(_ judgement: Judgement, _ grade: Grade) -> Int {
    counts[judgement]?[grade] ?? 0
  }
}
