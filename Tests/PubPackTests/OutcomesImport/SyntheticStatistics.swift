import Foundation

@testable import PubPack

/// A small, made-up edition of Ofsted's outcomes statistics, written out in the layouts Ofsted
/// has used, so that tests can check every layout gives the same figures.
///
/// Six authorities in three regions: one inspected three times, one not yet inspected, one
/// without a care leavers grade, names with punctuation.
enum SyntheticStatistics {
  struct Inspection {
    var inspected: String
    var published: String
    var type: String
    var grades: [String]  // Ofsted's wording, in Ofsted's judgement order; 4 or 5 of them
  }

  struct Authority {
    var name: String
    /// The name as the history table writes it (the 2024 edition spells some differently).
    var historyName: String
    var code: String
    var region: String
    var history: [Inspection]  // oldest first; the last is the latest
  }

  static let (o, g, ri, i) = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
  static let northEast = "North East, Yorkshire and the Humber"

  static let authorities: [Authority] = [
    Authority(
      name: "Ashdown", historyName: "Ashdown", code: "E06000901", region: "South East",
      history: [
        Inspection(
          inspected: "2019-01-21", published: "2019-03-04", type: "ILACS Standard Inspection", grades: [ri, ri, ri, ri]),
        Inspection(
          inspected: "2023-05-15", published: "2023-07-14", type: "ILACS Standard Inspection", grades: [g, g, ri, g, g]),
      ]),
    Authority(
      name: "Brackenfield, City of", historyName: "Brackenfield, City of", code: "E08000902", region: northEast,
      history: [
        Inspection(
          inspected: "2018-04-09", published: "2018-06-01", type: "ILACS Standard Inspection", grades: [ri, ri, ri, ri]),
        Inspection(
          inspected: "2019-12-02", published: "2020-02-03", type: "ILACS Short Inspection", grades: [g, g, g, g]),
        Inspection(
          inspected: "2023-09-11", published: "2023-11-01", type: "ILACS Standard Inspection",
          grades: [i, i, i, ri, ri]),
      ]),
    Authority(name: "Corrie & Dale", historyName: "Corrie and Dale", code: "E06000903", region: northEast, history: []),
    Authority(
      name: "Dunmere", historyName: "Dunmere Borough", code: "E06000904", region: "South East",
      history: [
        Inspection(
          inspected: "2021-11-15", published: "2022-01-14", type: "ILACS Standard Inspection", grades: [ri, g, ri, ri])
      ]),
    Authority(
      name: "Eastwick", historyName: "Eastwick", code: "E09000905", region: "London",
      history: [
        Inspection(
          inspected: "2019-05-13", published: "2019-07-01", type: "ILACS Standard Inspection", grades: [g, g, g, g])
      ]),
    Authority(
      name: "St. Bride's", historyName: "St Bride's", code: "E06000906", region: "South East",
      history: [
        Inspection(
          inspected: "2022-01-10", published: "2022-03-01", type: "ILACS Short Inspection", grades: [o, o, g, o])
      ]),
  ]

  static let title = "Local authority inspection outcomes as at 31 March 2024"

  // MARK: The 2024 layout

  static let headers2024 = [
    "Web link", "Local authority name", "Ofsted region", "Inspection date", "Overall effectiveness",
    "Impact of leaders", "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care", "Experiences and progress of care leavers",
  ]

  static func link(_ authority: Authority) -> FixtureCell {
    .link(
      "Ofsted Local Authority Webpage", url: "https://reports.ofsted.gov.uk/provider/44/\(authority.code.suffix(3))")
  }

  static func gradeCells(_ grades: [String]) -> [FixtureCell] {
    (grades + Array(repeating: "", count: 5 - grades.count)).map { $0.isEmpty ? .empty : .text($0) }
  }

  static func latestRow2024(_ authority: Authority) -> [FixtureCell] {
    var row: [FixtureCell] = [link(authority), .text(authority.name), .text(authority.region)]
    if let latest = authority.history.last {
      row.append(.date(latest.inspected))
      row += gradeCells(latest.grades)
    } else {
      row.append(.text("Not yet inspected"))
    }
    return row
  }

  static var cover: FixtureSheet {
    FixtureSheet(
      name: "Cover",
      rows: [
        [.text(title)], [.text("Section"), .text("Detail")], [.text("Published on:"), .date("2024-08-30")],
      ])
  }

