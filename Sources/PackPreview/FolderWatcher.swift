import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Watches folders (and every folder inside them) and calls `onChange` when a file in them is
/// written, created, deleted or renamed. The calls are not debounced: the caller coalesces them.
protocol FolderWatcher: Sendable {
  func stop()
}

/// How the preview learns that a source changed.
public enum WatchMethod: String, Sendable, CaseIterable {
  /// inotify on Linux; polling where it is not available.
  case automatic
  /// Compare modification times every half second: portable, and fine for a pack's few files.
  case polling
  /// No watching (tests that drive rebuilds themselves).
  case none
}

enum FolderWatchers {
  /// The watcher for `method`, falling back to polling when inotify is not available.
  static func make(_ method: WatchMethod, folders: [String], onChange: @escaping @Sendable () -> Void) -> (
    any FolderWatcher
  )? {
    switch method {
    case .none: return nil
    case .polling: return PollingWatcher(folders: folders, onChange: onChange)
    case .automatic:
      #if os(Linux)
        if let watcher = InotifyWatcher(folders: folders, onChange: onChange) { return watcher }
      #endif
      return PollingWatcher(folders: folders, onChange: onChange)
    }
  }

  /// Every folder under `root`, `root` first; hidden folders are skipped, and symbolic links
  /// are not followed (a link to `/`, or a loop, must not send the watcher through the disk).
  static func folders(under root: String) -> [String] {
    var result = [root]
    var queue = [root]
    while let folder = queue.popLast() {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for name in names.sorted() where !name.hasPrefix(".") {
        let path = folder + "/" + name
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        if type == .typeDirectory {
          result.append(path)
          queue.append(path)
        }
      }
    }
    return result
  }
}

#if os(Linux)
  /// inotify: one watch per folder, a new folder watched as soon as it appears; events are read
  /// from a non-blocking descriptor by a Dispatch read source.
  final class InotifyWatcher: FolderWatcher, @unchecked Sendable {
    // `watches` is touched only on `queue`.
    private let fd: Int32
    private let queue = DispatchQueue(label: "pubpack.preview.inotify")
    private var watches: [Int32: String] = [:]
    private var source: DispatchSourceRead?
    private let onChange: @Sendable () -> Void

    // Editors save by writing a temporary file and renaming it over the old one, so renames
    // count as much as writes.
    private static let mask: UInt32 =
      UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_CREATE)
      | UInt32(IN_DELETE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

    init?(folders: [String], onChange: @escaping @Sendable () -> Void) {
      let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
      guard fd >= 0 else { return nil }
      self.fd = fd
      self.onChange = onChange
      let added = queue.sync { () -> Bool in
        for folder in folders {
          guard self.addTree(folder) else { return false }
        }
        return true
      }
      guard added else {
        close(fd)
        return nil
      }
      let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
      source.setEventHandler { [weak self] in self?.drain() }
      source.setCancelHandler { close(fd) }
      self.source = source
      source.resume()
    }

    func stop() {
      queue.sync {
        source?.cancel()
        source = nil
      }
    }

    deinit {
      // Closes the descriptor (the cancel handler) if `stop()` was never called.
      source?.cancel()
    }

    /// Watches `root` and every folder in it; false when `root` itself cannot be watched.
    @discardableResult
    private func addTree(_ root: String) -> Bool {
      var rootWatched = false
      for folder in FolderWatchers.folders(under: root) {
        let wd = inotify_add_watch(fd, folder, Self.mask)
        if wd >= 0 {
          watches[wd] = folder
          if folder == root { rootWatched = true }
        }
      }
      return rootWatched
    }

    private func drain() {
      let size = 64 * 1024
      var buffer = [UInt8](repeating: 0, count: size)
      var changed = false
      while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, size) }
        guard count > 0 else { break }
        var offset = 0
        let header = 16  // wd, mask, cookie, len: four 32-bit fields
        while offset + header <= count {
          let (wd, mask, length) = buffer.withUnsafeBytes { bytes in
            (
              bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self),
              bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
              Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            )
          }
          let nameBytes = buffer[(offset + header)..<min(offset + header + length, count)].prefix { $0 != 0 }
          let name = String(decoding: nameBytes, as: UTF8.self)
          offset += header + length

          if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            changed = true
            continue
          }
          if mask & UInt32(IN_IGNORED) != 0 {
            watches[wd] = nil
            continue
          }
          // Editors' hidden swap and backup files do not change the pack.
          if name.hasPrefix(".") || name.hasSuffix("~") { continue }
          if mask & UInt32(IN_ISDIR) != 0, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0,
            let parent = watches[wd]
          {
            addTree(parent + "/" + name)
          }
          changed = true
        }
      }
      if changed { onChange() }
    }
  }
#endif

/// Polling: every `interval`, compare every file's size and modification time with the last
/// look. Used where inotify is not available (or asked for with `--poll`).
final class PollingWatcher: FolderWatcher {
  /// Set once; a Dispatch source may be cancelled from any thread.
  nonisolated(unsafe) private let timer: DispatchSourceTimer

  init(folders: [String], interval: Duration = .milliseconds(500), onChange: @escaping @Sendable () -> Void) {
    // The first look is taken here, so a save made before the first tick is seen. The looks
    // run on a Dispatch timer of their own, not as a task: the tasks' shared threads can all be
    // busy with a build (or, in the tests, with other tests) for seconds at a time.
    let last = Mutex(Self.fingerprint(folders))
    let (seconds, attoseconds) = interval.components
    let every = DispatchTimeInterval.nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "pubpack.preview.polling"))
    timer.schedule(deadline: .now() + every, repeating: every)
    timer.setEventHandler {
      let now = Self.fingerprint(folders)
      let changed = last.withLock { last in
        defer { last = now }
        return now != last
      }
      if changed { onChange() }
    }
    timer.resume()
  }

  deinit { timer.cancel() }

  func stop() {
    timer.cancel()
  }

  struct Stamp: Equatable {
    var size: Int64
    var seconds: Int
    var nanoseconds: Int
  }

  static func fingerprint(_ folders: [String]) -> [String: Stamp] {
    var result: [String: Stamp] = [:]
    for root in folders {
      for folder in FolderWatchers.folders(under: root) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
        for name in names where !name.hasPrefix(".") {
          let path = folder + "/" + name
          var info = stat()
          guard stat(path, &info) == 0 else { continue }
          #if os(Linux)
            let modified = info.st_mtim
          #else
            let modified = info.st_mtimespec
          #endif
          result[path] = Stamp(
            size: Int64(info.st_size), seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec))
        }
      }
    }
    return result
  }
}
