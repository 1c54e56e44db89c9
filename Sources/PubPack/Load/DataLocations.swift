import Foundation

/// Where each value of the pack's data files was written, by its data name, for messages
/// about a value (the checks of the URLs the data holds) to point at its line.
enum DataLocations {
  /// Every scalar's location in a YAML file, by its data name (`actionPlan.url`).
  static func locations(in text: String, path: String) -> [String: SourceLocation] {
    locations(in: try? YAMLNode.parse(text, path: path), prefix: "")
  }

  static func locations(in node: YAMLNode?, prefix: String) -> [String: SourceLocation] {
    guard let node else { return [:] }
    func named(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
    switch node.kind {
    case .scalar: return prefix.isEmpty ? [:] : [prefix: node.location]
    case .mapping(let pairs):
      return pairs.reduce(into: [:]) { found, pair in
        found.merge(locations(in: pair.value, prefix: named(pair.key))) { a, _ in a }
      }
    case .sequence(let items):
      return items.enumerated().reduce(into: [:]) { found, item in
        found.merge(locations(in: item.element, prefix: named(String(item.offset)))) { a, _ in a }
      }
    }
  }
}
