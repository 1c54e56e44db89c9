import Foundation
import Testing

@testable import PubPack

/// `send` checks each document (a placeholder left in it goes to every recipient), then makes
/// the copies in builds of their own: a file saved in between must not go out unchecked.
@Suite struct SendChangedFileTests {
  @Test(arguments: [3, 4, 5])
  func aBriefingSavedAfterItWasCheckedIsNotSent(afterRead: Int) throws {
    let pack = try SendTests.pack(port: 2525, lists: SendTests.lists)
    let path = pack.content + "/staff-briefing.md"
    // Read twice by the build that checks it, a third time for its placeholders, then twice by
    // the build that makes its copy: saved with a placeholder after one of those reads.
    let reads = LockedValue(0)
    var fileSystem = FileSystem.disk
    fileSystem.contents = { asked in
      let data = FileSystem.disk.contents(asked)
      if asked == path, reads.withLock({ $0 += 1; return $0 }) == afterRead {
        try? Data("---\ntitle: Thank you\nkind: briefing\naudience: staff\n---\nTYPE the grade here.\n".utf8)
          .write(to: URL(fileURLWithPath: path))
      }
      return data
    }
    var request = pack.request(at: SendTests.before, mode: .preview)
    request.fileSystem = fileSystem
    let list = Distribution.List(
      name: "staff", documents: ["staff-briefing.md"], recipients: ["ann@council.example"],
      location: SourceLocation(path: pack.content + "/pack.yaml", line: 1, column: 1))
    let (items, diagnostics) = Sender.items(for: list, request: request)
    #expect(reads.withLock { $0 } >= afterRead)
    #expect(items.isEmpty, "after read \(afterRead): \(items.map(\.copy.text))")
    #expect(diagnostics.hasErrors)
    #expect(
      diagnostics.contains { $0.message == "\(path) changed while pubpack was building" }
        || diagnostics.contains { $0.message.contains("placeholder (TYPE)") },
      "\(diagnostics.map(\.rendered))")
  }

  @Test func anUnchangedBriefingIsSent() throws {
    let pack = try SendTests.pack(port: 2525, lists: SendTests.lists)
    let list = Distribution.List(
      name: "staff", documents: ["staff-briefing.md"], recipients: ["ann@council.example"],
      location: SourceLocation(path: pack.content + "/pack.yaml", line: 1, column: 1))
    let (items, diagnostics) = Sender.items(for: list, request: pack.request(at: SendTests.before, mode: .preview))
    #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
    #expect(items.count == 1)
    #expect(items.first?.copy.text.contains(SendTests.briefingSentinel) == true)
  }
}
