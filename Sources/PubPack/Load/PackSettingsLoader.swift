import Foundation

/// Reads `content/pack.yaml`.
public enum PackSettingsLoader {
  public static func load(
    _ text: String, path: String, fileSystem: FileSystem = .disk
  ) -> (PackSettings?, [Diagnostic]) {
    let root: YAMLNode?
    do { root = try YAMLNode.parse(text, path: path) } catch { return (nil, error.diagnostics) }
    var r = YAMLReader(path: path)
    let fileStart = SourceLocation(path: path, line: 1, column: 1)
    guard let root, let top = r.mapping(root, allowed: ["site", "markdown", "publish", "distribution"], context: "pack.yaml")
    else {
      r.error(fileStart, "pack.yaml is empty", notes: ["add 'site: { title: ..., baseURL: ... }'"])
      return (nil, r.diagnostics)
    }
    let siteNode = top["site"]
    if siteNode == nil { r.error(fileStart, "the 'site' section is missing", notes: ["add 'site: { title: ..., baseURL: ... }'"]) }
    let site = siteNode.flatMap { r.mapping($0, allowed: ["title", "baseURL", "shareImages"], context: "'site'") } ?? [:]
    let makesShareImages = r.bool(site["shareImages"], "site.shareImages") ?? true
    let title = r.string(site["title"], "site.title", required: siteNode != nil, in: siteNode)
    var baseURL = r.string(site["baseURL"], "site.baseURL", required: siteNode != nil, in: siteNode)
    if let url = baseURL, let node = site["baseURL"] {
      if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
        r.error(node.location, "site.baseURL must be an absolute http(s) address, not '\(url)'",
          notes: ["e.g. https://www.fernleigh.example/ofsted-2026/"])
      }
      if !url.hasSuffix("/") { baseURL = url + "/" }
    }

    var allowsRawHTML = false
    if let node = top["markdown"] {
      let markdown = r.mapping(node, allowed: ["rawHTML"], context: "'markdown'") ?? [:]
      allowsRawHTML = r.bool(markdown["rawHTML"], "markdown.rawHTML") ?? false
    }

    var targets: [String: PublishTarget] = [:]
    var approval: ApprovalSettings?
    if let publishNode = top["publish"] {
      let publish = r.mapping(publishNode, allowed: ["targets", "approval"], context: "'publish'") ?? [:]
      if let approvalNode = publish["approval"] {
        approval = ApprovalSettings.read(approvalNode, reader: &r, packPath: path, fileSystem: fileSystem)
      }
      if let targetsNode = publish["targets"], case .mapping(let pairs) = targetsNode.kind {
        for pair in pairs {
          let t = r.mapping(
            pair.value, allowed: ["directory", "rsync", "ssh", "keepReleases", "all"], context: "target '\(pair.key)'")
            ?? [:]
          if let allNode = t["all"] {
            let members = r.strings(allNode, "all")
            if t.count > 1 {
              r.error(
                pair.keyLocation, "group '\(pair.key)' has 'all' and other settings",
                notes: [
                  "a group only names its members: \(pair.key): { all: [web1, web2] }; set the rest on each member"
                ])
            } else if members.isEmpty {
              r.error(allNode.location, "group '\(pair.key)' names no targets", notes: ["e.g. all: [web1, web2]"])
            } else if Set(members).count != members.count {
              r.error(allNode.location, "group '\(pair.key)' names a target twice", notes: ["name each member once"])
            } else {
              targets[pair.key] = PublishTarget(
                name: pair.key, destination: .group(members), ssh: nil, keepReleases: 5, location: pair.keyLocation)
            }
            continue
          }
          let directory = r.string(t["directory"], "directory", in: pair.value)
          let rsync = r.string(t["rsync"], "rsync", in: pair.value)
          var keep = 5
          if let keepNode = t["keepReleases"], let text = r.string(keepNode, "keepReleases", in: pair.value) {
            if let n = Int(text), n >= 1 { keep = n } else {
              r.error(
                keepNode.location, "keepReleases must be a whole number of at least 1, not '\(text)'",
                notes: ["e.g. keepReleases: 5"])
            }
          }
          let destination: PublishTarget.Destination
          switch (directory, rsync) {
          case (let d?, nil): destination = .directory(d)
          case (nil, let remote?): destination = .rsync(remote)
          default:
            r.error(pair.keyLocation, "target '\(pair.key)' needs exactly one of 'directory' or 'rsync'",
              notes: ["directory: /srv/www/ofsted-2026", "rsync: \"deploy@web01.example:/var/www/ofsted-2026\""])
            continue
          }
          targets[pair.key] = PublishTarget(
            name: pair.key, destination: destination, ssh: r.string(t["ssh"], "ssh", in: pair.value),
            keepReleases: keep, location: pair.keyLocation)
        }
      }
    }
    // A group's members are targets of this file, each a directory or rsync one.
    for group in targets.values.sorted(by: { $0.name < $1.name }) {
      guard case .group(let members) = group.destination else { continue }
      for member in members {
        switch targets[member]?.destination {
        case nil:
          let names = targets.filter { if case .group = $0.value.destination { false } else { true } }.keys.sorted()
          let hint = names.isEmpty ? "add it under 'publish: targets:'" : "the targets are: \(names.joined(separator: ", "))"
          r.error(group.location, "group '\(group.name)' names '\(member)', which is not a target", notes: [hint])
        case .group?:
          r.error(
            group.location, "group '\(group.name)' names the group '\(member)'",
            notes: ["a group's members are directory or rsync targets; list them all"])
        default: break
        }
      }
    }
    guard !r.diagnostics.hasErrors, let title, let baseURL else { return (nil, r.diagnostics) }
    return (PackSettings(
        siteTitle: title, baseURL: baseURL, allowsRawHTML: allowsRawHTML, targets: targets, approval: approval,
        makesShareImages: makesShareImages), r.diagnostics)
  }
}
