import ArgumentParser
import Foundation
import PubPack

/// `pubpack approve`: a second person records their approval of exactly what the pack will publish.
struct ApproveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Record your approval of exactly what the pack will publish (every release instant's site).",
    discussion: """
      Builds the site of each release instant of the pack (the pack's embargo, then each later \
      document embargo), as publish builds it then, and writes an approval of exactly those \
      files (path and SHA-256 of each), with your name and the time, to \
      CONTENT/approvals/WHEN-NAME-DIGEST.json. With --key, the approval is signed with your SSH \
      key (ssh-keygen -Y sign -n pubpack-approval), beside it as .json.sig. With \
      'publish: approval: required: true' in pack.yaml, publish refuses a site no approval \
      covers; with 'allowedSigners: FILE', only approvals signed by a key FILE allows for the \
      --as name count. Approvals are never published. 'pubpack status' shows them.
      """)

  @OptionGroup var pack: PackOptions

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp(
      "Your name, as the approval records it (with allowedSigners: as that file names you).", valueName: "name"))
  var person: String?

  @Option(help: ArgumentHelp("Sign the approval with this SSH private key.", valueName: "ssh-key"))
  var key: String?

  func run() throws {
    let approver = Approver(clock: SystemServices.clock)
    do {
      let recorded = try approver.approve(
        content: pack.content, templates: pack.templates, as: person, key: key, printers: .fromEnvironment())
      for site in recorded.approval.sites {
        Console.error(
          "  from \(site.fromLondon): \(site.files.count) files (\(site.documents.joined(separator: ", ")))")
      }
      let signed = recorded.signaturePath == nil ? "" : ", signed"
      Console.out(
        "approved \(recorded.approval.sites.count) site\(recorded.approval.sites.count == 1 ? "" : "s") as \(recorded.approval.approvedBy)\(signed): \(Console.shown(recorded.path))"
      )
    } catch {
      throw Console.fail(error.diagnostics, what: "approve")
    }
  }
}
