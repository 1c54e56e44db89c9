import Foundation
import Testing

@testable import PubPack

/// A real SMTP server (aiosmtpd) on a free loopback port, started for one test and stopped after.
final class SMTPSink {
  let folder: URL
  let process = Process()
  let port: Int

  init() throws {
    folder = Scratch.root.appendingPathComponent("pubpack-smtp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", packageRoot.appendingPathComponent("Tests/Scripts/smtp_sink.py").path, folder.path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let portFile = folder.appendingPathComponent("port").path
    var found: Int?
    for _ in 0..<200 {
      if let data = FileManager.default.contents(atPath: portFile), let n = Int(String(decoding: data, as: UTF8.self)) {
        found = n
        break
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    guard let found else {
      process.terminate()
      throw CocoaError(
        .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the SMTP server did not start (is aiosmtpd installed?)"]
      )
    }
    port = found
  }

  /// Every message received so far: envelope recipients and the raw message.
  func messages() -> [(rcpt: [String], data: String)] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".json")
    }.sorted()
    return names.compactMap { name in
      guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { return nil }
      return ((object["rcpt_tos"] as? [String]) ?? [], (object["data"] as? String) ?? "")
    }
  }

  func stop() {
    if process.isRunning {
      process.terminate()
      // Bounded: a server that ignores SIGTERM is killed.
      for _ in 0..<40 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: folder)
  }

  deinit { stop() }
}

/// A message's headers, and its parts decoded.
struct ReceivedMessage {
  var headers: [String: String] = [:]
  var parts: [String: String] = [:]

