extension String {
  /// The path without its last component, as `NSString.deletingLastPathComponent` gives it:
  /// `a/b/index.html` → `a/b`, `a` → ``, `/a` → `/`, `a/b/` → `a`.
  ///
  /// Written here because swift-corelibs-foundation's `deletingLastPathComponent` crashes
  /// (an illegal instruction) on a one-character path such as `a`, which a one-letter slug makes.
  var parentPath: String {
    var path = Substring(self)
    while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    var parent = path[..<slash]
    while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
    return String(parent)
  }
}
