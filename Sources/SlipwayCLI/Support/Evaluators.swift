import SlipwayConfig

/// The live engines the CLI hands the compiler.
enum Evaluators {
  static func compilerOptions() -> CompilerOptions { .gitlab }
}
