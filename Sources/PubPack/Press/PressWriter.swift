import Foundation

/// Writes the press copy into its own folder, never into the site.
///
/// The press copy exists before the embargo lifts, so it must never land where `publish`
/// uploads from: the writer refuses a folder that is, or is inside, the site output folder
/// (`site`, or any folder holding a build's `.pubpack-build.json`).
public enum PressWriter {
  /// Why `output` may not hold the press copy, or nil when it may.
  ///
  /// - Parameters:
  ///   - output: the folder asked for, relative to `workingDirectory` or absolute.
  ///   - siteFolder: the site's default output folder (`site`).
  public static func refusal(for output: String, siteFolder: String = "site", workingDirectory: String) -> Diagnostic? {
    let target = absolute(output, in: workingDirectory)
    let site = absolute(siteFolder, in: workingDirectory)
    let notes = ["write the press copy to its own folder, e.g. --output press (the default)"]
    if target == site || target.hasPrefix(site + "/") {
      return .error(at: nil, "refusing to write the press copy inside the site folder '\(siteFolder)'", notes: notes)
    }
    // The folder as given and as its links resolve (a publish target's `current` is a link).
    for start in Set([target, (target as NSString).resolvingSymlinksInPath]) {
      var folder = start
      while true {
        if FileManager.default.fileExists(atPath: folder + "/" + BuildManifest.fileName) {
          return .error(
            at: nil,
            "refusing to write the press copy inside a built site ('\(display(folder, in: workingDirectory))' holds \(BuildManifest.fileName))",
            notes: notes)
        }
        // A publish target's root holds releases/publish.log (ReleaseLayout).
        let log = ReleaseLayout.releasesFolder + "/" + ReleaseLayout.logFile
        if FileManager.default.fileExists(atPath: folder + "/" + log) {
          return .error(
            at: nil,
            "refusing to write the press copy inside a publish target ('\(display(folder, in: workingDirectory))' holds \(log)): what is there is public",
            notes: notes)
        }
        let parent = folder.parentPath
        if parent == folder || parent.isEmpty { break }
        folder = parent
      }
    }
    return nil
  }

  /// Writes `<slug>.html` and `<slug>.txt` for each copy into `output` (made if missing);
  /// returns the paths written, relative as `output` was given.
  public static func write(_ copies: [PressCopy], to output: String, workingDirectory: String) -> (
    [String], [Diagnostic]
  ) {
    if let refusal = refusal(for: output, workingDirectory: workingDirectory) { return ([], [refusal]) }
    let folder = absolute(output, in: workingDirectory)
    var written: [String] = []
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for copy in copies {
        for (ext, text) in [("html", copy.html), ("txt", copy.text)] {
          let name = "\(copy.slug).\(ext)"
          try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name), options: .atomic)
          written.append((output.hasSuffix("/") ? output : output + "/") + name)
        }
      }
    } catch {
      return (
        written,
        [
          .error(
            at: nil, "cannot write the press copy to '\(output)': \(error.localizedDescription)",
            notes: ["check the folder's permissions and free space, or choose another --output"])
        ]
      )
    }
    return (written, [])
  }

  static func absolute(_ path: String, in workingDirectory: String) -> String {
    let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
    var standard = (joined as NSString).standardizingPath
    while standard.count > 1 && standard.hasSuffix("/") { standard.removeLast() }
    return standard
  }

  static func display(_ path: String, in workingDirectory: String) -> String {
    let base = absolute(workingDirectory, in: "/")
    return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
  }
}
