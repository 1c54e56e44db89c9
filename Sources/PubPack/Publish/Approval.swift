import Foundation

/// A second person's record that they checked exactly what the pack will publish ("2i"): for
/// each release instant, every file of the site it publishes then, by path and SHA-256.
///
/// Written by `pubpack approve` to `content/approvals/` as JSON with sorted keys (readable, and
/// the same bytes for the same approval), optionally signed beside it (`NAME.json.sig`, made by
/// `ssh-keygen -Y sign -n pubpack-approval`). The approvals folder is never read as documents
/// and never published: the loader reads only `content/*.md` and `content/assets/`.
public struct Approval: Codable, Sendable, Equatable {
  /// The OpenSSH signature namespace of approvals: a signature made for anything else does not count.
  public static let namespace = "pubpack-approval"
  /// The folder in `content/` that holds approvals.
  public static let folderName = "approvals"
  public static let formatName = "pubpack-approval/1"

  /// The site published from one release instant on.
  public struct Site: Codable, Sendable, Equatable {
    /// The release instant, RFC 3339 UTC.
    public var from: String
    /// The same instant in London time, for people reading the file.
    public var fromLondon: String
    /// The documents first released at this instant (file names).
    public var documents: [String]
    /// SHA-256 over every `path NUL sha256 LF` line, paths in order: the site in one value.
    public var digest: String
    /// Every file of the site: path to SHA-256.
    public var files: [String: String]
  }

  public var format: String
  /// The approver, as given with `--as`; with `allowedSigners`, the principal whose key must
  /// have signed the approval.
  public var approvedBy: String
  /// When, RFC 3339 UTC, by the injected clock.
  public var approvedAt: String
  public var approvedAtLondon: String
  /// The site of each release instant, earliest first.
  public var sites: [Site]

  /// The bytes written to disk: pretty JSON with sorted keys, ending in a newline.
  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
  }

  /// The digest of a site's files, as `Site.digest` records it.
  public static func digest(_ files: [String: String]) -> String {
    let lines = files.keys.sorted().map { "\($0)\u{0}\(files[$0] ?? "")\n" }
    return BuildManifest.sha256(Data(lines.joined().utf8))
  }

  /// A manifest's files as an approval lists them.
  public static func files(of manifest: BuildManifest) -> [String: String] {
    Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
  }

  /// The instant it was approved at, nil if unreadable.
  var approvedInstant: Instant? { parseUTC(approvedAt) }

  /// "Sam Patel at 10:00pm on Monday 3 August 2026 (21:00 UTC on Monday 3 August 2026)".
  var byWhomAndWhen: String {
    "\(approvedBy) at \(approvedInstant.map(LondonTime.longWithUTC) ?? approvedAt)"
  }
}

/// An approval file found in `content/approvals/`, and whether `publish` may rely on it.
public struct StoredApproval: Sendable {
  /// The approval file's path.
  public var path: String
  /// Nil when the file could not be read as an approval (see `rejection`).
  public var approval: Approval?
  /// Whether a `.sig` file lies beside it.
  public var isSigned: Bool
  /// Why `publish` does not count it; nil when it does.
  public var rejection: String?

  /// The file's name, for messages.
  public var fileName: String { EmbargoRecheck.fileName(path) }
}

/// The approvals of a pack: reading them, checking their signatures, and matching a site with them.
public enum ApprovalStore {
  /// The approvals folder of the pack in `content`.
  public static func folder(content: String) -> String { join(content, Approval.folderName) }

