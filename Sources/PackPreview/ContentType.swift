/// The `Content-Type` for a site file, by its name.
enum ContentType {
  static func of(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if name == "feed.xml" { return "application/atom+xml; charset=utf-8" }
    guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
    switch name[name.index(after: dot)...].lowercased() {
    case "html", "htm": return "text/html; charset=utf-8"
    case "css": return "text/css; charset=utf-8"
    case "js", "mjs": return "text/javascript; charset=utf-8"
    case "json": return "application/json"
    case "xml": return "application/xml; charset=utf-8"
    case "txt": return "text/plain; charset=utf-8"
    case "csv": return "text/csv; charset=utf-8"
    case "svg": return "image/svg+xml"
    case "png": return "image/png"
    case "jpg", "jpeg": return "image/jpeg"
    case "gif": return "image/gif"
    case "webp": return "image/webp"
    case "avif": return "image/avif"
    case "ico": return "image/x-icon"
    case "pdf": return "application/pdf"
    case "woff2": return "font/woff2"
    case "woff": return "font/woff"
    case "ttf": return "font/ttf"
    case "otf": return "font/otf"
    case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    case "odt": return "application/vnd.oasis.opendocument.text"
    case "ods": return "application/vnd.oasis.opendocument.spreadsheet"
    default: return "application/octet-stream"
    }
  }
}
