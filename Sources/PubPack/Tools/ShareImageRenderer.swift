import Foundation

/// Turns a share card's SVG into a PNG with `rsvg-convert` (Debian's `librsvg2-bin`), run as a
/// subprocess with a time limit.
///
/// The SVG is given on standard input and refers to nothing outside itself, so the rasteriser
/// reads no file and fetches nothing. librsvg writes no time or other metadata into the PNG,
/// and the language is fixed (`--accept-language`), so the same card gives the same bytes.
public struct ShareImageRenderer: Sendable {
  /// The folders searched for `rsvg-convert`, in order (the command layer passes `PATH`).
  public var searchPath: [String]
  /// Seconds `rsvg-convert` may take for one card before it is stopped.
  public var timeLimit: Double

  public init(searchPath: [String], timeLimit: Double = 60) {
    self.searchPath = searchPath
    self.timeLimit = timeLimit
  }

  /// Why a card could not be made.
  enum Failure: Error, Equatable {
    case notInstalled
    case timedOut
    /// `rsvg-convert` failed; the last lines it wrote to standard error.
    case failed(String)
  }

  /// Whether `rsvg-convert` is on the search path.
  var isInstalled: Bool { locate("rsvg-convert") != nil }

  /// The PNG of `svg`, written through `output` (a file in a folder only this user can read).
  func render(_ svg: String, output: String) -> Result<Data, Failure> {
    guard let program = locate("rsvg-convert") else { return .failure(.notInstalled) }
    let run: ExternalCommand.Result
    do {
      run = try ExternalCommand(
        [program, "--format", "png", "--accept-language", "en-GB", "--output", output], input: Data(svg.utf8),
        timeout: timeLimit
      ).run()
    } catch {
      return .failure(.notInstalled)
    }
    if run.timedOut { return .failure(.timedOut) }
    guard run.status == 0 else {
      return .failure(.failed(run.errorSummary.isEmpty ? "status \(run.status)" : run.errorSummary))
    }
    guard let png = FileManager.default.contents(atPath: output), png.starts(with: Self.pngSignature) else {
      return .failure(.failed("it wrote no PNG"))
    }
    return .success(png)
  }

  static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  private func locate(_ name: String) -> String? { ExternalCommand.locate(name, in: searchPath) }
}
