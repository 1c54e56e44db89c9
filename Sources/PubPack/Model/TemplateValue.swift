/// The data that documents and templates can name with Mustache tags.
///
/// Built from the typed inspection data, the pack settings and the documents, never from raw
/// YAML, so every name a tag can use is known and documented (docs/variables.md).
public indirect enum TemplateValue: Sendable, Equatable {
  case string(String)
  case bool(Bool)
  case list([TemplateValue])
  case map([String: TemplateValue])
  /// A name that exists but has no value here (an optional fact not given). A section over it
  /// renders nothing; naming a field inside it is an error.
  case null

  public subscript(key: String) -> TemplateValue? {
    if case .map(let map) = self { return map[key] }
    return nil
  }

  /// A string, or `.null` when there is none.
  public static func optional(_ text: String?) -> TemplateValue {
    text.map(TemplateValue.string) ?? .null
  }

  /// Whether any text in the value, at any depth, holds one of `scalars`.
  func contains(anyOf scalars: Set<Unicode.Scalar>) -> Bool {
    // ASCII scalars are looked for as bytes (an ASCII byte of UTF-8 is always that scalar): a
    // set lookup per scalar of every value of a large pack was a serial stretch of the build.
    if scalars.allSatisfy(\.isASCII) {
      var mask: (low: UInt64, high: UInt64) = (0, 0)
      for scalar in scalars {
        if scalar.value < 64 { mask.low |= 1 << scalar.value } else { mask.high |= 1 << (scalar.value - 64) }
      }
      return containsASCII(mask)
    }
    return switch self {
    case .string(let text): text.unicodeScalars.contains { scalars.contains($0) }
    case .bool, .null: false
    case .list(let items): items.contains { $0.contains(anyOf: scalars) }
    case .map(let map): map.contains { $0.key.unicodeScalars.contains { scalars.contains($0) } || $0.value.contains(anyOf: scalars) }
    }
  }

  private func containsASCII(_ mask: (low: UInt64, high: UInt64)) -> Bool {
    func holds(_ text: String) -> Bool {
      text.utf8.contains { byte in
        byte < 64 ? mask.low >> byte & 1 == 1 : byte < 128 ? mask.high >> (byte - 64) & 1 == 1 : false
      }
    }
    switch self {
    case .string(let text): return holds(text)
    case .bool, .null: return false
    case .list(let items): return items.contains { $0.containsASCII(mask) }
    case .map(let map): return map.contains { holds($0.key) || $0.value.containsASCII(mask) }
    }
  }

  /// The names a map offers (for "did you mean").
  var keys: [String] {
    if case .map(let map) = self { return map.keys.sorted() }
    return []
  }

  /// Reads a YAML value as template data, without typing (every scalar is a string).
  public init(yaml node: YAMLNode) {
    switch node.kind {
    case .scalar:
      self = node.isNull ? .null : .string(node.scalar ?? "")
    case .sequence(let items):
      self = .list(items.map(TemplateValue.init(yaml:)))
    case .mapping(let pairs):
      var map: [String: TemplateValue] = [:]
      for pair in pairs { map[pair.key] = TemplateValue(yaml: pair.value) }
      self = .map(map)
    }
  }
}
