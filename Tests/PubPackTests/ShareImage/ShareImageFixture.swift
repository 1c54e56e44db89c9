import Foundation
import Testing

@testable import PubPack

/// Builds with share images, and reads the PNGs they write.
enum ShareImageFixture {
  static let hasRasteriser = PageCheckers.onPath("rsvg-convert")
  static let reason: Comment = "needs rsvg-convert (apt-get install librsvg2-bin)"

  /// The renderer a command would make: `rsvg-convert` found on this process's `PATH`.
  static var renderer: ShareImageRenderer {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return ShareImageRenderer(searchPath: path.split(separator: ":").map(String.init))
  }

  static func build(
    content: String = DocumentsFixture.sampleContent, templates: String = DocumentsFixture.sampleTemplates,
    at: String = DocumentsFixture.releaseDay, mode: BuildMode = .release, renderer: ShareImageRenderer? = renderer
  ) -> Build {
    var request = DocumentsFixture.request(content: content, templates: templates, at: at, mode: mode)
    request.printers.shareImage = renderer
    return Pipeline.build(request)
  }

  /// The width and height in a PNG's IHDR chunk; nil when it is not a PNG.
  static func size(ofPNG data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data)
    guard bytes.count > 24, Array(bytes[0..<8]) == ShareImageRenderer.pngSignature,
      String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
    else { return nil }
    func int(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
  }

  /// The names of a PNG's chunks, in order.
  static func chunks(ofPNG data: Data) -> [String] {
    let bytes = [UInt8](data)
    var names: [String] = []
    var at = 8
    while at + 8 <= bytes.count {
      let length = bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
      names.append(String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self))
      at += 12 + length
    }
    return names
  }

  /// How many different colours the PNG's pixels have, decoded with Python's zlib (the PNG's
  /// filters undone by hand, so no imaging library is needed).
  static func distinctColours(ofPNG path: String) throws -> Int {
    let result = try PDFTool.run(["python3", "-c", decoder, path])
    guard result.status == 0, let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      Issue.record("could not decode \(path): \(result.stderr)")
      return 0
    }
    return count
  }

  static let decoder = #"""
    import struct, sys, zlib
    data = open(sys.argv[1], "rb").read()
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp))
        previous = line
    print(len(colours))
    """#

  /// The `content` of `<meta property|name="key" content="...">` in a page, unescaped.
  static func meta(_ key: String, in html: String) -> String? {
    for attribute in ["property", "name"] {
      let start = "<meta \(attribute)=\"\(key)\" content=\""
      guard let range = html.range(of: start), let end = html[range.upperBound...].firstIndex(of: "\"") else {
        continue
      }
      return unescape(String(html[range.upperBound..<end]))
    }
    return nil
  }

  /// Text with the entities Mustache and `ShareCard.escape` write turned back into characters.
  static func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&apos;", with: "'")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
  }
}
