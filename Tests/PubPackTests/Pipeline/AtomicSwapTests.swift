import Foundation
import Testing

@testable import PubPack

/// A web server may serve `site/` as it is written: every rebuild must replace it in one step,
/// so that a request at any moment finds the old site or the new one, never no site.
@Suite struct AtomicSwapTests {
  @Test func aSiteReadWhileItIsRebuiltIsNeverMissing() throws {
    let pack = try StreamedBuildTests.pack(pages: 5)
    let (first, _) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(first.succeeded)
    let page = pack.site + "/index.html"

    // A reader on a thread of its own, as a web server would be, looking as fast as it can.
    let stop = LockedValue(false)
    let seen = LockedValue((looks: 0, missing: 0))
    let reader = Thread {
      var status = stat()
      while !stop.withLock({ $0 }) {
        let found = stat(page, &status) == 0
        seen.withLock {
          $0.looks += 1
          if !found { $0.missing += 1 }
        }
      }
    }
    reader.start()
    for round in 1...40 {
      try pack.write(
        "content/page-1.md",
        "---\ntitle: Update 1\nkind: page\n---\n## Early help in part 1\n\nRevision \(round) of the page.\n")
      let (build, written) = pack.buildSite(at: "2026-08-04T09:00")
      #expect(build.succeeded && written.isEmpty)
    }
    stop.withLock { $0 = true }
    while !reader.isFinished { usleep(1_000) }

    #expect(seen.withLock { $0.looks } > 1_000)
    #expect(seen.withLock { $0.missing } == 0, "the site was missing at some moment of a swap")
    #expect(pack.siteText("page-1/index.html")?.contains("Revision 40 of the page.") == true)
    // The old sites are gone, and nothing is left beside the new one.
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])
  }
}
