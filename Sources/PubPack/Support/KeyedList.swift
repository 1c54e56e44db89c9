/// Values looked up by a key where they already are: a dictionary of copies of a large pack's
/// documents would hold each twice (a document is a large value, copied whole into each).
struct KeyedList<Value: Sendable>: Sendable {
  let values: [Value]
  /// The first value of each key, by its index.
  let index: [String: Int]

  init(_ values: [Value], key: (Value) -> String) {
    self.values = values
    index = Dictionary(values.indices.map { (key(values[$0]), $0) }, uniquingKeysWith: { a, _ in a })
  }

  subscript(key: String) -> Value? { index[key].map { values[$0] } }
}
