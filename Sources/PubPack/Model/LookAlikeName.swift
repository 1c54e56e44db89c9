import Foundation

/// Names that a file system or web server may take for one and the same name.
///
/// Swift compares strings by canonical equivalence (`é` == `e` + U+0301), a Linux file system by
/// bytes, macOS's by normal form and often without case, a Windows server without case and
/// without trailing dots and spaces, and a browser's host names through Unicode's compatibility
/// mapping (`ｗｗｗ` is `www`). pubpack keys every name (documents, slugs, templates, assets) by
/// its exact text and refuses two names that are different texts but the same `key`, so no
/// stage can mistake one for the other, and links are compared by `key` so that no spelling of
/// a withheld page's address gets past the check.
enum LookAlikeName {
  /// The name folded as the most lenient of them would see it: without default-ignorable code
  /// points (zero-width spaces and joiners, soft hyphens), in Unicode's compatibility
  /// composition (NFKC: `ﬁ` is `fi`, fullwidth `Ａ` is `A`), in lower case, without trailing
  /// dots and spaces.
  static func key(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) {
      var bytes = name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
      while let last = bytes.last, last == UInt8(ascii: ".") || last == UInt8(ascii: " ") { bytes.removeLast() }
      return String(decoding: bytes, as: UTF8.self)
    }
    var visible = String.UnicodeScalarView()
    for scalar in name.unicodeScalars where !scalar.properties.isDefaultIgnorableCodePoint {
      // IDNA takes the ideographic full stops for '.' in host names.
      visible.append(scalar == "\u{3002}" || scalar == "\u{FF61}" ? "." : scalar)
    }
    // Lower case can undo the composition (and NFKC can make capitals): fold, then compose again.
    var folded = String(visible).precomposedStringWithCompatibilityMapping.lowercased()
      .precomposedStringWithCompatibilityMapping
    while let last = folded.unicodeScalars.last, last == "." || last == " " || last == "\u{3002}" {
      folded.unicodeScalars.removeLast()
    }
    return folded
  }

  /// Each name that has the same `key` as an earlier one in `names`, with that earlier one.
  static func collisions(_ names: [String]) -> [(name: String, earlier: String)] {
    var first: [String: String] = [:]
    var found: [(String, String)] = []
    for name in names {
      let key = key(name)
      if let earlier = first[key] { found.append((name, earlier)) } else { first[key] = name }
    }
    return found
  }

  /// How two names that share a key differ, for a message: "differ only in Unicode form", ...
  static func difference(_ a: String, _ b: String) -> String {
    if Array(a.utf8) != Array(b.utf8), a == b { return "are the same text in different Unicode normal forms" }
    if a.lowercased() == b.lowercased() { return "differ only in upper and lower case" }
    let strip = { (s: String) in
      String(String.UnicodeScalarView(s.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }))
    }
    if strip(a) == strip(b) {
      return "differ only in invisible characters (zero-width spaces, joiners or soft hyphens)"
    }
    return "are one name to a case-insensitive or Unicode-normalising file system or web server"
  }

  /// The exact spelling of a name, for a message: the text, and its Unicode code points when it
  /// holds anything but printable ASCII (two spellings that look alike must look different).
  static func shown(_ name: String) -> String {
    guard !name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
      return "'\(name)'"
    }
    let points = name.unicodeScalars.filter { !($0.isASCII && $0.value >= 0x20 && $0.value < 0x7F) }
      .map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
    return "'\(name)' (with \(points.joined(separator: ", ")))"
  }
}

extension Document {
  /// Whether two documents are one file, by the bytes of its path: Swift's `==` on the paths
  /// would take canonically equivalent names (`é`, `e` + U+0301) for one.
  func isSameFile(as other: Document) -> Bool { self.path.utf8.elementsEqual(other.path.utf8) }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
