import Foundation
import Testing

@testable import PubPack

/// `send` checks each document (a placeholder left in it goes to every recipient), then makes
/// the copies in builds of their own: a file saved in between must not go out unchecked.
@Suite struct SendChangedFileTests {
  /// The staff briefing as saved with a placeholder left in it.
  static let withPlaceholder = Data("---\ntitle: Thank you\nkind: briefing\naudience: staff\n---\nTYPE the grade here.\n".utf8)

  /// What `send` would send to the staff list, the pack read through `fileSystem` if given.
  static func staffItems(_ pack: TestPack, fileSystem: FileSystem? = nil) -> ([Sender.Item], [Diagnostic]) {
    var request = pack.request(at: SendTests.before, mode: .preview)
    if let fileSystem { request.fileSystem = fileSystem }
    let list = Distribution.List(
      name: "staff", documents: ["staff-briefing.md"], recipients: ["ann@council.example"],
      location: SourceLocation(path: pack.content + "/pack.yaml", line: 1, column: 1))
    return Sender.items(for: list, request: request)
  }

  @Test(arguments: [3, 4, 5])
  func aBriefingSavedAfterItWasCheckedIsNotSent(afterRead: Int) throws {
    let pack = try SendTests.pack(port: 2525, lists: SendTests.lists)
    let path = pack.content + "/staff-briefing.md"
    // Read twice by the build that checks it, a third time for its placeholders, then twice by
    // the build that makes its copy: saved with a placeholder after one of those reads (after
    // the fifth, the copy is made already, of the version checked).
    let editor = EditDuringReads(path, afterRead: afterRead) { _ in
      try? Self.withPlaceholder.write(to: URL(fileURLWithPath: path))
    }
    let (items, diagnostics) = Self.staffItems(pack, fileSystem: editor.fileSystem)
    #expect(editor.readCount >= afterRead)
    if afterRead == 5 {
      // Saved after the copy's own build read it: what goes is the version checked.
      #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
      #expect(items.count == 1 && items.allSatisfy { !$0.copy.text.contains("TYPE") })
      return
    }
    #expect(items.isEmpty, "after read \(afterRead): \(items.map(\.copy.text))")
    #expect(diagnostics.hasErrors)
    #expect(
      diagnostics.contains { $0.message == "\(path) changed while pubpack was building" }
        || diagnostics.contains { $0.message.contains("placeholder (TYPE)") },
      "\(diagnostics.map(\.rendered))")
  }

  /// Saved with a placeholder after its check, then saved back before the copy is looked at
  /// again: the copy was made from the version with the placeholder, so it is not sent.
  @Test func aBriefingSavedAndSavedBackIsNotSent() throws {
    let pack = try SendTests.pack(port: 2525, lists: SendTests.lists)
    let path = pack.content + "/staff-briefing.md"
    let clean = try Data(contentsOf: URL(fileURLWithPath: path))
    // Checked at reads 1 to 3; the copy's build reads it at 4 and 5.
    let editor = EditDuringReads(
      path,
      after: [
        3: { try Self.withPlaceholder.write(to: URL(fileURLWithPath: $0)) },
        5: { try clean.write(to: URL(fileURLWithPath: $0)) },
      ])
    let (items, diagnostics) = Self.staffItems(pack, fileSystem: editor.fileSystem)
    #expect(items.isEmpty, "\(items.map(\.copy.text))")
    #expect(TestPack.errors(diagnostics).contains { $0.contains("\(path) changed while pubpack was building") }, "\(diagnostics.map(\.rendered))")
  }

  @Test func anUnchangedBriefingIsSent() throws {
    let pack = try SendTests.pack(port: 2525, lists: SendTests.lists)
    let (items, diagnostics) = Self.staffItems(pack)
    #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
    #expect(items.count == 1)
    #expect(items.first?.copy.text.contains(SendTests.briefingSentinel) == true)
  }
}
