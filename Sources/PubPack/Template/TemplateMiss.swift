import Foundation

/// What a tag that names nothing is told: the message, the names it may have meant, and
/// where the tag is written. Bodies (stage 4) and page templates (stage 6) say it alike.
enum TemplateMiss {
  /// "{{council.nmae}} names nothing", or "{{previous.publicationDate}} is a group of values".
  static func message(for miss: StrictTemplate.Miss, tag: String) -> String {
    miss.isGroup
      ? "{{\(tag)}} is a group of values, not one value to show"
      : "{{\(tag)}} names nothing"
  }

  static func notes(for miss: StrictTemplate.Miss, tag: String? = nil) -> [String] {
    if miss.isGroup {
      let written = tag ?? miss.name
      let preferred = ["long", "grade", "gradeLower", "name"].first { miss.available.contains($0) } ?? miss.available.first
      var notes = preferred.map { ["name one of its values, e.g. {{\(written).\($0)}}"] } ?? []
      notes.append("it holds: \(miss.available.joined(separator: ", "))")
      notes.append("docs/variables.md lists every name a tag can use")
      return notes
    }
    var notes = closestMatches(to: miss.missing, in: miss.available).map { suggestion -> String in
      let prefix = miss.name.split(separator: ".").dropLast().joined(separator: ".")
      return "did you mean {{\(prefix.isEmpty ? suggestion : prefix + "." + suggestion)}}?"
    }
    if notes.isEmpty && !miss.available.isEmpty && miss.available.count <= 12 {
      notes.append("names here: \(miss.available.joined(separator: ", "))")
    }
    notes.append("docs/variables.md lists every name a tag can use")
    return notes
  }
}

extension StrictTemplate {
  /// Where a missed name's tag is in `text` (a document body or template as written).
  static func findTag(in text: String, for miss: Miss) -> (line: Int, column: Int, name: String)? {
    findTags(in: text, for: miss).first
  }

  /// Every tag in `text` that asks for a missed name.
  ///
  /// A name missed as written (`{{council.nmae}}`) is reported at every tag that writes it. A
  /// name missed inside a section (`previous.judgements.careLeavers`, from
  /// `{{#previous}}{{judgements.careLeavers.grade}}{{/previous}}`) is written shorter: it is
  /// reported at the tags inside that section, or at the first tag if none is (the same short
  /// name may work elsewhere).
  static func findTags(in text: String, for miss: Miss) -> [(line: Int, column: Int, name: String)] {
    let parts = miss.name.split(separator: ".").map(String.init)
    for start in parts.indices {
      let found = findTagsAndNames(naming: parts[start...].joined(separator: "."), in: text)
      guard !found.isEmpty else { continue }
      if start == 0 { return found }
      // The section, without the item numbers of the lists it went through (`quotes.0`).
      let section = parts[..<start].filter { Int($0) == nil }.joined(separator: ".")
      let sections = WrittenTag.sectionsOpen(in: text, at: found.map { ($0.line, $0.column) })
      let inside = zip(found, sections).filter { $0.1.contains(section) }.map(\.0)
      return inside.isEmpty ? [found[0]] : inside
    }
    return []
  }
}
