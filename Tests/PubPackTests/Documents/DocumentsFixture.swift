import Foundation
import Testing

@testable import PubPack

/// The repository's sample pack and small packs written inline, built into temporary folders
/// for the document tests.
enum DocumentsFixture {
  /// The repository root (this file is Tests/PubPackTests/Documents/DocumentsFixture.swift).
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var sampleContent: String { repository.appendingPathComponent("content").path }
  static var sampleTemplates: String { repository.appendingPathComponent("templates").path }
  /// Where test runs leave screenshots and reports for people to look at (git-ignored).
  static var outputFolder: URL { repository.appendingPathComponent(".test-output") }

  /// The sample pack's release instant, and instants either side of it.
  static let releaseDay = "2026-08-04T00:01"
  static let weekBefore = "2026-07-28T10:00"

  static func instant(_ text: String) -> Instant {
    guard case .success(let instant) = InstantParser.parse(text) else {
      Issue.record("bad instant in test: \(text)")
      return Instant(secondsSince1970: 0)
    }
    return instant
  }

  static func build(
    content: String = sampleContent, templates: String = sampleTemplates, at: String = releaseDay,
    mode: BuildMode = .release
  ) -> Build {
    Pipeline.build(request(content: content, templates: templates, at: at, mode: mode))
  }

  static func request(
    content: String = sampleContent, templates: String = sampleTemplates, at: String = releaseDay,
    mode: BuildMode = .release
  ) -> BuildRequest {
    BuildRequest(content: content, templates: templates, mode: mode, at: instant(at))
  }

  /// A new empty temporary folder.
  static func temporaryFolder(_ label: String) throws -> URL {
    let url = Scratch.root.appendingPathComponent("pubpack-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes every file of a build (release or preview) into a new folder, as the site would
  /// have them, and returns the folder.
  static func writeFiles(of build: Build, label: String) throws -> URL {
    if !build.succeeded {
      Issue.record("the build failed:\n\(build.diagnostics.map(\.rendered).joined(separator: "\n"))")
    }
    let folder = try temporaryFolder(label)
    for file in build.files {
      let url = folder.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try file.contents.write(to: url)
    }
    return folder
  }

  /// A copy of the sample pack with some files replaced or added, in a new folder.
  static func samplePack(replacing files: [String: String], label: String) throws -> (
    content: String, templates: String
  ) {
    let folder = try temporaryFolder(label)
    let content = folder.appendingPathComponent("content")
    try FileManager.default.copyItem(atPath: sampleContent, toPath: content.path)
    for (name, text) in files {
      let url = content.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return (content.path, sampleTemplates)
  }

  static func text(_ build: Build, _ path: String) -> String {
    guard let file = build.files.first(where: { $0.path == path }) else {
      Issue.record("no \(path) in the build")
      return ""
    }
    return String(decoding: file.contents, as: UTF8.self)
  }

  /// An inadequate outcome under the 2026 framework (no overall effectiveness), with an
  /// intervention, areas for priority action and every GFM feature the body can use: the
  /// templates' other branches, for the validators.
  static let inadequateInspection = """
    council:
      name: Testborough Council
      ofstedName: Testborough
      website: https://www.testborough.example
    inspection:
      type: ilacsStandard
      frameworkVersion: ilacs2026
      onSiteStart: 2026-06-29
      onSiteEnd: 2026-07-10
    report:
      title: Inspection of Testborough local authority children's services
      url: https://reports.ofsted.gov.uk/provider/44/888888
    embargo:
      liftsAt: 2026-09-08T00:01
    judgements:
      impactOfLeaders: inadequate
      helpAndProtection: inadequate
      childrenInCare: requiresImprovement
      careLeavers: good
    findings:
      headline: Serious weaknesses leave some children at risk of harm.
      strengths: []
      whatNeedsToImprove:
        - The response to children who need help and protection.
      areasForPriorityAction:
        - The timeliness and quality of child protection enquiries.
    quotes: []
    media:
      pressOfficeEmail: press@testborough.example
    intervention:
      type: statutoryDirection
      issuedDate: 2026-09-30
      commissioner: Sam Example
    """

  static let richWebpage = """
    ---
    title: Our inspection
    kind: webpage
    ---
    ## What we are doing

    Table: What we will do first

    | Action | Owner | By |
    | --- | :-: | --: |
    | Review every child protection plan | Head of service | October 2026 |

    - [x] Appoint an improvement board chair
    - [ ] Publish the action plan

    We accept the findings.[^apology] We have told [the council](council-report.md).[^apology]

    ### Detail

    More detail, with `code` and ~~struck~~ text.

    [^apology]: The leader apologised to families on 8 September 2026.
    """

  static let plainPressRelease = """
    ---
    title: Testborough responds to Ofsted's report
    kind: press-release
    ---
    {{council.name}} has received Ofsted's report on its children's services, published today.
    """

  static let minimalCouncilReport = """
    ---
    title: Ofsted inspection outcome
    kind: council-report
    meeting: Cabinet
    meetingDate: next Tuesday
    contactOfficer: Alex Officer
    keyDecision: yes
    forwardPlanReference: FP/2026/14
    wardsAffected: [North, South]
    ---
    ## Purpose

    To report the outcome.

    - a list item is not numbered

    > nor is a quotation

    And the next paragraph is 1.2.
    """
}