  init(_ raw: String) {
    let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
    let sections = text.components(separatedBy: "\n\n")
    for line in (sections.first ?? "").split(separator: "\n") {
      if let colon = line.firstIndex(of: ":") {
        headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    guard let type = headers["Content-Type"], let range = type.range(of: "boundary=\"") else { return }
    let boundary = String(type[range.upperBound...].dropLast())
    for chunk in text.components(separatedBy: "--" + boundary).dropFirst() {
      let pieces = chunk.components(separatedBy: "\n\n")
      guard pieces.count >= 2,
        let typeLine = pieces[0].split(separator: "\n").first(where: { $0.hasPrefix("Content-Type: ") })
      else { continue }
      let partType = String(typeLine.dropFirst("Content-Type: ".count).split(separator: ";")[0])
      let body = pieces[1...].joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
      parts[partType] = Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
  }
}

@Suite(.serialized) struct SendTests {
  static let before = "2026-07-30T16:00"
  static let briefingSentinel = "BRIEFINGSENTINEL5Z"
  static let draftSentinel = "DRAFTSENTINEL8K"

  static func pack(port: Int, lists: String) throws -> TestPack {
    try TestPack([
      "content/pack.yaml": """
      site:
        title: Test pack
        baseURL: https://www.test.example/ofsted/
      distribution:
        smtp: { url: "smtp://127.0.0.1:\(port)", from: press@test.example }
        lists:
      \(lists)
      """,
      "content/staff-addresses.txt": "# staff involved\nann@council.example\n\nbob@council.example\n",
      "content/press-release.md":
        "---\ntitle: Council welcomes report\nkind: press-release\n---\nOfsted judged {{council.name}} {{judgements.overallEffectiveness.gradeLower}}.\n",
      "content/staff-briefing.md":
        "---\ntitle: Thank you\nkind: briefing\naudience: staff\n---\nThe grade is {{judgements.overallEffectiveness.gradeLower}}. \(briefingSentinel)\n",
      "content/draft-briefing.md":
        "---\ntitle: Draft\nkind: briefing\naudience: members\ndraft: true\n---\n\(draftSentinel)\n",
      "content/exempt-briefing.md":
        "---\ntitle: Exempt\nkind: briefing\naudience: members\nexempt: { paragraphs: [3] }\n---\n\(draftSentinel)\n",
      "templates/briefing.mustache":
        "{{<layout}}{{$main}}<article><h1>{{page.title}}</h1>{{{page.content}}}</article>{{/main}}{{/layout}}",
      "templates/press-release.mustache":
        "{{<layout}}{{$main}}<article><h1>{{page.title}}</h1>{{{page.content}}}</article>{{/main}}{{/layout}}",
    ])
  }

  static let lists = """
        journalists: { send: [press-release.md], to: [newsdesk@paper.example, reporter@radio.example] }
        staff: { send: [staff-briefing.md], toFile: staff-addresses.txt }
    """

  static func send(_ pack: TestPack, _ arguments: [String], at: String = before) throws -> CommandResult {
    try runPubpack(
      ["send", "--content", pack.content, "--templates", pack.templates, "--at", at] + arguments, in: pack.root)
  }

  @Test func eachRecipientGetsItsOwnMessageOfTheRightDocumentsWithBothPartsAndTheEmbargoFirst() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(port: sink.port, lists: Self.lists)
    let journalists = try Self.send(pack, ["--to", "journalists"])
    #expect(journalists.status == 0, "\(journalists.stderr)")
    var messages = sink.messages()
    #expect(messages.count == 2)
    #expect(Set(messages.map(\.rcpt)) == [["newsdesk@paper.example"], ["reporter@radio.example"]])
    for (rcpt, raw) in messages {
      let message = ReceivedMessage(raw)
      // No one sees the others: the one recipient, in the envelope and the header.
      #expect(message.headers["To"] == rcpt.first)
      #expect(message.headers["From"] == "press@test.example")
      #expect(
        message.headers["Subject"]
          == "EMBARGOED UNTIL 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026): Council welcomes report"
      )
      #expect(message.headers["Content-Type"]?.hasPrefix("multipart/alternative;") == true)
      #expect(message.headers["Date"] == "Thu, 30 Jul 2026 15:00:00 +0000")
      let text = try #require(message.parts["text/plain"])
      let html = try #require(message.parts["text/html"])
      #expect(text.hasPrefix("EMBARGOED UNTIL 12:01am on Tuesday 4 August 2026"))
      #expect(text.contains("Ofsted judged Testborough Council good."))
      #expect(html.contains("Ofsted judged Testborough Council good."))
      for forbidden in [Self.briefingSentinel, Self.draftSentinel] {
        #expect(!raw.contains(forbidden) && !text.contains(forbidden))
      }
    }
    let staff = try Self.send(pack, ["--to", "staff"])
    #expect(staff.status == 0, "\(staff.stderr)")
    messages = sink.messages()
    #expect(messages.count == 4)
    let briefings = messages.dropFirst(2).map { ReceivedMessage($0.data) }
    #expect(Set(messages.dropFirst(2).map(\.rcpt)) == [["ann@council.example"], ["bob@council.example"]])
    for message in briefings {
      #expect(
        message.headers["Subject"]?.hasPrefix("EMBARGOED: not for publication or onward sharing until 12:01am") == true)
      #expect(message.parts["text/plain"]?.contains(Self.briefingSentinel) == true)
      #expect(message.parts["text/plain"]?.contains("CONFIDENTIAL: a briefing for staff") == true)
      #expect(message.parts["text/html"]?.contains(Self.briefingSentinel) == true)
      #expect(message.parts["text/plain"]?.contains(Self.draftSentinel) == false)
    }
    // The log says who got which version, when, and the relay's answer.
    let log = SendLog.read(content: pack.content)
    #expect(log.count == 4)
    #expect(
      log.allSatisfy { $0.result == "sent" && $0.reply.contains("queued as TEST") && $0.at == "2026-07-30T15:00:00Z" })
  }

  @Test func nothingIsSentTwiceUnlessAgainAndAChangedDocumentGoesCorrected() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(port: sink.port, lists: Self.lists)
    #expect(try Self.send(pack, ["--to", "journalists"]).status == 0)
    let second = try Self.send(pack, ["--to", "journalists"])
    #expect(second.status == 0)
    #expect(sink.messages().count == 2)
    #expect(
      second.stdout.contains("already sent: press-release.md") && second.stdout.contains("newsdesk@paper.example"))
    #expect(try Self.send(pack, ["--to", "journalists", "--again"]).status == 0)
    #expect(sink.messages().count == 4)
    // A changed press release goes again, marked, to everyone.
    try pack.write(
      "content/press-release.md",
      "---\ntitle: Council welcomes report\nkind: press-release\n---\nOfsted judged us {{judgements.overallEffectiveness.gradeLower}}.\n"
    )
    #expect(try Self.send(pack, ["--to", "journalists"]).status == 0)
    let corrected = sink.messages().dropFirst(4).map { ReceivedMessage($0.data) }
    #expect(corrected.count == 2)
    for message in corrected {
      #expect(message.headers["Subject"]?.hasSuffix(": CORRECTED: Council welcomes report") == true)
      #expect(message.headers["Subject"]?.hasPrefix("EMBARGOED UNTIL") == true)
    }
  }

  @Test func aDryRunSendsNothingAndLogsNothing() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(port: sink.port, lists: Self.lists)
    let run = try Self.send(pack, ["--to", "staff", "--dry-run"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("would send: staff-briefing.md"))
    #expect(run.stdout.contains("ann@council.example") && run.stdout.contains("bob@council.example"))
    #expect(run.stdout.contains("EMBARGOED: not for publication or onward sharing until"))
    Thread.sleep(forTimeInterval: 0.2)
    #expect(sink.messages().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: SendLog.path(content: pack.content)))
  }

  @Test func aRefusedRecipientIsReportedAndTheOthersStillGo() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(
      port: sink.port,
      lists:
        "    journalists: { send: [press-release.md], to: [first@paper.example, refuse-me@paper.example, last@paper.example] }"
    )
    let run = try Self.send(pack, ["--to", "journalists"])
    #expect(run.status == 1)
    #expect(
      run.stderr.contains("refuse-me@paper.example was refused press-release.md") && run.stderr.contains("550"),
      "\(run.stderr)")
    #expect(Set(sink.messages().map(\.rcpt)) == [["first@paper.example"], ["last@paper.example"]])
    let log = SendLog.read(content: pack.content)
    #expect(log.filter { $0.result == "refused" }.map(\.recipient) == ["refuse-me@paper.example"])
    #expect(log.filter { $0.result == "sent" }.count == 2)
    // The refused one is tried again next time; the others are not sent twice.
    _ = try Self.send(pack, ["--to", "journalists"])
    #expect(sink.messages().count == 2)
  }

  @Test func aDocumentWithAPlaceholderLeftIsNotSent() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(port: sink.port, lists: Self.lists)
    try pack.write(
      "content/staff-briefing.md",
      "---\ntitle: Thank you\nkind: briefing\naudience: staff\n---\nWe thank TYPE the team.\n")
    let run = try Self.send(pack, ["--to", "staff"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("staff-briefing.md:6:"), "\(run.stderr)")
    Thread.sleep(forTimeInterval: 0.2)
    #expect(sink.messages().isEmpty)
  }

  @Test(arguments: ["draft-briefing.md", "exempt-briefing.md", "webpage.md", "missing.md"])
  func aDraftExemptOrUnsendableDocumentIsRefusedAndNothingGoes(document: String) throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try Self.pack(
      port: sink.port, lists: "    members: { send: [staff-briefing.md, \(document)], to: [cllr@council.example] }")
    let run = try Self.send(pack, ["--to", "members"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("pack.yaml:") && run.stderr.contains(document), "\(run.stderr)")
    Thread.sleep(forTimeInterval: 0.2)
    #expect(sink.messages().isEmpty)
  }

  @Test(arguments: [
    ("smtp: { url: \"http://mail.example\", from: press@test.example }", "must be an smtp:// or smtps://"),
    ("smtp: { url: \"smtp://mail.example:587\", from: \"press at test\" }", "is not an email address"),
    ("smtp: { url: \"smtp://mail.example:587\", from: press@test.example, user: press }", "no 'passwordEnv'"),
  ])
  func aBadRelayIsALocatedError(smtp: String, message: String) throws {
    let pack = try TestPack([
      "content/pack.yaml":
        "site: { title: T, baseURL: \"https://t.example/\" }\ndistribution:\n  \(smtp)\n  lists: { a: { send: [webpage.md], to: [x@y.example] } }\n"
    ])
    let run = try runPubpack(
      ["send", "--content", pack.content, "--templates", pack.templates, "--to", "a"], in: pack.root)
    #expect(run.status == 1)
    #expect(run.stderr.contains("pack.yaml:3:") && run.stderr.contains(message), "\(run.stderr)")
  }

  @Test func aBadAddressInTheFileIsAnErrorAtItsLineAndAnUnknownListNamesTheLists() throws {
    let pack = try Self.pack(port: 25, lists: Self.lists)
    try pack.write("content/staff-addresses.txt", "ann@council.example\nbob@council.example, eve@x.example\n")
    let run = try Self.send(pack, ["--to", "staff"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("staff-addresses.txt:2:1: error:"), "\(run.stderr)")
    try pack.write("content/staff-addresses.txt", "ann@council.example\n")
    let unknown = try Self.send(pack, ["--to", "stafff"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("journalists, staff"), "\(unknown.stderr)")
  }

  @Test func aRelayNeedingAPasswordThatIsNotSetIsRefusedBeforeSending() throws {
    let pack = try Self.pack(port: 25, lists: Self.lists)
    let yaml = try String(contentsOfFile: pack.content + "/pack.yaml", encoding: .utf8)
      .replacingOccurrences(
        of: "from: press@test.example }",
        with: "from: press@test.example, user: press, passwordEnv: PUBPACK_TEST_UNSET_PASSWORD }")
    try pack.write("content/pack.yaml", yaml)
    let run = try Self.send(pack, ["--to", "journalists"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("PUBPACK_TEST_UNSET_PASSWORD"), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: SendLog.path(content: pack.content)))
  }
}

/// `status` shows, per list, what was sent and when.
@Suite(.serialized) struct SendStatusTests {
  @Test func statusShowsPerListWhatWasSentAndWhenAndWhoWasRefused() throws {
    let sink = try SMTPSink()
    defer { sink.stop() }
    let pack = try SendTests.pack(
      port: sink.port,
      lists: SendTests.lists
        + "\n    members: { send: [press-release.md], to: [cllr@council.example, refuse-cllr@council.example] }")
    #expect(try SendTests.send(pack, ["--to", "journalists"]).status == 0)
    #expect(try SendTests.send(pack, ["--to", "members"]).status == 1)
    let run = try runPubpack(
      ["status", "--content", pack.content, "--templates", pack.templates, "--at", "2026-07-31T09:00"], in: pack.root)
    #expect(
      run.stdout.contains(
        "LIST journalists\n  press-release.md: sent to 2 of 2, last at 4pm on Thursday 30 July 2026 (15:00 UTC on Thursday 30 July 2026)"
      ),
      "\(run.stdout)")
    #expect(run.stdout.contains("LIST members\n  press-release.md: sent to 1 of 2, last at 4pm"), "\(run.stdout)")
    #expect(run.stdout.contains("    refused: refuse-cllr@council.example"))
    #expect(run.stdout.contains("LIST staff\n  staff-briefing.md: not sent yet"), "\(run.stdout)")
    let json = try runPubpack(
      ["status", "--json", "--content", pack.content, "--templates", pack.templates, "--at", "2026-07-31T09:00"],
      in: pack.root)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let lists = try #require(object["distribution"] as? [[String: Any]])
    #expect(lists.map { $0["name"] as? String } == ["journalists", "members", "staff"])
  }
}
