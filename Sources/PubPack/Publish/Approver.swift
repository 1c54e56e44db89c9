import Foundation

/// `pubpack approve`: builds the site of every release instant of the pack and records an
/// approval of exactly those files in `content/approvals/`, signed with `--key` when given.
///
///     Check name and key → Load settings → Build each release instant → Write → Sign → Verify → Store
///
/// Nothing is written unless every step succeeds. It never reads the wall clock: the approval
/// is dated by the injected clock.
public struct Approver: Sendable {
  public var clock: Clock

  public init(clock: Clock) { self.clock = clock }

  /// What `approve` recorded.
  public struct Recorded: Sendable {
    /// The approval file written.
    public var path: String
    public var approval: Approval
    /// The signature beside it, if signed.
    public var signaturePath: String?
  }

  public func approve(
    content: String, templates: String, as name: String?, key: String?, printers: Printers = .none
  ) throws(DiagnosticError) -> Recorded {
    // 1. Who, and with what key.
    let person = name?.trimmingCharacters(in: .whitespaces) ?? ""
    guard !person.isEmpty else {
      throw DiagnosticError(
        .error(
          at: nil, "approve needs the approver's name: --as NAME",
          notes: [
            "e.g. pubpack approve --as \"Sam Patel\"; the name is recorded in the approval (and, with allowedSigners, is the name your key must be allowed for)"
          ]))
    }
    if person.contains(where: {
      $0.isNewline || $0 == "\"" || $0.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }) {
      throw DiagnosticError(
        .error(
          at: nil, "the approver's name must be one line without quotation marks",
          notes: ["e.g. --as \"Sam Patel\""]))
    }
    // OpenSSH reads a comma in an allowed_signers name as two names ("Patel, Sam" is "Patel"
    // and " Sam"), and `*` and `?` as patterns: such a name could never be verified as written.
    if person.contains(where: { $0 == "," || $0 == "*" || $0 == "?" }) {
      throw DiagnosticError(
        .error(
          at: nil, "the approver's name must not contain a comma, '*' or '?'",
          notes: [
            "OpenSSH's allowed_signers file reads a comma as between two names, and '*' and '?' as patterns",
            "write the name as people read it, e.g. --as \"Sam Patel\"",
          ]))
    }
    if let key {
      guard FileManager.default.isReadableFile(atPath: key), PackLoader.kind(of: key, within: "/", fileSystem: .disk) != .other else {
        throw DiagnosticError(
          .error(
            at: SourceLocation(path: key, line: 1, column: 1), "the key '\(key)' does not exist or cannot be read",
            notes: [
              "give the private key you sign with, e.g. --key ~/.ssh/id_ed25519 (or its .pub with the key in ssh-agent)"
            ]))
      }
    }

    // 2. The pack's approval settings.
    let packPath = join(content, "pack.yaml")
    guard let packData = FileManager.default.contents(atPath: packPath) else {
      throw DiagnosticError(
        .error(
          at: nil, "cannot read '\(packPath)'",
          notes: ["run pubpack from the folder that holds content/, or pass --content DIR"]))
    }
    let (loaded, settingsProblems) = PackSettingsLoader.load(String(decoding: packData, as: UTF8.self), path: packPath)
    guard let settings = loaded else { throw DiagnosticError(settingsProblems + [nothingToApprove]) }
    if let signers = settings.approval?.allowedSigners, key == nil {
      throw DiagnosticError(
        .error(
          at: settings.approval?.location, "the pack accepts only signed approvals (allowedSigners: \(signers))",
          notes: ["sign with your SSH key: pubpack approve --as \"\(person)\" --key ~/.ssh/id_ed25519"]))
    }

    // 3. The site of every release instant, each built as `publish --wait` builds it then.
    let now = clock.now()
    let plan = Pipeline.build(BuildRequest(content: content, templates: templates, mode: .release, at: now))
    guard plan.succeeded else {
      throw DiagnosticError(plan.diagnostics.filter { $0.severity == .error } + [nothingToApprove])
    }
    let schedule = Publisher.releaseSchedule(of: plan)
    guard !schedule.isEmpty else {
      throw DiagnosticError(
        .error(
          at: nil, "the pack releases no document, so there is nothing to approve",
          notes: ["every document is a draft, exempt, or has embargo: none"]))
    }
    var sites: [Approval.Site] = []
    for release in schedule {
      let build = Pipeline.build(
        BuildRequest(
          content: content, templates: templates, mode: .release, at: release.instant, printers: printers))
      guard build.succeeded else {
        throw DiagnosticError(
          build.diagnostics.filter { $0.severity == .error } + [
            .error(
              at: nil,
              "the site of \(LondonTime.longWithUTC(release.instant)) does not build, so there is nothing to approve",
              notes: ["fix the errors above, then approve again"])
          ])
      }
      let files = Approval.files(of: BuildManifest(mode: .release, instant: release.instant, files: build.files))
      sites.append(
        Approval.Site(
          from: release.instant.rfc3339, fromLondon: LondonTime.longWithUTC(release.instant),
          documents: release.documents, digest: Approval.digest(files), files: files))
    }
    let approval = Approval(
      format: Approval.formatName, approvedBy: person, approvedAt: now.rfc3339,
      approvedAtLondon: LondonTime.longWithUTC(now), sites: sites)
    let data = approval.encoded()

    // 4. Write and sign beside the pack, in a folder of our own, so a failure leaves nothing.
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("pubpack-approve-\(UUID().uuidString)").path
    defer { try? fm.removeItem(atPath: scratch) }
    let fileName = Self.fileName(for: approval, in: ApprovalStore.folder(content: content))
    let draft = join(scratch, fileName)
    do {
      try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
      try data.write(to: URL(fileURLWithPath: draft))
    } catch {
      throw DiagnosticError(.error(at: nil, "could not write the approval: \(error.localizedDescription)"))
    }
    if let key {
      try Self.sign(draft, key: key)
      // With allowedSigners, an approval publish would not count is refused now, not at 12:01am.
      if let signers = settings.approval?.allowedSigners,
        let problem = ApprovalStore.verificationProblem(
          data: data, signature: draft + ".sig", principal: person, allowedSigners: join(content, signers),
          signersName: signers)
      {
        throw DiagnosticError(
          .error(
            at: settings.approval?.location, "publish would not accept this approval: \(problem)",
            notes: [
              "\(signers) must have a line for \"\(person)\" with the public key of \(key): \"\(person)\" ssh-ed25519 AAAA...",
              "nothing was written",
            ]))
      }
    }

    // 5. Store: the signature first, so that an approval never appears unsigned for a moment.
    let folder = ApprovalStore.folder(content: content)
    let path = join(folder, fileName)
    do {
      try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
      if key != nil { try Self.replace(path + ".sig", with: draft + ".sig") }
      try Self.replace(path, with: draft)
    } catch {
      try? fm.removeItem(atPath: path + ".sig")
      throw DiagnosticError(.error(at: nil, "could not write the approval to \(folder): \(error.localizedDescription)"))
    }
    return Recorded(path: path, approval: approval, signaturePath: key == nil ? nil : path + ".sig")
  }

