/// Placeholder removed when the first lint file lands.
enum _LintModule {}
