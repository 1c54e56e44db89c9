import Foundation
import PubPack

/// Which build a request is shown from.
public enum PreviewView: Sendable, Hashable {
  /// The author's view: every document, the withheld ones marked as embargoed.
  case author
  /// As the public will see it at the instant: a release build at that instant.
  case publicAt(Instant)
}

/// One build, made ready to serve: its files by path, or the diagnostics that failed it.
struct PreviewSnapshot: Sendable {
  var view: PreviewView
  /// Counts the author builds: the live-reload script reloads a page whose generation is old.
  var generation: Int
  var files: [String: Data]
  /// Every diagnostic of the build; the errors among them failed it.
  var diagnostics: [Diagnostic]
  var succeeded: Bool
  /// The distinct instants at which documents' embargoes lift, earliest first.
  var embargoes: [Instant]
  /// How many documents the build decided on, and how many of them are released.
  var documentCount: Int
  var releasedCount: Int

  init(build: Build, view: PreviewView, generation: Int) {
    self.view = view
    self.generation = generation
    self.succeeded = build.succeeded
    self.diagnostics = build.diagnostics
    // A failed build serves no file at all: never a stale or half-made page.
    self.files =
      build.succeeded ? Dictionary(build.files.map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a }) : [:]
    self.embargoes = Array(Set(build.documents.compactMap(\.decision.embargo))).sorted()
    self.documentCount = build.documents.count
    self.releasedCount = build.released.count
  }
}
