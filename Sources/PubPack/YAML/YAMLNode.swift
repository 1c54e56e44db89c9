import Yams

/// A YAML value with the place it was written, for located diagnostics.
///
/// Parsed with Yams' basic resolver, so nothing is typed implicitly: `no` stays the string
/// "no", `1.10` stays "1.10", `2026-08-04` stays a string. pubpack applies its own typing
/// rules when it reads the values (`YAMLReader`).
public struct YAMLNode: Sendable {
  public enum Kind: Sendable {
    /// A scalar; `isPlain` is false when it was quoted or a block scalar.
    case scalar(String, isPlain: Bool)
    case mapping([(key: String, keyLocation: SourceLocation, value: YAMLNode)])
    case sequence([YAMLNode])
  }

  public var kind: Kind
  public var location: SourceLocation

  /// Whether this is YAML's null: empty, `~` or `null`, unquoted.
  public var isNull: Bool {
    if case .scalar(let text, true) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
    return false
  }

  /// The scalar's text, if this is a scalar that is not null.
  public var scalar: String? {
    if case .scalar(let text, _) = kind, !isNull { return text }
    return nil
  }

  /// The value for `key`, if this is a mapping that has it.
  public subscript(key: String) -> YAMLNode? {
    if case .mapping(let pairs) = kind { return pairs.first { $0.key == key }?.value }
    return nil
  }

  /// Parses one YAML document.
  ///
  /// - Parameters:
  ///   - text: the YAML.
  ///   - path: the file's path as shown in messages.
  ///   - lineOffset: lines before `text` in the file (front matter starts after `---`).
  /// - Returns: the root node, or nil for an empty document.
  /// - Throws: `DiagnosticError` located at the syntax error.
  public static func parse(_ text: String, path: String, lineOffset: Int = 0) throws(DiagnosticError)
    -> YAMLNode?
  {
    if let bound = YAMLBounds.check(text, path: path, lineOffset: lineOffset) { throw DiagnosticError(bound) }
    let root: Node?
    do {
      // UTF-8 named, not Yams's default: that reads the whole environment on every parse (4% of
      // a large build) and lets YAMS_DEFAULT_ENCODING change how a pack is read.
      root = try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      throw DiagnosticError(diagnostic(for: error, path: path, lineOffset: lineOffset))
    } catch {
      throw DiagnosticError(
        .error(at: SourceLocation(path: path, line: lineOffset + 1, column: 1), "this is not valid YAML", notes: ["check the indentation, and that each 'key:' has a space after its colon"]))
    }
    guard let root else { return nil }
    return convert(root, path: path, lineOffset: lineOffset)
  }

  private static func convert(_ node: Node, path: String, lineOffset: Int) -> YAMLNode {
    let location = SourceLocation(
      path: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    switch node {
    case .scalar(let scalar):
      return YAMLNode(kind: .scalar(scalar.string, isPlain: scalar.style == .plain), location: location)
    case .mapping(let mapping):
      let pairs = mapping.map { pair in
        (
          key: pair.key.string ?? "",
          keyLocation: SourceLocation(
            path: path, line: (pair.key.mark?.line ?? 1) + lineOffset,
            column: pair.key.mark?.column ?? 1),
          value: convert(pair.value, path: path, lineOffset: lineOffset)
        )
      }
      return YAMLNode(kind: .mapping(pairs), location: location)
    case .sequence(let sequence):
      return YAMLNode(
        kind: .sequence(sequence.map { convert($0, path: path, lineOffset: lineOffset) }),
        location: location)
    case .alias:
      return YAMLNode(kind: .scalar("", isPlain: true), location: location)
    }
  }

  private static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
    func at(_ mark: Mark) -> SourceLocation {
      SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }
    let notes = [
      "check the indentation and that every 'key: value' has a space after the colon; quote values that contain ': ' or start with a special character"
    ]
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let while_ = context.map { " (\($0.text))" } ?? ""
      return .error(at: at(mark), "invalid YAML: \(problem)\(while_)", notes: notes)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .error(
        at: at(context.mark),
        "the key '\(duplicates.joined(separator: "', '"))' appears twice in the same mapping",
        notes: ["keep one of them"])
    case .reader(let problem, _, _, _):
      return .error(
        at: SourceLocation(path: path, line: lineOffset + 1, column: 1), "cannot read the YAML: \(problem)",
        notes: ["save the file as UTF-8"])
    default:
      return .error(at: SourceLocation(path: path, line: lineOffset + 1, column: 1), "invalid YAML", notes: notes)
    }
  }
}