  /// Every `*.json` in `content/approvals/`, in name order, each judged against `settings`:
  /// well formed, and (with `allowedSigners`) signed by a principal the file allows, as
  /// `ssh-keygen -Y verify` says. Other files there (`.sig`, notes) are not approvals.
  public static func load(content: String, settings: ApprovalSettings?) -> [StoredApproval] {
    let folder = folder(content: content)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    return names.map { name in
      let path = join(folder, name)
      let signature = path + ".sig"
      // Plain files only: a pipe would keep the reader (or ssh-keygen) waiting, and a link could
      // stand for a file elsewhere.
      let isSigned = isPlainFile(signature)
      guard isPlainFile(path) else {
        return StoredApproval(path: path, approval: nil, isSigned: isSigned, rejection: "it is not a plain file")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        return StoredApproval(path: path, approval: nil, isSigned: isSigned, rejection: "it cannot be read")
      }
      guard let approval = try? JSONDecoder().decode(Approval.self, from: data), approval.format == Approval.formatName
      else {
        return StoredApproval(
          path: path, approval: nil, isSigned: isSigned,
          rejection: "it is not an approval written by 'pubpack approve'")
      }
      if approval.approvedInstant == nil || approval.sites.contains(where: { Approval.digest($0.files) != $0.digest }) {
        return StoredApproval(
          path: path, approval: approval, isSigned: isSigned,
          rejection: "its file list does not match its digest (it was edited by hand)")
      }
      var rejection: String?
      if let signers = settings?.allowedSigners {
        if !isSigned {
          rejection = "it is not signed, and pack.yaml's allowedSigners accepts only signed approvals"
        } else {
          rejection = verificationProblem(
            data: data, signature: signature, principal: approval.approvedBy, allowedSigners: join(content, signers),
            signersName: signers)
        }
      }
      return StoredApproval(path: path, approval: approval, isSigned: isSigned, rejection: rejection)
    }
  }

