/// A place in a source file, counted from 1 as editors count it.
///
/// Lines count from the top of the file, front matter included; columns count characters.
public struct SourceLocation: Sendable, Hashable, Comparable {
  /// The path as the user typed it or relative to the current folder; never absolute
  /// unless the user gave an absolute path.
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
  }
}

/// One problem found in the user's input, with where it is and how to fix it.
///
/// Every user-facing message of pubpack is a `Diagnostic`, and its text is produced in
/// one place (`rendered`), so the messages can be reviewed together.
public struct Diagnostic: Sendable, Hashable, Error {
  public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      lhs == .error && rhs == .warning
    }
  }

  public var severity: Severity
  /// Where the problem is; a file without a position uses line and column 1.
  public var location: SourceLocation?
  public var message: String
  /// How to fix it; each note is printed on its own indented line.
  public var notes: [String]

  public init(
    _ severity: Severity = .error, at location: SourceLocation?, _ message: String,
    notes: [String] = []
  ) {
    self.severity = severity
    self.location = location
    self.message = message
    self.notes = notes
  }

  /// Convenience for an error.
  public static func error(
    at location: SourceLocation?, _ message: String, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.error, at: location, message, notes: notes)
  }

  /// Convenience for a warning.
  public static func warning(
    at location: SourceLocation?, _ message: String, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.warning, at: location, message, notes: notes)
  }

  /// The diagnostic as printed: `path:line:column: error: message`, then `  note: ...` lines.
  public var rendered: String {
    var head = ""
    if let location {
      head = "\(location.path):\(location.line):\(location.column): "
    }
    var text = "\(head)\(severity.rawValue): \(message)"
    for note in notes {
      text += "\n  note: \(note)"
    }
    return text
  }
}

/// A failure carrying every problem found, reported together.
public struct DiagnosticError: Error, Sendable {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public init(_ diagnostic: Diagnostic) {
    self.diagnostics = [diagnostic]
  }
}

extension Array where Element == Diagnostic {
  /// Whether any of these is an error (warnings do not fail a command).
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// Sorted by file, then line and column, errors before warnings at the same place.
  public func sortedForDisplay() -> [Diagnostic] {
    sorted { a, b in
      switch (a.location, b.location) {
      case (nil, nil): return a.message < b.message
      case (nil, _): return true
      case (_, nil): return false
      case (let l?, let r?):
        if l != r { return l < r }
        return a.severity < b.severity
      }
    }
  }
}

/// "Did you mean" help: the candidates closest to `word` by edit distance.
public func closestMatches(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
  let lowered = word.lowercased()
  let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
  let threshold = max(2, word.count / 3)
  return
    scored
    .filter { $0.1 <= threshold }
    .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    .prefix(limit)
    .map(\.0)
}

/// Levenshtein distance between two strings, by characters.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
