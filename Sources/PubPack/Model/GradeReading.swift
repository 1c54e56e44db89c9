import Foundation

extension YAMLReader {
  /// A grade, by key or in Ofsted's words.
  public mutating func grade(_ node: YAMLNode?, _ name: String) -> Grade? {
    guard let node, let text = string(node, name, in: nil) else { return nil }
    if let grade = Grade(parsing: text) { return grade }
    error(
      // Not echoed: a grade misspelt is still the grade, and before the embargo it is the news.
      node.location, "\(name) is not an Ofsted grade as written",
      notes: [
        "allowed values: outstanding, good, requiresImprovement, inadequate, or Ofsted's words: \"Outstanding\", \"Good\", \"Requires improvement to be good\", \"Inadequate\""
      ])
    return nil
  }
}
