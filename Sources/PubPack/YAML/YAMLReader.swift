/// Reads typed values out of `YAMLNode`s, collecting a located diagnostic for every problem
/// instead of stopping at the first.
///
/// Each read returns nil when the value is missing or wrong, after recording why; the caller
/// carries on so that one run reports every problem in the file.
public struct YAMLReader {
  public private(set) var diagnostics: [Diagnostic] = []
  /// The file's path as shown in messages.
  public let path: String

  public init(path: String) {
    self.path = path
  }

  public mutating func error(_ location: SourceLocation, _ message: String, notes: [String] = []) {
    diagnostics.append(.error(at: location, message, notes: notes))
  }

  public mutating func warning(_ location: SourceLocation, _ message: String, notes: [String] = []) {
    diagnostics.append(.warning(at: location, message, notes: notes))
  }

  /// The pairs of a mapping, after reporting keys not in `allowed` (with "did you mean").
  public mutating func mapping(
    _ node: YAMLNode, allowed: [String], context: String
  ) -> [String: YAMLNode]? {
    guard case .mapping(let pairs) = node.kind else {
      if node.isNull { return [:] }
      error(node.location, "\(context) must be a mapping of 'key: value' lines", notes: ["write one 'key: value' a line"])
      return nil
    }
    var result: [String: YAMLNode] = [:]
    for pair in pairs {
      if allowed.contains(pair.key) {
        result[pair.key] = pair.value
      } else {
        var notes = closestMatches(to: pair.key, in: allowed).map { "did you mean '\($0)'?" }
        notes.append("the keys allowed in \(context) are: \(allowed.joined(separator: ", "))")
        error(pair.keyLocation, "unknown key '\(pair.key)' in \(context)", notes: notes)
      }
    }
    return result
  }

  /// A string; numbers and booleans as written count as strings (nothing is typed implicitly).
  public mutating func string(_ node: YAMLNode?, _ name: String, required: Bool = false, in parent: YAMLNode?)
    -> String?
  {
    guard let node, !node.isNull else {
      if required {
        error(
          parent?.location ?? SourceLocation(path: path, line: 1, column: 1),
          "'\(name)' is required",
          notes: ["add '\(name.split(separator: ".").last.map(String.init) ?? name): ...' here"])
      }
      return nil
    }
    guard let text = node.scalar else {
      error(
        node.location, "'\(name)' must be a single value, not a list or mapping",
        notes: ["write it on one line: '\(name): value'"])
      return nil
    }
    return text
  }

  /// A list of strings (a single string is not accepted as a list of one).
  public mutating func strings(_ node: YAMLNode?, _ name: String) -> [String] {
    guard let node, !node.isNull else { return [] }
    guard case .sequence(let items) = node.kind else {
      error(node.location, "'\(name)' must be a list", notes: ["write each item on its own line starting with '- '"])
      return []
    }
    return items.compactMap { string($0, name, in: node) }
  }

  /// A value from a fixed set, by its key; an unknown one lists what is allowed.
  public mutating func choice<T: RawRepresentable & CaseIterable>(
    _ node: YAMLNode?, _ name: String, as type: T.Type, required: Bool = false, in parent: YAMLNode?
  ) -> T? where T.RawValue == String {
    guard let text = string(node, name, required: required, in: parent), let node else { return nil }
    if let value = T(rawValue: text) { return value }
    let allowed = T.allCases.map(\.rawValue)
    var notes = closestMatches(to: text, in: allowed).map { "did you mean '\($0)'?" }
    notes.append("allowed values: \(allowed.joined(separator: ", "))")
    error(node.location, "'\(text)' is not a valid \(name)", notes: notes)
    return nil
  }

  /// A calendar date written `YYYY-MM-DD`.
  public mutating func date(_ node: YAMLNode?, _ name: String, required: Bool = false, in parent: YAMLNode?)
    -> CalendarDate?
  {
    guard let text = string(node, name, required: required, in: parent), let node else { return nil }
    if let date = CalendarDate(iso: text) { return date }
    error(
      node.location, "'\(text)' is not a valid date for '\(name)'",
      notes: ["write dates as YYYY-MM-DD, e.g. 2026-08-04"])
    return nil
  }

  /// An instant, as `InstantParser` reads it.
  public mutating func instant(_ node: YAMLNode?, _ name: String, required: Bool = false, in parent: YAMLNode?)
    -> Instant?
  {
    guard let text = string(node, name, required: required, in: parent), let node else { return nil }
    switch InstantParser.parse(text) {
    case .success(let instant): return instant
    case .failure(let failure):
      error(node.location, "\(name): \(failure.message)", notes: failure.notes)
      return nil
    }
  }

  /// `true` or `false` (also `yes`/`no`, which YAML 1.1 users expect).
  public mutating func bool(_ node: YAMLNode?, _ name: String) -> Bool? {
    guard let node, let text = string(node, name, in: nil) else { return nil }
    switch text.lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    default:
      error(node.location, "'\(name)' must be true or false, not '\(text)'", notes: ["write '\(name): true' or '\(name): false'"])
      return nil
    }
  }
}