  private var nothingToApprove: Diagnostic {
    .error(at: nil, "the pack has errors, so there is nothing to approve", notes: ["fix them, then approve again"])
  }

  /// `20260803T210000Z-sam-patel-1a2b3c4d.json`: when, who and what, so two approvals do not
  /// share a name; a taken name (the same person, second and sites) gets `-2`, `-3`.
  static func fileName(for approval: Approval, in folder: String) -> String {
    let when = approval.approvedAt.filter { $0 != "-" && $0 != ":" }
    var who = ""
    for scalar in approval.approvedBy.lowercased().unicodeScalars {
      if (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) && scalar.isASCII {
        who.unicodeScalars.append(scalar)
      } else if !who.hasSuffix("-") {
        who += "-"
      }
    }
    who = String(who.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(40))
    let what = String(
      Approval.digest(Dictionary(uniqueKeysWithValues: approval.sites.map { ($0.from, $0.digest) })).prefix(8))
    let stem = "\(when)-\(who.isEmpty ? "approver" : who)-\(what)"
    var name = stem + ".json"
    var count = 1
    while FileManager.default.fileExists(atPath: join(folder, name)) {
      count += 1
      name = "\(stem)-\(count).json"
    }
    return name
  }

  /// `ssh-keygen -Y sign -f KEY -n pubpack-approval FILE`, which writes `FILE.sig`.
  static func sign(_ file: String, key: String) throws(DiagnosticError) {
    let command = ExternalCommand(
      ["ssh-keygen", "-Y", "sign", "-f", key, "-n", Approval.namespace, file], timeout: 120)
    let result: ExternalCommand.Result
    do { result = try command.run() } catch {
      throw DiagnosticError(
        .error(
          at: nil, "could not run ssh-keygen to sign the approval: \(error)", notes: ["install OpenSSH (ssh-keygen)"]))
    }
    guard result.succeeded, FileManager.default.fileExists(atPath: file + ".sig") else {
      throw DiagnosticError(
        .error(
          at: SourceLocation(path: key, line: 1, column: 1),
          "ssh-keygen could not sign the approval with '\(key)': \(result.timedOut ? "it timed out" : result.errorSummary)",
          notes: ["give an OpenSSH private key (or its .pub with the key in ssh-agent); nothing was written"]))
    }
  }

  /// Moves `source` to `path`, across file systems if need be.
  static func replace(_ path: String, with source: String) throws {
    let fm = FileManager.default
    if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
    do { try fm.moveItem(atPath: source, toPath: path) } catch { try fm.copyItem(atPath: source, toPath: path) }
  }
}
