import Foundation

/// What `pubpack status` says of approvals: who approved what and when, and for each release
/// instant whether the site the pack would publish then is approved, changed since its
/// approval, or not approved.
public struct ApprovalStatus: Encodable, Sendable {
  /// One approval file.
  public struct Entry: Encodable, Sendable {
    public var file: String
    public var approvedBy: String?
    public var approvedAt: String?
    public var approvedAtLondon: String?
    public var isSigned: Bool
    /// Whether `publish` counts it (well formed, and signed by an allowed key when the pack asks).
    public var isAccepted: Bool
    public var problem: String?
  }

  /// The site of one release instant.
  public struct Site: Encodable, Sendable {
    public var from: String
    public var fromLondon: String
    public var documents: [String]
    /// `approved`, `changed since approval`, `not approved` or `does not build`.
    public var state: String
    public var approvedBy: String?
    public var approvedAt: String?
    /// How the site differs from the approved one, when it changed since.
    public var changes: String?
  }

  public var isRequired: Bool
  public var allowedSigners: String?
  public var approvals: [Entry]
  public var sites: [Site]

  /// The status of the pack in `content` at `now`, or nil when it neither asks for approvals
  /// nor has any. Each release instant's site is built as `approve` and `publish` build it.
  public static func of(
    content: String, templates: String, settings: ApprovalSettings?, at now: Instant, printers: Printers = .none
  ) -> ApprovalStatus? {
    let stored = ApprovalStore.load(content: content, settings: settings)
    guard settings != nil || !stored.isEmpty else { return nil }
    let entries = stored.map { s in
      Entry(
        file: join(Approval.folderName, s.fileName), approvedBy: s.approval?.approvedBy,
        approvedAt: s.approval?.approvedAt,
        approvedAtLondon: s.approval?.approvedAtLondon, isSigned: s.isSigned, isAccepted: s.rejection == nil,
        problem: s.rejection)
    }
    let accepted = ApprovalStore.accepted(stored)
    let plan = Pipeline.build(BuildRequest(content: content, templates: templates, mode: .release, at: now))
    let sites = Publisher.releaseSchedule(of: plan).map { release in
      var site = Site(
        from: release.instant.rfc3339, fromLondon: LondonTime.longWithUTC(release.instant),
        documents: release.documents,
        state: "not approved")
      let build = Pipeline.build(
        BuildRequest(
          content: content, templates: templates, mode: .release, at: release.instant, printers: printers))
      guard build.succeeded else {
        site.state = "does not build"
        return site
      }
      let files = Approval.files(of: BuildManifest(mode: .release, instant: release.instant, files: build.files))
      if let approval = ApprovalStore.covering(files, in: accepted) {
        site.state = "approved"
        site.approvedBy = approval.approvedBy
        site.approvedAt = approval.approvedAt
      } else if let (approval, approved) = ApprovalStore.nearest(to: release.instant, in: accepted) {
        site.state = "changed since approval"
        site.approvedBy = approval.approvedBy
        site.approvedAt = approval.approvedAt
        site.changes = ApprovalStore.differences(files, from: approved.files)
      }
      return site
    }
    return ApprovalStatus(
      isRequired: settings?.isRequired ?? false, allowedSigners: settings?.allowedSigners, approvals: entries,
      sites: sites)
  }

  /// The lines `status` prints.
  public var lines: [String] {
    var lines = [
      "APPROVAL  " + (isRequired ? "required before publishing" : "not required")
        + (allowedSigners.map { "; signed by someone in \($0)" } ?? "")
    ]
    for entry in approvals {
      let who = entry.approvedBy.map { "\($0) at \(entry.approvedAtLondon ?? entry.approvedAt ?? "?")" } ?? "?"
      let signed = entry.isSigned ? (allowedSigners == nil ? "signed (not checked: no allowedSigners)" : "signed") : "unsigned"
      lines.append(
        "  \(entry.file): \(who), \(signed)" + (entry.problem.map { "; not counted: \($0)" } ?? ""))
    }
    if approvals.isEmpty { lines.append("  no approvals yet: a second person runs 'pubpack approve --as NAME'") }
    for site in sites {
      var line = "  from \(site.fromLondon): \(site.state)"
      if let by = site.approvedBy, let at = site.approvedAt {
        let when = parseUTC(at).map(LondonTime.long) ?? at
        line += site.state == "approved" ? " by \(by) at \(when)" : " by \(by) at \(when): \(site.changes ?? "")"
      }
      lines.append(line)
    }
    return lines
  }
}