  static var latest2024: FixtureSheet {
    FixtureSheet(
      name: "Inspections_31_March_2024",
      rows: [
        [.merged("Local authority inspection judgements as at 31 March 2024", span: 9)],
        [.text("This worksheet contains one table with no blank rows or columns. This table begins in cell A3.")],
        headers2024.map { .text($0) },
      ] + authorities.map(latestRow2024) + [
        [.empty], [.text("Source: Ofsted (a notes row under the table)")],
      ])
  }

  static var inYear2024: FixtureSheet {
    FixtureSheet(
      name: "Inspections_in_year_2023-24",
      rows: [
        [.text("Local authority in year inspection activity 2023-24")],
        [.text("This worksheet contains one table.")],
        [
          "Web link", "Local authority name", "Region", "Inspection/Visit date", "Inspection/Visit type",
          "Overall effectiveness", "Impact of leaders",
          "Experiences and progress of children who need help and protection",
          "Experiences and progress of children in care", "Experiences and progress of care leavers", "Visit Theme",
        ].map { .text($0) },
        [
          link(authorities[0]), .text("Ashdown"), .text("South East"), .date("2023-02-28"),
          .text("ILACS Focused Visit"),
          .empty, .empty, .empty, .empty, .empty, .text("Front door"),
        ],
        [
          link(authorities[0]), .text("Ashdown"), .text("South East"), .date("2023-05-15"),
          .text("ILACS Standard Inspection"),
        ]
          + gradeCells([g, g, ri, g, g]),
      ])
  }

  static var history2024: FixtureSheet {
    let groupWords = ["First", "Second", "Third"]
    var header: [FixtureCell] = [.text("Web link"), .text("Local authority name"), .text("LA region")]
    for word in groupWords {
      header += [
        "\(word) ILACS publication date", "\(word) ILACS inspection type", "\(word) ILACS overall effectiveness",
        "\(word) ILACS impact of leaders",
        "\(word) ILACS experiences and progress of children who need help and protection",
        "\(word) ILACS experiences and progress of children in care",
        "\(word) ILACS experiences and progress of care leavers",
      ].map { .text($0) }
    }
    var rows: [[FixtureCell]] = [
      [.text("ILACS inspections 2018-2024")],
      [.text("This worksheet contains two tables with no blank rows or columns.")],
      [.text("Column A includes a link to the Local Authority Webpage for each local authority.")],
      header,
    ]
    for authority in authorities {
      var row: [FixtureCell] = [link(authority), .text(authority.historyName), .text(authority.region)]
      for inspection in authority.history {
        row += [.date(inspection.published), .text(inspection.type)] + gradeCells(inspection.grades)
      }
      rows.append(row)
    }
    // The 2024 edition's second table: authorities that no longer exist, with the 2018 wording.
    rows.append([.text("ILACS inspections of local authorities that existed before the restructure")])
    rows.append(
      [
        "Web link", "Local authority name", "LA region", "ILACS framework publication date",
        "ILACS framework inspection type",
        "ILACS framework overall effectiveness", "ILACS framework impact of leaders",
        "ILACS framework experiences and progress of children who need help and protection",
        "ILACS framework experiences and progress of children in care and care leavers",
      ].map { .text($0) })
    rows.append(
      [
        .text("Ofsted Local Authority Webpage"), .text("Old Corrie"), .text(northEast), .date("2018-08-24"),
        .text("ILACS Standard Inspection"),
      ]
        + gradeCells([i, i, i, i]))
    return FixtureSheet(name: "ILACS_inspections_2018-2024", rows: rows)
  }

  /// The 2024 edition's layout: wide history, no area codes, no publication dates in the main table.
  static var layout2024: [FixtureSheet] {
    [
      cover, FixtureSheet(name: "Notes", rows: [[.text("Notes")], [.text("Some notes.")]]), latest2024, inYear2024,
      history2024,
    ]
  }

  // MARK: The 2025 layout

  static let judgementHeaders2025 = [
    "Overall effectiveness", "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care", "The experiences and progress of care leavers",
  ]

