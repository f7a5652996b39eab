import type { Diagnostic, LoadResult, ParsedFile, Severity } from '@ccf/core';

/** What a rule sees: the loaded framework and its files, plus an optional earlier version. */
export interface RuleContext {
  load: LoadResult;
  /** Parsed files by path. */
  files: Map<string, ParsedFile>;
  /** The version given with `--against`, for lineage rules. */
  against?: LoadResult;
  /** Reports a problem; severity comes from the rule's default or the config. */
  report(problem: Omit<Diagnostic, 'ruleId' | 'severity'>): void;
}

/** One rule = one file = one docs page = one test, all named by `id`. */
export interface Rule {
  /** Permanent kebab-case id. */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  check(context: RuleContext): void;
}
