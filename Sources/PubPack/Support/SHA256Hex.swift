import Crypto
import Foundation

/// The SHA-256 of the bytes, in lower-case hexadecimal.
func sha256Hex(_ data: Data) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var hex: [UInt8] = []
  hex.reserveCapacity(SHA256.byteCount * 2)
  for byte in SHA256.hash(data: data) {
    hex.append(digits[Int(byte >> 4)])
    hex.append(digits[Int(byte & 0x0f)])
  }
  return String(decoding: hex, as: UTF8.self)
}