  /// Whether `path` is a regular file itself (not a link, a pipe or a folder).
  static func isPlainFile(_ path: String) -> Bool {
    (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
  }

  /// Why the signature `signature` of `data` does not show that `principal` (by the allowed
  /// signers file) signed it as an approval; nil when it does.
  static func verificationProblem(
    data: Data, signature: String, principal: String, allowedSigners: String, signersName: String
  ) -> String? {
    let command = ExternalCommand(
      ["ssh-keygen", "-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", Approval.namespace, "-s", signature],
      input: data, timeout: 30)
    do {
      let result = try command.run()
      if result.succeeded { return nil }
      return
        "its signature does not verify as \(principal)'s by \(signersName): it was changed after it was signed, or signed with a key \(signersName) does not allow for \(principal)"
    } catch {
      return "its signature could not be checked: \(error) (is OpenSSH's ssh-keygen installed?)"
    }
  }

  /// The approvals `publish` may rely on.
  static func accepted(_ stored: [StoredApproval]) -> [Approval] {
    stored.filter { $0.rejection == nil }.compactMap(\.approval)
  }

  /// The accepted approval that covers exactly `files`, the latest if several do.
  static func covering(_ files: [String: String], in approvals: [Approval]) -> Approval? {
    let digest = Approval.digest(files)
    return approvals.filter { $0.sites.contains { $0.digest == digest && $0.files == files } }
      .max { ($0.approvedAt, $0.approvedBy) < ($1.approvedAt, $1.approvedBy) }
  }

  /// The site the latest accepted approval has for a site built for `builtFor`: its latest
  /// instant at or before it, else its first. What a changed site is compared with.
  static func nearest(to builtFor: Instant?, in approvals: [Approval]) -> (Approval, Approval.Site)? {
    guard let latest = approvals.max(by: { ($0.approvedAt, $0.approvedBy) < ($1.approvedAt, $1.approvedBy) }),
      let first = latest.sites.first
    else { return nil }
    guard let builtFor else { return (latest, first) }
    let earlier = latest.sites.filter { parseUTC($0.from).map { !(builtFor < $0) } ?? false }
    return (latest, earlier.last ?? first)
  }

  /// "1 file changed (press-release/index.html), 1 added (x.html)": how `files` differ from `approved`.
  static func differences(_ files: [String: String], from approved: [String: String]) -> String {
    let changed = files.keys.filter { approved[$0] != nil && approved[$0] != files[$0] }.sorted()
    let added = files.keys.filter { approved[$0] == nil }.sorted()
    let removed = approved.keys.filter { files[$0] == nil }.sorted()
    func part(_ paths: [String], _ what: String) -> String? {
      guard !paths.isEmpty else { return nil }
      let shown =
        paths.count <= 3
        ? paths.joined(separator: ", ") : paths.prefix(3).joined(separator: ", ") + " and \(paths.count - 3) more"
      return "\(paths.count) file\(paths.count == 1 ? "" : "s") \(what) (\(shown))"
    }
    return [part(changed, "changed"), part(added, "added"), part(removed, "removed")].compactMap { $0 }
      .joined(separator: ", ")
  }

  /// Who must run `pubpack approve`, and how.
  static func whoMustApprove(_ settings: ApprovalSettings?, content: String, before: String? = nil) -> String {
    if let signers = settings?.allowedSigners {
      let text = FileManager.default.contents(atPath: join(content, signers)).map {
        String(decoding: $0, as: UTF8.self)
      }
      let names = AllowedSigners.principals(in: text ?? "")
      let who =
        names.isEmpty
        ? "someone \(signers) allows"
        : (names.count == 1 ? names[0] : "one of " + names.joined(separator: ", "))
      return
        "\(who) must check the site and run 'pubpack approve --as NAME --key SSH_KEY' (NAME as \(signers) writes it)"
    }
    return
      "\(before.map { "\($0) (or another second person)" } ?? "a second person") must check the site and run 'pubpack approve --as NAME'"
  }

  /// The one error that forbids publishing a site with `manifest` to `target`, or nil when no
  /// approval is required or an accepted one covers exactly its files.
  public static func problem(for manifest: BuildManifest, content: String, settings: ApprovalSettings?, target: String)
    -> Diagnostic?
  {
    guard let settings, settings.isRequired else { return nil }
    let stored = load(content: content, settings: settings)
    let approvals = accepted(stored)
    let files = Approval.files(of: manifest)
    if covering(files, in: approvals) != nil { return nil }
    let nothing = "nothing was uploaded to \(target)"
    // Why approvals that might have covered it do not count (the latest first, a few at most).
    let refused = stored.filter { $0.rejection != nil }.suffix(3).reversed().map {
      "\(Approval.folderName)/\($0.fileName)\($0.approval.map { " (\($0.approvedBy))" } ?? "") does not count: \($0.rejection!)"
    }
    guard let (approval, site) = nearest(to: parseUTC(manifest.builtFor), in: approvals) else {
      return .error(
        at: nil, "publish.approval.required is set in pack.yaml, and no approval covers this site",
        notes: refused + [whoMustApprove(settings, content: content), nothing])
    }
    // A site from before the pack's embargo (a holding page) is not one the approvals cover:
    // its feed is dated by its build, so no approval could name its bytes in advance.
    if let builtFor = parseUTC(manifest.builtFor), let first = approval.sites.first.flatMap({ parseUTC($0.from) }),
      builtFor < first
    {
      return .error(
        at: nil,
        "the site was built for \(LondonTime.longWithUTC(builtFor)), before the pack's embargo; approvals cover the sites the pack publishes from \(LondonTime.longWithUTC(first)) on",
        notes: refused + [
          "publish at or after the embargo, or use 'pubpack publish --wait', which publishes each approved site at its instant",
          nothing,
        ])
    }
    return .error(
      at: nil,
      "the site differs from the one approved by \(approval.byWhomAndWhen): \(differences(files, from: site.files))",
      notes: refused + [whoMustApprove(settings, content: content, before: approval.approvedBy), nothing])
  }
}

extension Publisher {
  /// Whether pack.yaml asks for approvals (`publish.approval.required`).
  func requiresApproval(content: String) -> Bool {
    let path = join(content, "pack.yaml")
    let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    return PackSettingsLoader.load(text ?? "", path: path).0?.approval?.isRequired ?? false
  }

  /// The one error that forbids publishing `manifest` from the pack in `content` to `target`
  /// by pack.yaml's `publish.approval`, read again now; nil when it may go.
  func approvalProblem(_ manifest: BuildManifest, content: String, target: String) -> Diagnostic? {
    let path = join(content, "pack.yaml")
    let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    let (settings, problems) = PackSettingsLoader.load(text ?? "", path: path)
    guard let settings else {
      // pack.yaml was readable when the target was resolved: a file broken since cannot say
      // that no approval is needed.
      return problems.first { $0.severity == .error }
        ?? .error(
          at: nil, "cannot read '\(path)' to check the site's approval", notes: ["nothing was uploaded to \(target)"])
    }
    return ApprovalStore.problem(for: manifest, content: content, settings: settings.approval, target: target)
  }
}
