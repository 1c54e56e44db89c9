import Foundation
import Synchronization
import Testing

@testable import PackPreview

/// The watchers on their own: polling and inotify see writes, and neither follows a link out.
struct FolderWatcherTests {
  @Test func symbolicLinksToFoldersAreNotFollowed() throws {
    let fixture = try PackFixture()
    defer { fixture.remove() }
    try FileManager.default.createDirectory(atPath: fixture.content + "/assets/real", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: fixture.content + "/assets/root", withDestinationPath: "/")
    try FileManager.default.createSymbolicLink(atPath: fixture.content + "/assets/loop", withDestinationPath: "..")
    let folders = FolderWatchers.folders(under: fixture.content)
    #expect(folders == [fixture.content, fixture.content + "/assets", fixture.content + "/assets/real"])
  }

  @Test func pollingSeesAWrite() async throws {
    let fixture = try PackFixture()
    defer { fixture.remove() }
    let changes = ChangeCounter()
    let watcher = PollingWatcher(folders: [fixture.content], interval: .milliseconds(20)) { changes.add() }
    defer { watcher.stop() }
    try await Task.sleep(for: .milliseconds(60))
    try fixture.write("content/webpage.md", "changed")
    #expect(await eventually { changes.count > 0 })
  }

  #if os(Linux)
    @Test func inotifySeesAWriteInANewFolder() async throws {
      let fixture = try PackFixture()
      defer { fixture.remove() }
      let changes = ChangeCounter()
      let watcher = try #require(InotifyWatcher(folders: [fixture.content]) { changes.add() })
      defer { watcher.stop() }
      try FileManager.default.createDirectory(atPath: fixture.content + "/new", withIntermediateDirectories: true)
      #expect(await eventually { changes.count > 0 })
      let before = changes.count
      try await Task.sleep(for: .milliseconds(50))
      try fixture.write("content/new/file.md", "x")
      #expect(await eventually { changes.count > before })
    }
  #endif
}

final class ChangeCounter: Sendable {
  private let value = Mutex(0)
  func add() { value.withLock { $0 += 1 } }
  var count: Int { value.withLock { $0 } }
}
