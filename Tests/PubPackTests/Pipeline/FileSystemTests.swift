import Foundation
import Testing

@testable import PubPack

/// The one seam through which a build reads its pack: the disk and the memory form agree.
@Suite struct FileSystemTests {
  /// Every file under a folder of the disk, by absolute path.
  static func files(under folder: String) throws -> [String: Data] {
    var found: [String: Data] = [:]
    let paths = try #require(FileManager.default.subpaths(atPath: folder))
    for relative in paths {
      let path = folder + "/" + relative
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
      if !isFolder.boolValue { found[path] = FileManager.default.contents(atPath: path) }
    }
    return found
  }

  @Test(arguments: ["2026-08-03T12:00", "2026-08-04T00:01", "2027-01-01T00:00"])
  func theSamplePackBuildsTheSameFromMemoryAsFromTheDisk(at instant: String) throws {
    let content = packageRoot.path + "/content"
    let templates = packageRoot.path + "/templates"
    let memory = FileSystem.memory(try Self.files(under: content).merging(try Self.files(under: templates)) { a, _ in a })
    for mode in [BuildMode.release, .preview] {
      let fromDisk = Pipeline.build(
        BuildRequest(content: content, templates: templates, mode: mode, at: TestPack.instant(instant)))
      let fromMemory = Pipeline.build(
        BuildRequest(content: content, templates: templates, mode: mode, at: TestPack.instant(instant), fileSystem: memory))
      #expect(fromDisk.succeeded)
      #expect(fromDisk.files.count >= 5)
      #expect(fromMemory.files == fromDisk.files)
      #expect(fromMemory.diagnostics.map(\.rendered) == fromDisk.diagnostics.map(\.rendered))
    }
  }

  @Test func theMemoryFormHasFoldersLinksAndNothingElse() {
    let fs = FileSystem.memory(
      ["/pack/content/a.md": Data("a".utf8), "/pack/content/assets/img/b.png": Data("b".utf8), "/outside/secret.md": Data("s".utf8)],
      links: [
        "/pack/templates/leak.mustache": "/outside/secret.md", "/pack/content/assets/up": "../../../outside",
        "/pack/content/round": "round", "/pack/content/nowhere.md": "missing.md",
      ])
    #expect(fs.entry("/pack/content/a.md") == .file)
    #expect(fs.entry("/pack/content/assets") == .folder)
    #expect(fs.entry("/pack/content/assets/img/") == .folder)
    #expect(fs.isFolder("/pack/content"))
    #expect(!fs.isFolder("/pack/content/a.md"))
    #expect(fs.entry("/pack/content/missing.md") == nil)
    #expect(fs.contents("/pack/content/./assets/img/../img/b.png") == Data("b".utf8))
    #expect(Set(fs.names("/pack/content") ?? []) == ["a.md", "assets", "round", "nowhere.md"])
    #expect(fs.names("/pack/content/a.md") == nil)
    // Links are followed to their end, and known as links.
    #expect(fs.entry("/pack/templates/leak.mustache") == .link(end: "/outside/secret.md"))
    #expect(fs.contents("/pack/templates/leak.mustache") == Data("s".utf8))
    #expect(fs.entry("/pack/content/assets/up") == .link(end: "/outside"))
    #expect(fs.contents("/pack/content/assets/up/secret.md") == Data("s".utf8))
    // A link round to itself, or to nothing, leads nowhere.
    #expect(fs.entry("/pack/content/round") == .link(end: nil))
    #expect(fs.entry("/pack/content/nowhere.md") == .link(end: nil))
    #expect(fs.contents("/pack/content/nowhere.md") == nil)
  }

  @Test func aTemplateLinkedOutsideTheFolderIsRefusedInMemoryAsOnDisk() throws {
    var files: [String: Data] = [:]
    for (path, text) in TestPack.standard { files["/p/" + path] = Data(text.utf8) }
    files["/p/content/secret.md"] = Data("---\ntitle: Secret\nkind: page\ndraft: true\n---\nThe grade.\n".utf8)
    let fs = FileSystem.memory(files, links: ["/p/templates/page.mustache": "/p/content/secret.md"])
    let build = Pipeline.build(
      BuildRequest(content: "/p/content", templates: "/p/templates", at: TestPack.instant("2027-01-01T00:00"), fileSystem: fs))
    #expect(!build.succeeded)
    #expect(build.files.isEmpty)
    #expect(
      TestPack.errors(build.diagnostics).contains {
        $0.hasPrefix("/p/templates/page.mustache:1:1: error: the template is a symbolic link that leads outside")
      })
  }

  @Test func assetsInALinkedFolderAreNotPublished() throws {
    var files: [String: Data] = [:]
    for (path, text) in TestPack.standard { files["/p/" + path] = Data(text.utf8) }
    files["/elsewhere/private.pdf"] = Data("%PDF private".utf8)
    files["/p/content/assets/logo.png"] = Data("png".utf8)
    let fs = FileSystem.memory(files, links: ["/p/content/assets/more": "/elsewhere"])
    let build = Pipeline.build(
      BuildRequest(content: "/p/content", templates: "/p/templates", at: TestPack.instant("2027-01-01T00:00"), fileSystem: fs))
    #expect(build.pack?.assets == ["logo.png"])
    #expect(!build.files.contains { $0.path.contains("private") })
  }
}
