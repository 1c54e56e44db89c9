import Foundation

/// The one folder this test process writes under, removed when the process exits.
///
/// Tests make their packs, sites and servers' folders in it (`Scratch.root`), so a run of
/// `swift test` leaves nothing behind in the temporary folder however a test ends.
enum Scratch {
  /// Created on first use; a folder left by a crashed run that had the same process id is
  /// emptied first.
  static let root: URL = {
    let url = URL(fileURLWithPath: scratchRootPath, isDirectory: true)
    try? FileManager.default.removeItem(at: url)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchRootPath) }
    return url
  }()
}

/// A global, so that the exit handler (a C function pointer) can name it without capturing.
/// Not PubPackTests' name: both test modules run in one process, and whichever made its folder
/// second would empty the other's under its running tests (the publish, rsync and stopped-build
/// tests' folders vanished so in full runs).
private let scratchRootPath = NSTemporaryDirectory() + "pubpack-preview-tests-\(getpid())"
