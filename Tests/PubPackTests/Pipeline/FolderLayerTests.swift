import Foundation
import Testing

/// The folders of `Sources/PubPack` depend one way only: a folder may use what the folders
/// before it in `layers` declare, never what a later one does. The pipeline's stages come in
/// build order after the context they share, and `Pipeline` (the table of contents and the
/// `Build` it hands back) after every stage; the commands' libraries (writing, publishing,
/// the press copy, sending, `init`) use a build and are used by none of the stages.
///
/// This reads the sources: every type and top-level function a folder declares, then every
/// file's code (comments and string literals left out) for names declared in a later folder.
@Suite struct FolderLayerTests {
  static let layers = [
    "Support", "Diagnostics", "Time", "Tools", "YAML", "Model", "Embargo", "Import", "Load", "Template", "Validate",
    "Build", "Render", "Check", "ShareImage", "Pages", "Listings", "Assets", "PDF", "Pipeline", "Write", "Publish", "Press", "Send",
    "Init",
  ]

  static var sources: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/PubPack")
  }

  @Test func everyFolderUsesOnlyTheFoldersBeforeIt() throws {
    let found = try Self.violations(in: Self.sources, layers: Self.layers)
    #expect(found == [], "move the code to the right folder, or the shared type down to a folder both can use")
  }

  @Test func theCheckFindsAFolderThatUsesALaterOne() throws {
    let root = Scratch.root.appendingPathComponent("layers-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let files = [
      "Lower/Reader.swift": "struct Reader {\n  // Not a use: Writer in a comment.\n  let note = \"Writer\"\n  func make() -> Writer { Writer() }\n}\n",
      "Upper/Writer.swift": "struct Writer {\n  let reader = Reader()\n  func run() { helper() }\n}\n",
      "Upper/Helper.swift": "func helper() {}\n",
      "Lower/Caller.swift": "func callIt() { helper() }\n",
      "Stray/Thing.swift": "struct Thing {}\n",
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let found = try Self.violations(in: root, layers: ["Lower", "Upper"])
    #expect(
      found == [
        "Lower/Caller.swift uses helper( from Upper, a later folder",
        "Lower/Reader.swift uses Writer from Upper, a later folder",
        "Stray is not in FolderLayerTests.layers: place it",
      ])
  }

  /// Each use of a name declared in a later folder, as "FILE uses NAME from FOLDER, a later folder".
  static func violations(in root: URL, layers: [String]) throws -> [String] {
    let paths = try #require(FileManager.default.subpaths(atPath: root.path)).filter { $0.hasSuffix(".swift") }.sorted()
    let declaration = try NSRegularExpression(
      pattern: #"^(?:(?:public|internal|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)"#,
      options: .anchorsMatchLines)
    let function = try NSRegularExpression(pattern: #"^(?:public\s+)?func\s+(\w+)"#, options: .anchorsMatchLines)
    var texts: [(path: String, folder: String, code: String)] = []
    var owners: [String: String] = [:]
    var found: [String] = []
    for path in paths {
      let folder = String(path.split(separator: "/").first ?? "")
      let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      let range = NSRange(text.startIndex..., in: text)
      for match in declaration.matches(in: text, range: range) {
        owners[String(text[Range(match.range(at: 1), in: text)!])] = folder
      }
      for match in function.matches(in: text, range: range) {
        owners[String(text[Range(match.range(at: 1), in: text)!]) + "("] = folder
      }
      texts.append((path, folder, code(of: text)))
    }
    for folder in Set(texts.map(\.folder)).sorted() where !layers.contains(folder) {
      found.append("\(folder) is not in FolderLayerTests.layers: place it")
    }
    for (path, folder, code) in texts {
      guard let level = layers.firstIndex(of: folder) else { continue }
      let words = identifiers(in: code)
      for (name, owner) in owners.sorted(by: { $0.key < $1.key }) {
        guard owner != folder, let ownerLevel = layers.firstIndex(of: owner), ownerLevel > level else { continue }
        let isUsed =
          name.hasSuffix("(")
          ? code.range(of: #"(?<![\w.])"# + NSRegularExpression.escapedPattern(for: name), options: .regularExpression) != nil
          : words.contains(name)
        if isUsed { found.append("\(path) uses \(name) from \(owner), a later folder") }
      }
    }
    return found.sorted()
  }

  /// The code of a Swift file: no comments, and every string literal empty.
  static func code(of text: String) -> String {
    var code = text.replacingOccurrences(of: #"\"\"\"[\s\S]*?\"\"\""#, with: "\"\"", options: .regularExpression)
    code = code.replacingOccurrences(of: #"\"(?:\\.|[^\"\\\n])*\""#, with: "\"\"", options: .regularExpression)
    code = code.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
    return code
  }

  static func identifiers(in code: String) -> Set<String> {
    var words: Set<String> = []
    var current = ""
    for character in code {
      if character.isLetter || character.isNumber || character == "_" {
        current.append(character)
      } else if !current.isEmpty {
        words.insert(current)
        current = ""
      }
    }
    if !current.isEmpty { words.insert(current) }
    return words
  }
}
