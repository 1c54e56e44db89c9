import Foundation
import Testing

@testable import PubPack

/// An assets folder (content's or the theme's) that is itself a symbolic link, and a file
/// reached through a linked folder: nothing from outside the pack's folders is read or published.
@Suite struct LinkedAssetFolderTests {
  static func pack(extra: [String: String] = [:]) -> [String: Data] {
    var files: [String: Data] = [:]
    for (path, text) in TestPack.standard.merging(extra, uniquingKeysWith: { _, new in new }) {
      files["/p/" + path] = Data(text.utf8)
    }
    files["/elsewhere/secret.txt"] = Data("SECRET FROM ELSEWHERE".utf8)
    files["/elsewhere/report.pdf"] = Data("%PDF private".utf8)
    return files
  }

  static func build(_ fs: FileSystem) -> Build {
    Pipeline.build(
      BuildRequest(
        content: "/p/content", templates: "/p/templates", at: TestPack.instant("2027-01-01T00:00"), fileSystem: fs))
  }

  @Test(arguments: ["/p/content/assets", "/p/templates/assets"])
  func anAssetsFolderLinkedOutsideItsFolderIsRefused(folder: String) {
    for target in ["/elsewhere", "../../elsewhere", "/p"] {
      let build = Self.build(FileSystem.memory(Self.pack(), links: [folder: target]))
      #expect(!build.succeeded, "\(folder) -> \(target)")
      #expect(build.files.isEmpty)
      #expect(
        TestPack.errors(build.diagnostics).contains {
          $0.hasPrefix("\(folder):1:1: error: the assets folder is a symbolic link that leads outside")
        }, "\(folder) -> \(target)")
    }
  }

  @Test func anAssetsFolderLinkedToAFolderInsideTheContentFolderStillWorks() {
    var files = Self.pack(extra: ["content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n---\n[logo](assets/logo.txt)\n"])
    files["/p/content/shared/logo.txt"] = Data("logo".utf8)
    let build = Self.build(FileSystem.memory(files, links: ["/p/content/assets": "shared"]))
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(build.pack?.assets == ["logo.txt"])
  }

  @Test func anAllowedSignersFileThroughALinkedFolderIsOutsideTheContentFolder() {
    var files = Self.pack()
    files["/elsewhere/approvers"] = Data("\"Eve\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEve\n".utf8)
    files["/p/content/approvers"] = Data("\"Sam Patel\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISam\n".utf8)
    let fs = FileSystem.memory(files, links: ["/p/content/keys": "/elsewhere"])
    let problem = ApprovalSettings.allowedSignersProblem("keys/approvers", content: "/p/content", fileSystem: fs)
    #expect(problem?.message.contains("leads outside the content folder") == true)
    #expect(ApprovalSettings.allowedSignersProblem("approvers", content: "/p/content", fileSystem: fs) == nil)
  }
}
