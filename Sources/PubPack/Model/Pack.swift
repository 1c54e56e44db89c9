/// The pack's settings, from `content/pack.yaml`.
public struct PackSettings: Sendable {
  public var siteTitle: String
  /// The public address of the site's root, ending in `/`.
  public var baseURL: String
  /// Whether raw HTML in Markdown is passed through (off unless the pack turns it on).
  public var allowsRawHTML: Bool
  /// Where `publish` may upload, by name.
  public var targets: [String: PublishTarget]
  /// `publish.approval`: whether `publish` needs a second person's approval, and whose.
  public var approval: ApprovalSettings? = nil
  /// `site.shareImages`: whether released pages get share images (`og:image`); on unless the
  /// pack turns them off (a council whose own site makes its cards).
  public var makesShareImages = true
}

/// `publish.approval` in pack.yaml: the second pair of eyes ("2i") `publish` insists on.
public struct ApprovalSettings: Sendable, Equatable {
  /// `required: true`: `publish` refuses a site no approval in `content/approvals/` covers.
  public var isRequired: Bool
  /// An OpenSSH allowed_signers file, relative to `content/`: approvals count only when signed
  /// by one of its principals (the approver's `--as` name).
  public var allowedSigners: String?
  /// Where `approval:` was written, for messages.
  public var location: SourceLocation
}

/// A place `publish` uploads releases to.
public struct PublishTarget: Sendable, Equatable {
  public enum Destination: Sendable, Equatable {
    /// A folder on this machine (a mounted web root).
    case directory(String)
    /// `[user@]host:/path`, reached with the system's rsync over ssh.
    case rsync(String)
    /// A group, `all: [web1, web2]`: the named targets, uploaded to together and switched
    /// all-or-nothing.
    case group([String])
  }

  public var name: String
  public var destination: Destination
  /// The ssh command rsync should use, e.g. `ssh -p 2222 -i KEY`.
  public var ssh: String?
  /// How many releases to keep on the target (the live one included).
  public var keepReleases: Int
  /// Where the location of this target was written, for messages.
  public var location: SourceLocation
}
