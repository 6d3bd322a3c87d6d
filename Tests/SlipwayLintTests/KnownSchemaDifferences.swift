/// Fixture cases where Slipway follows GitLab's server-side validation (`Gitlab::Ci::Config`
/// entries, `YamlProcessor`) rather than the editor schema, each with the reason. The conformance
/// test enforces the list both ways: an unlisted failure fails, and so does a listed case that passes.
enum KnownSchemaDifferences {
  static let cases: [String: String] = [
    "positive/include.yml#trigger:include accepts project and file properties":
      "the schema allows `script` with `trigger`; the server does not (`Entry::Processable` mutually "
      + "exclusive keys: `these keys cannot be used together: script, trigger`).",
    "positive/include.yml#trigger:include accepts optional ref property":
      "same case as above: `script` and `trigger` in one job are rejected by the server.",
    "negative/rules.yml#rules-if-empty":
      "`Entry::Rules::Rule` validates `if` with `allow_nil: true`; `{if: nil}` is a non-empty hash, so "
      + "the server accepts it (the rule always matches).",
    "negative/services.yml#empty_entrypoint":
      "`Entry::Service` validates `entrypoint` with `array_of_strings`, which accepts `[]`; only the "
      + "schema has `minItems: 1`.",
    "negative/services.yml#empty_command":
      "`Entry::Service` validates `command` with `array_of_strings`, which accepts `[]`; only the schema "
      + "has `minItems: 1`.",
    "negative/image.yml#empty_image":
      "`image:` with no value: `Entry::Factory` turns a nil value into an unspecified entry, so the "
      + "server treats the job as having no image (GitLab.com: the runner's default).",
    "negative/services.yml#empty_services":
      "`services:` with no value is an unspecified entry on the server (`Entry::Factory`), not an error.",
    "negative/retry.yml#invalid_job_with_retry_exit_codes_duplicate":
      "`Entry::Retry::FullRetry` validates `exit_codes` only with `array_of_integers_or_integer`; duplicate "
      + "codes are accepted by the server (only the schema has `uniqueItems`).",
    "negative/spec_inputs.yml#trigger_invalid_input":
      "the input's type is declared by the downstream project's `spec:`, which the server checks only "
      + "when it creates the downstream pipeline; an offline lint of this file cannot see it.",
  ]
}
