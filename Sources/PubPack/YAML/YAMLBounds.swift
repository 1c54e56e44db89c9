import CYaml

/// The limits that keep reading a YAML file bounded, checked on libyaml's events before Yams
/// builds a tree.
///
/// An alias (`*name`) stands for everything its anchor (`&name`) holds, so ten lines of
/// anchors that each alias the one before nine times ("billion laughs") stand for a billion
/// values: Yams shares them, but turning them into pubpack's values, or comparing mapping keys
/// that are aliases, does the work for each one. This counts what aliases would add, and how
/// deep collections nest, from the event stream alone (one pass, memory for one number per
/// anchor and one per open collection):
///
/// - at most `mostAliasedValues` values in all may come from aliases (a real file aliases a
///   few small blocks, if any);
/// - collections may nest at most `deepestNesting` deep (real files nest three or four deep;
///   libyaml's own limit is 1,000, and pubpack walks its values recursively).
enum YAMLBounds {
  static let mostAliasedValues = 10_000
  static let deepestNesting = 64

  /// A diagnostic for the first alias or collection beyond the limits, or nil.
  ///
  /// A syntax error is left for Yams to report.
  static func check(_ text: String, path: String, lineOffset: Int = 0) -> Diagnostic? {
    let bytes = Array(text.utf8)
    // Without an alias, and with fewer characters that can open a collection than the depth
    // allowed, there is nothing to count (most front matter).
    let openers = Set("[{-:?".utf8)
    if !bytes.contains(UInt8(ascii: "*")), bytes.count(where: { openers.contains($0) }) <= deepestNesting { return nil }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    return bytes.withUnsafeBufferPointer { buffer in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      func at(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(path: path, line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
      }
      // The values each finished anchor stands for (an anchor may be defined again later).
      var sizes: [String: Int] = [:]
      // Each open collection: its anchor and the values in it so far, itself included.
      var open: [(anchor: String?, size: Int)] = []
      var aliased = 0
      func add(_ size: Int) {
        if !open.isEmpty { open[open.count - 1].size += size }
      }
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_SCALAR_EVENT:
          if let anchor = event.data.scalar.anchor { sizes[String(cString: anchor)] = 1 }
          add(1)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
          let anchor =
            event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
          open.append((anchor.map { String(cString: $0) }, 1))
          if open.count > deepestNesting {
            return .error(
              at: at(event.start_mark),
              "this YAML nests lists and mappings more than \(deepestNesting) deep",
              notes: [
                "pubpack's files nest a few levels deep; check for a run of '[' or '{', or indentation that keeps growing"
              ])
          }
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          guard let closed = open.popLast() else { break }
          if let anchor = closed.anchor { sizes[anchor] = closed.size }
          add(closed.size)
        case YAML_ALIAS_EVENT:
          let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
          // An alias to an anchor not yet finished is an error Yams reports.
          let size = sizes[name] ?? 1
          aliased += size
          add(size)
          if aliased > mostAliasedValues {
            return .error(
              at: at(event.start_mark),
              "the alias '*\(name)' stands for \(size) values, which makes the aliases in this file stand for more than \(mostAliasedValues) in all",
              notes: [
                "an alias repeats everything its anchor '&\(name)' holds, and aliases inside it repeat theirs: the file grows without limit",
                "write the values out, or alias fewer and smaller blocks",
              ])
          }
        default:
          break
        }
      }
    }
  }
}
