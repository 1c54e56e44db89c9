import Foundation

/// What a stage hands to the build: the files it made, its messages, and the placeholders
/// (`TYPE`) in the data that its released pages showed.
struct StageOutput: Sendable {
  var files: [SiteFile] = []
  var diagnostics: [Diagnostic] = []
  var placeholdersShown: [(page: String, values: [Placeholders.Shown])] = []
}
