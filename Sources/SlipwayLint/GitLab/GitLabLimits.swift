/// GitLab's limits and allowed values, each with the file that defines it.
public enum GitLabLimits {
  /// `Entry::Processable` `validates :name, length: { maximum: 255 }`.
  public static let maxJobNameLength = 255
  /// `Gitlab::Ci::Config::Entry::Need::MAX_JOB_NAME_LENGTH` (needs names).
  public static let maxNeedNameLength = 128
  /// `ci_max_needs`: 50 on GitLab.com (plan limit; configurable on self-managed).
  public static let maxNeeds = 50
  /// `Entry::Product::Parallel::Numeric`: `parallel` between 2 and 200 (docs.gitlab.com/ci/yaml/#parallel).
  public static let parallelRange = 1...200
  /// `Entry::Product::Matrix`: at most 200 generated jobs (docs.gitlab.com/ci/yaml/#parallelmatrix).
  public static let maxMatrixJobs = 200
  /// `Entry::Caches::MULTIPLE_CACHE_LIMIT`.
  public static let maxCaches = 4
  /// `Entry::Cache::Key::Files`: at most 10 files (raised from 2; editor-schema fixture `cache.yml`).
  public static let maxCacheKeyFiles = 10
  /// `cache:key:files_commits`: at most 2 files.
  public static let maxCacheKeyFilesCommits = 2
  /// `Entry::Cache` `fallback_keys` at most 5.
  public static let maxFallbackKeys = 5
  /// `Entry::Rules::Rule::Changes` / `Exists`: at most 50 patterns.
  public static let maxRulePatterns = 50
  /// `Entry::Retry::FullRetry`: `max` between 0 and 2.
  public static let retryRange = 0...2
  /// `Entry::Commands` / `Entry::Rules`: nested arrays up to 10 levels.
  public static let maxNesting = 10
  /// `Entry::Job` `start_in` limit (`duration: { limit: '1 week' }`).
  public static let maxStartInSeconds = 7 * 24 * 3600
  /// `Project::MAX_BUILD_TIMEOUT` (1 month) for job `timeout`.
  public static let maxTimeoutSeconds = 30 * 24 * 3600

  /// `Entry::Job::ALLOWED_WHEN`.
  public static let jobWhen = ["on_success", "on_failure", "always", "manual", "delayed"]
  /// `Entry::Bridge::ALLOWED_WHEN`.
  public static let bridgeWhen = ["on_success", "on_failure", "always", "manual"]
  /// `Entry::Processable` rules `allowed_when`.
  public static let ruleWhen = ["on_success", "on_failure", "always", "never", "manual", "delayed"]
  /// `Entry::Workflow` rules `allowed_when`.
  public static let workflowWhen = ["always", "never"]
  /// `Entry::Artifacts` / `Entry::Cache` `when`.
  public static let artifactsWhen = ["on_success", "on_failure", "always"]
  /// `Entry::Artifacts` `access`.
  public static let artifactsAccess = ["none", "developer", "maintainer", "all"]
  /// `Entry::Cache::ALLOWED_POLICY`.
  public static let cachePolicy = ["pull-push", "push", "pull"]
  /// `Entry::Environment` `action`.
  public static let environmentActions = ["start", "prepare", "stop", "verify", "access"]
  /// `Environment.tiers`.
  public static let deploymentTiers = ["production", "staging", "testing", "development", "other"]
  /// `Entry::Retry::FullRetry` `when` values (`Ci::Build.failure_reasons` plus `always`).
  public static let retryWhen = Set(failureReasons + ["always"])
  /// `Entry::Image` / `Entry::Service` `pull_policy`.
  public static let pullPolicies = ["always", "never", "if-not-present"]
  /// `Entry::Trigger` `strategy`.
  public static let triggerStrategies = ["depend", "mirror"]
  /// `Entry::AutoCancel` `on_new_commit`.
  public static let autoCancelOnNewCommit = ["conservative", "interruptible", "none"]
  /// `Entry::AutoCancel` `on_job_failure`.
  public static let autoCancelOnJobFailure = ["none", "all"]
  /// `Entry::Default::ALLOWED_KEYS` accepted by `inherit:default` lists.
  public static let inheritableDefaults: Set<String> = [
    "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "identity", "image",
    "interruptible", "retry", "services", "tags", "timeout",
  ]
}
