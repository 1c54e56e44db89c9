/// The facts of the inspection, typed once in `content/inspection.yaml`.
public struct Inspection: Sendable {
  public struct Council: Sendable {
    public var name: String
    public var ofstedName: String?
    public var dfeLaCode: String?
    public var onsCode: String?
    public var ofstedUrn: String?
    public var ofstedProviderUrl: String?
    public var ofstedRegion: String?
    public var website: String?
  }

  public struct Details: Sendable {
    public var type: InspectionType
    public var frameworkVersion: FrameworkVersion
    public var notificationDate: CalendarDate?
    public var onSiteStart: CalendarDate
    public var onSiteEnd: CalendarDate
    public var leadInspector: String?
    public var visitTheme: String?
  }

  public struct Report: Sendable {
    public var title: String?
    public var url: String?
    public var publicationDate: CalendarDate?
  }

  public struct Embargo: Sendable {
    /// The pack's release instant: when Ofsted publishes the report.
    public var liftsAt: Instant
    public var source: String?
  }

  public struct Previous: Sendable {
    public var type: InspectionType?
    public var frameworkVersion: FrameworkVersion?
    public var onSiteStart: CalendarDate?
    public var publicationDate: CalendarDate?
    public var judgements: [Judgement: Grade]
  }

  public struct Findings: Sendable {
    public var headline: String?
    public var strengths: [String] = []
    public var whatNeedsToImprove: [String] = []
    public var areasForPriorityAction: [String] = []
    public var quotesFromReport: [String] = []
  }

  public struct Quote: Sendable {
    public var speakerName: String
    public var speakerTitle: String?
    public var role: String?
    public var text: String
  }

  public struct Media: Sendable {
    public var pressOfficeEmail: String?
    public var pressOfficePhone: String?
    public var outOfHoursPhone: String?
  }

  public enum InterventionType: String, CaseIterable, Sendable {
    case none, improvementNotice, statutoryDirection, revisedDirection, revoked
  }

  public struct Intervention: Sendable {
    public var type: InterventionType = .none
    public var issuedDate: CalendarDate?
    public var documentUrl: String?
    public var commissioner: String?
    public var improvementAdviser: String?
    public var improvementBoardChair: String?
  }

  public struct ActionPlan: Sendable {
    public var basisDate: CalendarDate?
    public var dueDate: CalendarDate?
    public var url: String?
  }

  public var isFictional: Bool
  public var council: Council
  public var details: Details
  public var report: Report
  public var embargo: Embargo
  /// The judgements awarded; empty for visits.
  public var judgements: [Judgement: Grade]
  public var previous: Previous?
  public var findings: Findings
  public var quotes: [Quote]
  public var media: Media
  public var intervention: Intervention
  public var actionPlan: ActionPlan?

  /// The judgements in Ofsted's order, as this inspection's framework has them.
  public var orderedJudgements: [(Judgement, Grade)] {
    details.frameworkVersion.judgements.compactMap { key in judgements[key].map { (key, $0) } }
  }
}
