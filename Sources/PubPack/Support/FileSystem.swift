import Foundation

/// The files a build reads: the disk, or files held in memory.
///
/// The load stage reads a pack through this one seam (and the assets stage its assets), so a
/// build can run on a pack that exists only in memory: most pipeline tests do, and leave
/// nothing on the disk. Paths are as the caller gives them; the memory form takes them as
/// written, with `/` between names.
public struct FileSystem: Sendable {
  /// What a path names, without following a symbolic link at its end.
  public enum Entry: Sendable, Equatable {
    case file
    case folder
    /// A symbolic link; where it ends (every link resolved) or nil when it leads nowhere.
    case link(end: String?)
    /// A device, a socket or anything else a pack does not hold.
    case other
  }

  /// A file's bytes (a link followed to its end), or nil when there is none or it cannot be read.
  public var contents: @Sendable (_ path: String) -> Data?
  /// What the path is, or nil when there is nothing there.
  public var entry: @Sendable (_ path: String) -> Entry?
  /// The names in a folder, unsorted, or nil when the path is not a folder.
  public var names: @Sendable (_ folder: String) -> [String]?
  /// The path with every symbolic link resolved, or nil when it leads nowhere.
  public var realPath: @Sendable (_ path: String) -> String?

  /// The bytes of the regular file at the path, a link at its end not followed, with the real
  /// path of the file that was read (every folder on the way resolved): nil when it is not a
  /// regular file or cannot be read. What was read is then known to be where it says, even if
  /// the path was changed to lead elsewhere while it was read.
  public var regularFile: @Sendable (_ path: String) -> (data: Data, realPath: String)?

  public init(
    contents: @escaping @Sendable (String) -> Data?, entry: @escaping @Sendable (String) -> Entry?,
    names: @escaping @Sendable (String) -> [String]?, realPath: @escaping @Sendable (String) -> String?,
    regularFile: (@Sendable (String) -> (data: Data, realPath: String)?)? = nil
  ) {
    self.contents = contents
    self.entry = entry
    self.names = names
    self.realPath = realPath
    // Made from the others when not given (a test's file system).
    self.regularFile =
      regularFile ?? { path in
        guard entry(path) == .file, let data = contents(path), entry(path) == .file, let real = realPath(path) else {
          return nil
        }
        return (data, real)
      }
  }

  /// Whether the path is a folder, following a link at its end.
  public func isFolder(_ path: String) -> Bool {
    switch entry(path) {
    case .folder: true
    case .link(let end?): entry(end) == .folder
    default: false
    }
  }

  /// Whether anything is there (a link that leads nowhere counts).
  public func exists(_ path: String) -> Bool { entry(path) != nil }
}

extension FileSystem {
  /// The machine's disk.
  public static let disk = FileSystem(
    contents: { FileManager.default.contents(atPath: $0) },
    entry: diskEntry,
    names: { try? FileManager.default.contentsOfDirectory(atPath: $0) },
    realPath: diskRealPath,
    regularFile: diskRegularFile)

  /// Files held in memory, by path (`/pack/content/webpage.md`), and symbolic links from a path
  /// to the path they name (absolute, or relative to the link's folder). Folders are the paths
  /// that hold them.
  public static func memory(_ files: [String: Data], links: [String: String] = [:]) -> FileSystem {
    let tree = MemoryTree(files: files, links: links)
    return FileSystem(
      contents: { path in tree.resolve(path).flatMap { tree.files[$0] } },
      entry: { path in tree.entry(tree.normalised(path)) },
      names: { path in
        guard let folder = tree.resolve(path), tree.folders[folder] != nil else { return nil }
        return Array(tree.folders[folder] ?? [])
      },
      realPath: { tree.resolve($0) })
  }
}

/// Opened without following a link at the end; the kind and the real path are those of the
/// file opened (its descriptor's), not of whatever the path names a moment later.
private func diskRegularFile(_ path: String) -> (data: Data, realPath: String)? {
  let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
  guard descriptor >= 0 else { return nil }
  let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
  var status = stat()
  guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
    let real = diskRealPath("/proc/self/fd/\(descriptor)"), let data = try? handle.readToEnd() ?? Data()
  else { return nil }
  return (data, real)
}

/// lstat(2) itself: `FileManager.attributesOfItem` also looks up the owner's and group's names
/// (reading /etc/passwd and /etc/group) and the extended attributes, a dozen calls into the
/// kernel a file where the load stage needs only the type.
private func diskEntry(_ path: String) -> FileSystem.Entry? {
  var status = stat()
  guard lstat(path, &status) == 0 else { return nil }
  switch status.st_mode & S_IFMT {
  case S_IFREG: return .file
  case S_IFDIR: return .folder
  case S_IFLNK: return .link(end: diskRealPath(path))
  default: return .other
  }
}

private func diskRealPath(_ path: String) -> String? {
  guard let resolved = realpath(path, nil) else { return nil }
  defer { free(resolved) }
  return String(cString: resolved)
}

/// The folders and links implied by a set of files in memory.
private struct MemoryTree: Sendable {
  let files: [String: Data]
  let links: [String: String]
  /// Every folder, by path, with the names in it.
  let folders: [String: Set<String>]

  init(files: [String: Data], links: [String: String]) {
    func normal(_ path: String) -> String { MemoryTree.normalise(path) }
    self.files = Dictionary(files.map { (normal($0.key), $0.value) }, uniquingKeysWith: { _, new in new })
    self.links = Dictionary(links.map { (normal($0.key), $0.value) }, uniquingKeysWith: { _, new in new })
    var folders: [String: Set<String>] = ["/": []]
    for path in Array(self.files.keys) + Array(self.links.keys) {
      var child = path
      while child != "/" {
        let parent = MemoryTree.parent(child)
        folders[parent, default: []].insert(String(child.split(separator: "/").last ?? ""))
        child = parent
      }
    }
    self.folders = folders
  }

  func normalised(_ path: String) -> String { Self.normalise(path) }

  func entry(_ written: String) -> FileSystem.Entry? {
    // The folders on the way are followed, as lstat(2) follows them; only the last name is not.
    var path = written
    if written != "/" {
      guard let folder = resolve(Self.parent(written)) else { return nil }
      path = (folder == "/" ? "" : folder) + "/" + (written.split(separator: "/").last.map(String.init) ?? "")
    }
    if let _ = links[path] { return .link(end: resolve(path)) }
    if files[path] != nil { return .file }
    if folders[path] != nil { return .folder }
    return nil
  }

  /// The path with every link along it followed, or nil when it leads nowhere (or round).
  func resolve(_ path: String) -> String? {
    var parts = Self.normalise(path).split(separator: "/").map(String.init)
    var resolved = ""
    var hops = 0
    while !parts.isEmpty {
      let name = parts.removeFirst()
      let next = resolved + "/" + name
      if let target = links[next] {
        hops += 1
        guard hops <= 40 else { return nil }
        let absolute = target.hasPrefix("/") ? target : (resolved.isEmpty ? "/" : resolved) + "/" + target
        parts = Self.normalise(absolute).split(separator: "/").map(String.init) + parts
        resolved = ""
        continue
      }
      guard files[next] != nil || folders[next] != nil else { return nil }
      resolved = next
    }
    return resolved.isEmpty ? "/" : resolved
  }

  /// `/a/./b//c/../d` as `/a/b/d`; a relative path is taken from the root.
  static func normalise(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        _ = parts.popLast()
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }
}
