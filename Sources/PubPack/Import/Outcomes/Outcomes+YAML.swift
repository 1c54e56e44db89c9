import Yams

extension Outcomes {
  /// The outcomes as `content/outcomes.yaml`: keys camelCase and in the SPEC's order, grades
  /// and judgements by their keys (as in `inspection.yaml`), dates as `YYYY-MM-DD`, and fields
  /// that are nil left out.
  ///
  /// - Parameter sourceFile: the statistics file's name, for the comment at the top.
  public func yaml(sourceFile: String? = nil) throws -> String {
    var root: [(Node, Node)] = []
    var sourcePairs: [(Node, Node)] = []
    if let title = source.title { sourcePairs.append((key("title"), text(title))) }
    if let asAt = source.asAt { sourcePairs.append((key("asAt"), date(asAt))) }
    if !sourcePairs.isEmpty { root.append((key("source"), mapping(sourcePairs))) }

    var authority: [(Node, Node)] = [(key("name"), text(localAuthority.name))]
    if let region = localAuthority.region { authority.append((key("region"), text(region))) }
    if let areaCode = localAuthority.areaCode { authority.append((key("areaCode"), text(areaCode))) }
    root.append((key("localAuthority"), mapping(authority)))

    if let latest { root.append((key("latest"), record(latest))) }
    if let history { root.append((key("history"), .sequence(Node.Sequence(history.map(record))))) }
    root.append((key("national"), tally(national)))
    if let region { root.append((key("region"), tally(region))) }

    let body = try Yams.serialize(node: mapping(root), width: -1, allowUnicode: true)
    var header = "# Context from Ofsted's official statistics, written by `pubpack import-outcomes`"
    if let sourceFile { header += "\n# from \(sourceFile)" }
    header += ". Import again rather than edit by hand.\n"
    return header + body
  }

  private func record(_ record: InspectionRecord) -> Node {
    var pairs: [(Node, Node)] = []
    if let inspectionDate = record.inspectionDate { pairs.append((key("inspectionDate"), date(inspectionDate))) }
    if let publicationDate = record.publicationDate { pairs.append((key("publicationDate"), date(publicationDate))) }
    if let type = record.type { pairs.append((key("type"), key(type.rawValue))) }
    let judgements = Judgement.allCases.compactMap { judgement in
      record.judgements[judgement].map { (key(judgement.rawValue), key($0.rawValue)) }
    }
    pairs.append((key("judgements"), mapping(judgements, style: .flow)))
    return mapping(pairs)
  }

  private func tally(_ tally: GradeTally) -> Node {
    var pairs: [(Node, Node)] = []
    if let name = tally.name { pairs.append((key("name"), text(name))) }
    pairs.append((key("authorities"), number(tally.authorities)))
    for judgement in Judgement.allCases {
      guard tally.counts[judgement] != nil else { continue }
      let counts = Grade.allCases.map { (key($0.rawValue), number(tally.count(judgement, $0))) }
      pairs.append((key(judgement.rawValue), mapping(counts, style: .flow)))
    }
    return mapping(pairs)
  }

  private func key(_ name: String) -> Node { .scalar(Node.Scalar(name)) }
  // Yams quotes a string that would otherwise read as a number, a Boolean or a date.
  private func text(_ value: String) -> Node { .scalar(value.represented()) }
  private func date(_ value: CalendarDate) -> Node { .scalar(Node.Scalar(value.iso)) }
  private func number(_ value: Int) -> Node { .scalar(Node.Scalar(String(value))) }
  private func mapping(_ pairs: [(Node, Node)], style: Node.Mapping.Style = .block) -> Node {
    .mapping(Node.Mapping(pairs, .implicit, style))
  }
}
