import Foundation

@testable import PubPack

/// The disk, with an edit run just after a chosen read of one file: a file changed on the disk
/// at a fixed point of a command, as someone saving it while the command runs would change it.
/// (A build reads a document twice: its front matter in the load stage, its body in the render
/// stage.)
final class EditDuringReads: @unchecked Sendable {
  let path: String
  /// The edits, by the read of `path` each follows (1 for the first).
  private let edits: [Int: @Sendable (String) throws -> Void]
  private let lock = NSLock()
  private var reads = 0

  init(_ path: String, after edits: [Int: @Sendable (String) throws -> Void]) {
    self.path = path
    self.edits = edits
  }

  convenience init(_ path: String, afterRead read: Int = 1, edit: @escaping @Sendable (String) throws -> Void) {
    self.init(path, after: [read: edit])
  }

  /// `FileSystem.disk`, reading `path` through this.
  var fileSystem: FileSystem {
    var fileSystem = FileSystem.disk
    fileSystem.contents = { [self] asked in
      let data = FileSystem.disk.contents(asked)
      guard asked == path else { return data }
      let read = lock.withLock {
        reads += 1
        return reads
      }
      try? edits[read]?(asked)
      return data
    }
    return fileSystem
  }

  /// How many times `path` has been read.
  var readCount: Int { lock.withLock { reads } }
}
