import Foundation

extension ApprovalSettings {
  /// Reads `publish.approval` of pack.yaml at `packPath`; the allowed signers file it names is
  /// looked for beside pack.yaml (in `content/`). Problems go to `r`, each at its value.
  static func read(
    _ node: YAMLNode, reader r: inout YAMLReader, packPath: String, fileSystem: FileSystem = .disk
  ) -> ApprovalSettings? {
    guard let map = r.mapping(node, allowed: ["required", "allowedSigners"], context: "'publish.approval'") else {
      return nil
    }
    if map.isEmpty {
      // Unknown keys have been reported; only a mapping with none at all says nothing.
      if case .mapping(let pairs) = node.kind, !pairs.isEmpty { return nil }
      r.error(
        node.location, "'publish.approval' says nothing",
        notes: ["write 'approval: { required: true }' to have publish refuse a site no one has approved"])
      return nil
    }
    var required: Bool?
    if let requiredNode = map["required"] {
      guard let value = r.bool(requiredNode, "required") else { return nil }
      required = value
    }
    var signers: String?
    if let signersNode = map["allowedSigners"] {
      guard let name = r.string(signersNode, "allowedSigners", in: node) else { return nil }
      guard let problem = allowedSignersProblem(name, content: packPath.parentPath, fileSystem: fileSystem) else {
        signers = name
        // A file of signers is only there to be insisted on: naming one asks for approvals.
        return ApprovalSettings(isRequired: required ?? true, allowedSigners: signers, location: node.location)
      }
      r.error(signersNode.location, problem.message, notes: problem.notes)
      return nil
    }
    return ApprovalSettings(isRequired: required ?? false, allowedSigners: signers, location: node.location)
  }

  /// Why `name` cannot be the allowed signers file of the pack in `content`, or nil.
  static func allowedSignersProblem(
    _ name: String, content: String, fileSystem: FileSystem = .disk
  ) -> (message: String, notes: [String])? {
    let example =
      "one line per approver: \"Sam Patel\" ssh-ed25519 AAAA... (their public key, from ~/.ssh/id_ed25519.pub)"
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.isEmpty || name.hasPrefix("/") || parts.contains("..") || parts.contains("") {
      return (
        "allowedSigners must name a file inside the content folder, not '\(name)'",
        ["e.g. allowedSigners: approvers (the file content/approvers)"]
      )
    }
    let path = join(content, name)
    switch PackLoader.kind(of: path, within: content.isEmpty ? "." : content, fileSystem: fileSystem) {
    case .regular, .linkInside: break
    case .linkOutside:
      return (
        "the allowed signers file '\(name)' is a symbolic link that leads outside the content folder",
        ["copy the file into the content folder instead of linking to it"]
      )
    case .other:
      return (
        "the allowed signers file '\(name)' does not exist in the content folder", ["create \(path) with " + example]
      )
    }
    guard let data = fileSystem.contents(path), let text = String(data: data, encoding: .utf8) else {
      return ("cannot read the allowed signers file '\(name)'", ["it must be UTF-8 text with " + example])
    }
    if AllowedSigners.principals(in: text).isEmpty {
      return ("the allowed signers file '\(name)' names no one", ["write " + example])
    }
    return nil
  }
}

/// An OpenSSH allowed_signers file (`ssh-keygen(1)`, ALLOWED SIGNERS): who may sign approvals.
enum AllowedSigners {
  /// The principals the file names, in order: each line's first field, quoted or not, split at
  /// commas. Comments and blank lines are skipped.
  static func principals(in text: String) -> [String] {
    var names: [String] = []
    for raw in text.split(separator: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let field: Substring
      let rest: Substring
      if line.hasPrefix("\"") {
        let quoted = line.dropFirst()
        guard let end = quoted.firstIndex(of: "\"") else { continue }
        field = quoted[..<end]
        rest = quoted[quoted.index(after: end)...]
      } else {
        field = line.prefix { $0 != " " && $0 != "\t" }
        rest = line.dropFirst(field.count)
      }
      // A line that is only a name has no key, and ssh-keygen ignores it.
      guard !rest.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
      for name in field.split(separator: ",") where !names.contains(String(name)) { names.append(String(name)) }
    }
    return names
  }
}
