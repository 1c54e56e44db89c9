/// Text whose characters are its bytes: ASCII, without a carriage return (the one ASCII
/// character that joins the next, a line feed, into one character). Most lines of prose are
/// plain, and the check reads them byte by byte where it would read other text a `Character`
/// at a time; it counts offsets in characters either way, so the two readings agree
/// (`ProseFastPathTests`).
enum ASCIIText {
  /// `body` over the text's bytes when the text is plain and its bytes are stored together;
  /// nil otherwise.
  static func withBytes<Result>(of text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result)
    -> Result?
  {
    text.utf8.withContiguousStorageIfAvailable { bytes in isPlain(bytes) ? body(bytes) : nil } ?? nil
  }

  /// Whether every byte is ASCII and none is a carriage return.
  static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    !bytes.contains { $0 >= 0x80 || $0 == UInt8(ascii: "\r") }
  }

  /// `Character.isWhitespace` for an ASCII character: a tab, line feed, vertical tab, form
  /// feed, carriage return or space.
  @inline(__always)
  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte &- 0x09 < 5
  }

  /// `Character.isLetter || Character.isNumber` for an ASCII character: a letter or a digit.
  @inline(__always)
  static func isLetterOrDigit(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
  }
}
