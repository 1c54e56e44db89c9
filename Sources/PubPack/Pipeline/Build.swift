import Foundation

/// The result of a build: the files (in memory, not yet written) and every diagnostic.
public struct Build: Sendable {
  public var request: BuildRequest
  public var pack: LoadedPack?
  /// Every document with its decision, in file-name order.
  public var documents: [DecidedDocument] = []
  /// Every file of the site, sorted by path.
  public var files: [SiteFile] = []
  public var diagnostics: [Diagnostic] = []
  /// Every document rendered, withheld ones included, for the checks; only the shown ones
  /// become files. Each link is let go once the checks have read it (`RenderedDocument.checked`).
  public var rendered: [RenderedDocument] = []
  /// Placeholders (`TYPE`) in the data that released pages showed, gathered by the stages that
  /// render (bodies, pages, the landing page) for the check that ends the build.
  var placeholdersShown: [(page: String, values: [Placeholders.Shown])] = []

  public var succeeded: Bool { !diagnostics.hasErrors }
  public var released: [DecidedDocument] { documents.filter(\.decision.isReleased) }
  public var withheld: [DecidedDocument] { documents.filter { !$0.decision.isReleased } }

  /// Takes a stage's files, messages and the placeholders its pages showed.
  mutating func add(_ output: StageOutput) {
    files += output.files
    diagnostics += output.diagnostics
    placeholdersShown += output.placeholdersShown
  }

  /// The build as handed back: its files sorted by path, and none at all if any stage found an
  /// error, so that a failed build has nothing to write.
  func finished() -> Build {
    var build = self
    build.files = succeeded ? files.sorted { $0.path < $1.path } : []
    return build
  }
}
