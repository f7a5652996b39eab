import type { Diagnostic, Framework, LoadResult, MarkdownFacts, MarkdownResult, ParsedFile, Severity } from '@ccf/core';

/** What a rule sees: the loaded framework and its files, plus an optional earlier version. */
export interface RuleContext {
  load: LoadResult;
  /** Parsed files by path. */
  files: Map<string, ParsedFile>;
  /** The version given with `--against`, for lineage rules. */
  against?: LoadResult;
  /** Every published release (`releases/`), oldest first: the earlier versions `derivedFrom` may name. */
  releases: Framework[];
  /**
   * What the checks read from a file's body (links, raw HTML, the parsing budget), positions in the file's own
   * lines: from the parse cache or the parse workers when the load asked for them, else computed once now.
   */
  facts(file: ParsedFile): MarkdownFacts;
  /**
   * Paths of the files that are new or changed since the base (HEAD, or the `--against` ref), when the content is in
   * a git work tree: a rule that must pick one of two clashing files blames the one the editor touched.
   */
  changed?: ReadonlySet<string>;
  /**
   * The file's body parsed as Markdown, positions shifted to the file's own lines. Parsed at each call and not
   * kept (no run holds every tree): prefer `facts`, which the cache serves without parsing.
   */
  markdown(file: ParsedFile): MarkdownResult;
  /** Reports a problem; severity comes from the rule's default or the config. */
  report(problem: Omit<Diagnostic, 'ruleId' | 'severity'>): void;
}

/** One rule = one file = one docs page = one test, all named by `id`. */
export interface Rule {
  /** Permanent kebab-case id. */
  id: string;
  /** Earlier ids of this rule: a config or selection naming one still means this rule. */
  aliases?: string[];
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /** Runs only when an earlier version is given (`--against`). */
  needsAgainst?: boolean;
  check(context: RuleContext): void;
}

/** A diagnostic id that the loader (parse, schema, listing) reports rather than a lint rule. */
export interface CoreRuleInfo {
  id: string;
  description: string;
  /** Where in @ccf/core it comes from. */
  stage: 'listing' | 'parse' | 'schema' | 'load';
  /** Severity when no config re-levels it; error unless given. */
  severity?: Severity;
}
