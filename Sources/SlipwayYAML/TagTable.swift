import Foundation

/// Explicit tags by number, for the lifetime of the process: every node carries one, and a number
/// is 4 plain bytes where an optional string is 16 with reference counting. Almost every tag is
/// `!reference`, which has a fixed number and is read without the lock.
enum TagTable {
  static let none: UInt32 = 0
  static let reference: UInt32 = 1
  static let referenceTag = "!reference"

  private static let lock = NSLock()
  nonisolated(unsafe) private static var tags: [String] = ["", referenceTag]
  nonisolated(unsafe) private static var numbers: [String: UInt32] = [referenceTag: reference]

  static func number(_ tag: String?) -> UInt32 {
    guard let tag else { return none }
    if tag == referenceTag { return reference }
    lock.lock()
    defer { lock.unlock() }
    if let known = numbers[tag] { return known }
    let number = UInt32(tags.count)
    tags.append(tag)
    numbers[tag] = number
    return number
  }

  static func tag(_ number: UInt32) -> String? {
    switch number {
    case none: return nil
    case reference: return referenceTag
    default:
      lock.lock()
      defer { lock.unlock() }
      return tags[Int(number)]
    }
  }
}
