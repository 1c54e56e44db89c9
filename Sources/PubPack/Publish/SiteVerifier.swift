import Foundation

/// A site folder checked against its build manifest: exactly the files a release build wrote.
public struct VerifiedSite: Sendable {
  /// The site folder, as the user named it.
  public var directory: String
  public var manifest: BuildManifest
  /// The manifest file's bytes, uploaded beside the release (never into its web root).
  public var manifestData: Data

  /// The SHA-256 of the manifest file: the publication log's record of what went live.
  public var manifestHash: String { BuildManifest.sha256(manifestData) }
}

/// The first check of `publish`: the site folder is exactly what a release build wrote.
///
/// It refuses a folder with no manifest (not made by pubpack), a preview build, a file the
/// manifest does not list (it might be anything), a listed file that is missing or whose size
/// or SHA-256 differs (altered since the build), a symbolic link, and a manifest path that could
/// reach outside the folder. Every problem is reported, then the upload is refused as a whole.
public enum SiteVerifier {
  public static func verify(siteDirectory site: String) -> (VerifiedSite?, [Diagnostic]) {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: site, isDirectory: &isDirectory), isDirectory.boolValue else {
      return (
        nil,
        [
          .error(
            at: nil, "there is no site folder '\(site)' to publish",
            notes: ["run 'pubpack build' first, or name the folder with --site"])
        ]
      )
    }
    let manifestPath = join(site, BuildManifest.fileName)
    guard let data = fm.contents(atPath: manifestPath), let manifest = BuildManifest.read(siteDirectory: site) else {
      return (
        nil,
        [
          .error(
            at: nil, "'\(site)' was not made by 'pubpack build': it has no readable \(BuildManifest.fileName)",
            notes: ["only a release build can be published; run 'pubpack build --output \(site)'"])
        ]
      )
    }
    guard manifest.mode == .release else {
      return (
        nil,
        [
          .error(
            at: nil, "'\(site)' is a \(manifest.mode.rawValue) build, not a release build",
            notes: [
              "a preview shows embargoed documents and must never be published",
              "run 'pubpack build --output \(site)' to make a release build",
            ])
        ]
      )
    }

    var problems: [Diagnostic] = []
    var listed: [String: BuildManifest.Entry] = [:]
    for entry in manifest.files {
      guard isSafeRelativePath(entry.path) else {
        problems.append(
          .error(
            at: nil, "the build manifest of '\(site)' names an unsafe path '\(entry.path)'",
            notes: ["the manifest has been edited; rebuild with 'pubpack build'"]))
        continue
      }
      if listed[entry.path] != nil {
        problems.append(
          .error(
            at: nil, "the build manifest of '\(site)' lists '\(entry.path)' twice",
            notes: ["the manifest has been edited; rebuild with 'pubpack build'"]))
      }
      listed[entry.path] = entry
      if let notBefore = entry.notBefore, parseUTC(notBefore) == nil {
        problems.append(
          .error(
            at: nil, "the build manifest of '\(site)' has an unreadable notBefore '\(notBefore)' for '\(entry.path)'",
            notes: ["the manifest has been edited; rebuild with 'pubpack build'"]))
      }
    }

    // Every file on disk must be listed, and be what the manifest says.
    var seen: Set<String> = []
    for (path, kind) in walk(site) {
      if path == BuildManifest.fileName { continue }
      switch kind {
      case .symbolicLink:
        problems.append(
          .error(
            at: nil, "'\(join(site, path))' is a symbolic link, which a build never writes",
            notes: ["remove it and rebuild with 'pubpack build'"]))
      case .other:
        problems.append(
          .error(at: nil, "'\(join(site, path))' is not a regular file", notes: ["rebuild with 'pubpack build'"]))
      case .file:
        guard let entry = listed[path] else {
          problems.append(
            .error(
              at: nil, "'\(join(site, path))' is not in the build manifest: it was added after the build",
              notes: ["rebuild with 'pubpack build' so the site is exactly what the build made"]))
          continue
        }
        seen.insert(path)
        guard let contents = fm.contents(atPath: join(site, path)) else {
          problems.append(.error(at: nil, "cannot read '\(join(site, path))'", notes: ["check its permissions"]))
          continue
        }
        if contents.count != entry.size || BuildManifest.sha256(contents) != entry.sha256 {
          problems.append(
            .error(
              at: nil, "'\(join(site, path))' has changed since the build",
              notes: ["edit the content and rebuild with 'pubpack build'; never edit the site folder by hand"]))
        }
      }
    }
    for entry in manifest.files where !seen.contains(entry.path) && isSafeRelativePath(entry.path) {
      if fm.fileExists(atPath: join(site, entry.path)) { continue }  // reported above as not a file
      problems.append(
        .error(
          at: nil, "'\(join(site, entry.path))' is missing: the build wrote it",
          notes: ["rebuild with 'pubpack build'"]))
    }
    guard problems.isEmpty else { return (nil, problems) }
    return (VerifiedSite(directory: site, manifest: manifest, manifestData: data), [])
  }

  enum Kind { case file, symbolicLink, other }

  /// Every non-folder entry under `root`, relative to it, sorted; symbolic links are not followed.
  static func walk(_ root: String) -> [(String, Kind)] {
    let fm = FileManager.default
    var result: [(String, Kind)] = []
    func visit(_ relative: String) {
      let absolute = relative.isEmpty ? root : join(root, relative)
      let names = ((try? fm.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
      for name in names {
        let path = relative.isEmpty ? name : relative + "/" + name
        let type = (try? fm.attributesOfItem(atPath: join(root, path)))?[.type] as? FileAttributeType
        switch type {
        case .typeDirectory?: visit(path)
        case .typeRegular?: result.append((path, .file))
        case .typeSymbolicLink?: result.append((path, .symbolicLink))
        default: result.append((path, .other))
        }
      }
    }
    visit("")
    return result
  }
}

/// A path inside a folder that cannot leave it: relative, no empty, `.` or `..` components.
func isSafeRelativePath(_ path: String) -> Bool {
  guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\u{0}"), !path.contains("\n") else { return false }
  return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
    !$0.isEmpty && $0 != "." && $0 != ".."
  }
}

/// Parses the manifest's RFC 3339 UTC form (`2026-08-03T23:01:00Z`) exactly.
func parseUTC(_ text: String) -> Instant? {
  guard text.hasSuffix("Z"), case .success(let instant) = InstantParser.parse(text) else { return nil }
  return instant
}
