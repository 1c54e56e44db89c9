import ArgumentParser
import Foundation
import PubPack

/// `pubpack send --to LIST`: email the documents a distribution list receives, each recipient
/// its own message, through the pack's SMTP relay; logged in `content/send.log`, never twice.
struct SendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "send",
    abstract: "Email a distribution list's documents (press copy, briefings) to each recipient, once.",
    discussion: """
      Each recipient gets its own message (plain text and HTML) for each document the list in \
      pack.yaml receives, with a Subject that starts with the embargo line. content/send.log \
      records who got which version and what the relay answered; a second send of the same \
      version to the same person is skipped unless --again, and a changed document goes as \
      CORRECTED. The relay's password is read from the environment variable named by \
      distribution.smtp.passwordEnv. Drafts and exempt documents are never sent.
      """)

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Option(help: "The distribution list in pack.yaml to send to.")
  var to: String

  @Flag(help: "Print who would get what, and send nothing.")
  var dryRun = false

  @Flag(help: "Send again to those who already have this version.")
  var again = false

  func run() throws {
    // Everything this command writes is private: the message files and curl's scratch files
    // (its standard input holds the password, its trace the AUTH line) and the log of
    // addresses. The command does nothing else, so the process-wide mask is set once here.
    umask(0o077)
    let now = try clock.instant()
    let (loaded, problems) = Distribution.load(content: pack.content)
    guard let distribution = loaded else { throw Console.fail(problems, what: "send") }
    guard let list = distribution.lists[to] else {
      let names = distribution.lists.keys.sorted()
      throw Console.fail(
        [
          .error(
            at: nil, "there is no distribution list '\(to)' in \(pack.content)/pack.yaml",
            notes: names.isEmpty
              ? ["add one under distribution.lists"] : ["the lists are: \(names.joined(separator: ", "))"])
        ], what: "send")
    }
    let (items, itemProblems) = Sender.items(
      for: list, request: BuildRequest(content: pack.content, templates: pack.templates, mode: .release, at: now))
    guard !itemProblems.hasErrors else { throw Console.fail(itemProblems, what: "send") }
    let relay = distribution.relay
    // The password is read here, once, and handed to curl on its standard input: never
    // printed, never in the log, never on a command line.
    var password: String?
    if let name = relay.passwordEnv, relay.user != nil {
      password = ProcessInfo.processInfo.environment[name]
      if password?.isEmpty ?? true, !dryRun {
        throw Console.fail(
          [
            .error(
              at: nil, "the relay's password is not set: the environment variable \(name) is empty",
              notes: ["export \(name) with the password for \(relay.user ?? "") on \(relay.url), then run send again"])
          ], what: "send")
      }
    }
    let deliveries = Sender.plan(list, items: items, log: SendLog.read(content: pack.content), again: again)
    var failed = 0
    var sent = 0
    for delivery in deliveries {
      let name = delivery.item.fileName
      let short = String(delivery.item.digest.prefix(12))
      switch delivery.outcome {
      case .alreadySent(let at):
        Console.out(
          "already sent: \(name) (\(short)) to \(delivery.recipient) at \(at); skipped (--again sends it again)")
      case .send(let corrected):
        let subject = Sender.subject(delivery.item, corrected: corrected)
        if dryRun {
          Console.out("would send: \(name) (\(short)) to \(delivery.recipient): \(subject)")
          continue
        }
        let message = Sender.message(
          delivery.item, to: delivery.recipient, from: relay.from, corrected: corrected, at: now)
        let answer = Sender.deliver(message, to: delivery.recipient, relay: relay, password: password)
        let entry = SendLog.Entry(
          at: now.rfc3339, list: list.name, recipient: delivery.recipient, document: name, digest: delivery.item.digest,
          result: answer.accepted ? "sent" : "refused", reply: answer.reply)
        do { try SendLog.append(entry, content: pack.content) } catch {
          Console.error("error: cannot write \(SendLog.path(content: pack.content)): \(error.localizedDescription)")
          failed += 1
        }
        if answer.accepted {
          sent += 1
          Console.out(
            "sent: \(name) (\(short)) to \(delivery.recipient)\(corrected ? " (CORRECTED)" : ""): \(answer.reply)")
        } else {
          failed += 1
          Console.error("error: \(delivery.recipient) was refused \(name): \(answer.reply)")
        }
      }
    }
    if dryRun {
      Console.error("pubpack: dry run: nothing was sent")
    } else {
      Console.error("pubpack: list '\(list.name)': \(sent) sent, \(failed) failed")
    }
    if failed > 0 { throw ExitCode(1) }
  }
}
