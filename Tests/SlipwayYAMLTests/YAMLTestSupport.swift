import SlipwayCore
import SlipwayYAML
import XCTest

/// Loads `text` as `test.yml`, failing the test on a load error.
func loadRoot(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLNode? {
  do {
    return try YAMLLoader.load(Array(text.utf8), file: SourceFile(path: "test.yml")).root
  } catch {
    XCTFail("unexpected error: \(error.message)", file: file, line: line)
    return nil
  }
}

/// The error `text` fails to load with.
func loadError(_ text: String, options: YAMLLoadOptions = .gitlab) -> YAMLLoadError? {
  loadError(bytes: Array(text.utf8), options: options)
}

func loadError(bytes: [UInt8], options: YAMLLoadOptions = .gitlab) -> YAMLLoadError? {
  do {
    _ = try YAMLLoader.loadDocuments(bytes, file: SourceFile(path: "test.yml"), options: options)
    return nil
  } catch {
    return error
  }
}

extension YAMLNode {
  /// Key names of a mapping, in order.
  var keys: [String] { mapping?.map { $0.key.keyName ?? "?" } ?? [] }
  var scalarValue: ScalarValue? { scalar?.value }
}
