extension ReportFacts {
  /// The facts `inspection.yaml` states, in the shape of the report's, for
  /// `disagreements(with:)`.
  ///
  /// An empty list of what needs to improve means the author typed none, so it is left out
  /// (the pack takes the report's) rather than compared as "no items".
  public init(inspection: Inspection) {
    self.init(
      ofstedName: inspection.council.ofstedName,
      onSiteStart: inspection.details.onSiteStart,
      onSiteEnd: inspection.details.onSiteEnd,
      leadInspector: inspection.details.leadInspector,
      frameworkVersion: inspection.details.frameworkVersion,
      reportTitle: inspection.report.title,
      judgements: inspection.judgements,
      headline: inspection.findings.headline,
      whatNeedsToImprove: inspection.findings.whatNeedsToImprove.isEmpty
        ? nil : inspection.findings.whatNeedsToImprove)
  }
}
