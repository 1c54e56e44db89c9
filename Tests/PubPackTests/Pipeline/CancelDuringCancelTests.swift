import Foundation
import Testing

@testable import PubPack

/// Ctrl-C while a failed build removes its staging folder: the signal's cleanup (`discard`)
/// found the folder already closed and let the lock go at once, and the process, ended by the
/// signal mid-removal, left a folder with no lock file, which no later build removes (the red
/// team left one in a third of its runs). `discard` now waits for the removal under way.
@Suite struct CancelDuringCancelTests {
  @Test func aDiscardDuringAnotherThreadsCancelReturnsOnlyOnceTheFolderIsGone() throws {
    for round in 0..<3 {
      let pack = try TestPack([:])
      let request = pack.request(at: "2026-08-04T09:00")
      let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
      // Enough files that removing them takes a while.
      let bytes = Data(repeating: UInt8(ascii: "x"), count: 64)
      for index in 0..<3_000 {
        let file = SiteFile(path: "p\(index)/index.html", contents: bytes, sources: [], notBefore: request.instant)
        #expect(staging.stage(file).diagnostics.isEmpty)
      }
      let lockPath = staging.path + SiteStaging.lockSuffix
      #expect(FileManager.default.fileExists(atPath: lockPath))
      let cancelling = Thread { staging.cancel() }
      cancelling.start()
      // The removal is under way: the folder has begun to shrink.
      var waited = 0
      while (try? FileManager.default.contentsOfDirectory(atPath: staging.path).count) ?? 0 >= 3_000, waited < 5_000 {
        usleep(200)
        waited += 1
      }
      staging.discard()
      // Gone by the time `discard` returns, and the lock file with it; not a folder without a lock.
      let folderLeft = FileManager.default.fileExists(atPath: staging.path)
      let lockLeft = FileManager.default.fileExists(atPath: lockPath)
      #expect(!folderLeft, "round \(round)")
      #expect(!lockLeft, "round \(round)")
    }
  }
}
