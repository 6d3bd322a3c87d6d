import SlipwayYAML

/// Job-level `when:` outside `rules:` (a team policy; off by default).
public struct JobWhenOutsideRulesRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "job-when-outside-rules",
      summary: "A job sets `when:` at job level instead of inside `rules:`.",
      rationale: """
        Job-level `when:` is the default for matching rules and interacts with `rules:` in ways that \
        surprise readers (a matching rule without `when` inherits it; `when: manual` at job level makes \
        the job allowed to fail, `rules:when: manual` does not). Keeping every `when` inside `rules:` \
        puts each job's conditions in one place. Off by default; enable it in `.slipway.yml` \
        (`lint: enable: [job-when-outside-rules]`).
        """,
      defaultSeverity: .warning, enabledByDefault: false,
      triggering: [
        RuleExample(
          """
          deploy:
            script: ./deploy.sh
            when: manual
          """, findings: 1, settings: "lint:\n  enable: [job-when-outside-rules]\n")
      ],
      clean: [
        RuleExample(
          """
          deploy:
            script: ./deploy.sh
            rules:
              - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
                when: manual
          """, settings: "lint:\n  enable: [job-when-outside-rules]\n")
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    context.jobs.compactMap { job in
      // The merged job as written (the normalised one has a defaulted `when`).
      guard let when = context.root[job.name]?["when"] else { return nil }
      return LintFinding(
        "job \(job.name) sets `when: \(when.rubyText)` outside `rules:`", at: when.mark.location,
        help: "move it into a rule, e.g. `rules: [{if: ..., when: \(when.rubyText)}]`")
    }
  }
}