  /// The 2025 edition's layout: area codes and publication dates, reworded headers, other
  /// sheet names, and a long history (one row per inspection, with inspection dates).
  static var layout2025: [FixtureSheet] {
    var latest: [[FixtureCell]] = [
      [.text("Local authority inspection judgements as at 31 March 2024")],
      [.text("This worksheet contains one table. This table begins in cell A3.")],
      ([
        "Web link", "Local authority area code", "Local authority name", "Ofsted region", "Inspection date",
        "Publication date",
      ]
        + judgementHeaders2025).map { .text($0) },
    ]
    for authority in authorities {
      var row: [FixtureCell] = [link(authority), .text(authority.code), .text(authority.name), .text(authority.region)]
      if let last = authority.history.last {
        row += [.date(last.inspected), .date(last.published)] + gradeCells(last.grades)
      } else {
        row += [.text("Not yet inspected")]
      }
      latest.append(row)
    }
    var history: [[FixtureCell]] = [
      [.text("ILACS inspection history")],
      [.text("This worksheet contains one table. This table begins in cell A3.")],
      ([
        "Web link", "Local authority area code", "Local authority name", "Local authority status", "Ofsted region",
        "Inspection date", "Publication date", "Inspection type",
      ] + judgementHeaders2025).map { .text($0) },
    ]
    // Ofsted sorts this table by authority, but nothing says it must: newest first here.
    for authority in authorities {
      for inspection in authority.history.reversed() {
        history.append(
          [
            link(authority), .text(authority.code), .text(authority.name), .text("Current"), .text(authority.region),
            .date(inspection.inspected), .date(inspection.published), .text(inspection.type),
          ] + gradeCells(inspection.grades))
      }
    }
    history.append(
      [
        .text("Ofsted Local Authority Webpage"), .text("E10000999"), .text("Old Corrie"), .text("No longer exists"),
        .text(northEast), .date("2018-06-25"), .date("2018-08-24"), .text("ILACS Standard Inspection"),
      ] + gradeCells([i, i, i, i]))
    return [
      FixtureSheet(name: "Cover", rows: [[.text(title)]]),
      FixtureSheet(name: "Contents", rows: [[.text("Contents")]]),
      FixtureSheet(name: "Inspections_as_at_31_March", rows: latest),
      FixtureSheet(
        name: "In-year_inspections",
        rows: [
          [.text("In-year inspections")],
          ([
            "Web link", "Local authority area code", "Local authority name", "Region", "Inspection/Visit date",
            "Publication date", "Inspection/Visit type",
          ] + judgementHeaders2025 + ["Visit Theme"]).map { .text($0) },
          [
            link(authorities[0]), .text("E06000901"), .text("Ashdown"), .text("South East"), .date("2023-02-28"),
            .date("2023-03-30"), .text("ILACS Focused Visit"),
          ],
        ]),
      FixtureSheet(name: "ILACS_inspection_history", rows: history),
    ]
  }

  // MARK: Columns reordered, renamed within the synonyms, and extra columns

  /// The 2024 layout with the main table's columns in another order, headed with other words
  /// Ofsted has used or might use, with extra columns pubpack does not read, and a comment on
  /// a header cell.
  static var reordered: [FixtureSheet] {
    let header: [FixtureCell] = [
      .text("Experiences and progress of care leavers"), .text("Date of inspection"), .text("LA name"),
      .text("Number of children looked after"), .commented("Region", comment: "Ofsted's regions, not ONS regions"),
      .text("Help and protection"), .text("Leadership"), .text("Overall effectiveness"),
      .text("Experiences and progress of children in care"), .text("Web link"),
    ]
    var rows: [[FixtureCell]] = [[.text("Local authority inspection judgements as at 31 March 2024")], header]
    for authority in authorities {
      let last = authority.history.last
      let grades = gradeCells(last?.grades ?? [])
      rows.append([
        grades[4], last.map { .date($0.inspected) } ?? .text("Not yet inspected"), .text(authority.name), .text("123"),
        .text(authority.region), grades[2], grades[1], grades[0], grades[3], link(authority),
      ])
    }
    return [cover, FixtureSheet(name: "Latest judgements", rows: rows), history2024]
  }

  // MARK: A CSV export

  /// The 2024 main table as LibreOffice exports it to CSV in a UK locale: title rows, quoted
  /// fields where needed, dates as day/month/year.
  static var csv2024: String {
    func field(_ text: String) -> String {
      text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var lines = [
      "Local authority inspection judgements as at 31 March 2024,,,,,,,,",
      "\"This worksheet contains one table with no blank rows or columns, beginning in cell A3.\",,,,,,,,",
      headers2024.map(field).joined(separator: ","),
    ]
    for authority in authorities {
      var fields = ["Ofsted Local Authority Webpage", authority.name, authority.region]
      if let last = authority.history.last {
        let parts = last.inspected.split(separator: "-")
        fields.append("\(parts[2])/\(parts[1])/\(parts[0])")
        fields += last.grades + Array(repeating: "", count: 5 - last.grades.count)
      } else {
        fields += ["Not yet inspected", "", "", "", "", ""]
      }
      lines.append(fields.map(field).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
