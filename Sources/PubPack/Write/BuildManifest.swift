import Foundation

/// The record of a build, kept in its output folder as `.pubpack-build.json`.
///
/// It marks the folder as pubpack's (so a folder without it is never replaced), and lists every
/// file written with its SHA-256 and the documents it came from, so `publish` can verify the
/// site and re-check each file against the real clock. It names only what the build wrote:
/// nothing about a withheld document.
public struct BuildManifest: Codable, Sendable, Equatable {
  public static let fileName = ".pubpack-build.json"
  public static let generatorName = "pubpack"

  public struct Entry: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var size: Int
    /// Content paths of the documents the file derives from.
    public var sources: [String]
    /// RFC 3339 UTC: the file must not be public before this instant.
    public var notBefore: String?
  }

  public var generator: String
  public var formatVersion: Int
  public var mode: BuildMode
  /// The instant the build decided by, RFC 3339 UTC.
  public var builtFor: String
  public var files: [Entry]

  public init(mode: BuildMode, instant: Instant, files: [SiteFile]) {
    generator = Self.generatorName
    formatVersion = 1
    self.mode = mode
    builtFor = instant.rfc3339
    // Hashing is most of the work for a large site: on every core.
    self.files = concurrentMap(files.count) { index in
      let file = files[index]
      return Entry(
        path: file.path, sha256: file.sha256, size: file.size, sources: file.sources,
        notBefore: file.notBefore?.rfc3339)
    }
  }

  /// The SHA-256 of the bytes, in lower-case hexadecimal.
  public static func sha256(_ data: Data) -> String { sha256Hex(data) }

  /// A hash of the whole file list: two builds with the same files have the same hash.
  public var contentHash: String {
    Self.sha256(Data(files.map { "\($0.path)\u{0}\($0.sha256)\n" }.joined().utf8))
  }

  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings and numbers cannot fail.
    return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
  }

  /// Reads the manifest of a built site folder; nil if there is none or it is not pubpack's.
  public static func read(siteDirectory: String) -> BuildManifest? {
    guard let data = FileManager.default.contents(atPath: join(siteDirectory, fileName)),
      let manifest = try? JSONDecoder().decode(BuildManifest.self, from: data),
      manifest.generator == generatorName
    else { return nil }
    return manifest
  }
}
