import {
  cmp,
  markdownFacts,
  parseMarkdown,
  siteBaseUrl,
  type Diagnostic,
  type Framework,
  type LoadResult,
  type MarkdownResult,
  type ParsedFile,
  type Severity,
} from '@ccf/core';
import type { Node, Parent } from 'unist';
import { ruleUrl } from './catalog.js';
import { rules as allRules } from './rules/index.js';
import type { Rule, RuleContext } from './types.js';

export interface LintOptions {
  /** Severity per rule id, or `off`. */
  rules?: Record<string, Severity | 'off'>;
  /** An earlier version, for the lineage rules that compare with one version (`--against`). */
  against?: LoadResult;
  /** Every published release, oldest first: `derivedFrom` may name a node of any of them (no flag needed). */
  releases?: Framework[];
  /** Paths (as in the load) of files new or changed since the base commit; unknown outside a git work tree. */
  changed?: ReadonlySet<string>;
  /** Base of the docs URLs. Default: the framework's `baseUrl` when it is usable, else DEFAULT_BASE_URL. */
  baseUrl?: string;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts diagnostics by file, line, column, severity, rule: output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      severityRank[a.severity] - severityRank[b.severity] ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message, b.message),
  );
}

/** Parses a file's body as Markdown, with line numbers of the file itself. */
export function parseBody(file: ParsedFile): MarkdownResult {
  const result = parseMarkdown(file.body);
  const shift = file.bodyLine - 1;
  if (!result.ok) return result.line === undefined ? result : { ...result, line: result.line + shift };
  if (shift === 0) return result;
  const stack: Node[] = [result.tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.position) {
      node.position.start.line += shift;
      node.position.end.line += shift;
    }
    if ('children' in node) stack.push(...(node as Parent).children);
  }
  return result;
}

/** Runs every rule over a loaded framework; returns load and rule diagnostics, sorted, each with its docs URL. */
export function lint(load: LoadResult, options: LintOptions = {}, rules: Rule[] = allRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  const configured = options.rules ?? {};
  const base = lintBaseUrl(load, options);
  for (const d of load.diagnostics) {
    const s = configured[d.ruleId];
    if (s === 'off') continue;
    out.push({ ...d, ...(s ? { severity: s } : {}), url: d.url ?? ruleUrl(d.ruleId, base) });
  }
  const files = new Map(load.files.map((f) => [f.path, f]));
  for (const rule of rules) {
    const setting = configured[rule.id] ?? rule.aliases?.map((a) => configured[a]).find(Boolean) ?? rule.defaultSeverity;
    if (setting === 'off' || (rule.needsAgainst && !options.against)) continue;
    const context: RuleContext = {
      load,
      files,
      ...(options.against ? { against: options.against } : {}),
      releases: options.releases ?? [],
      ...(options.changed ? { changed: options.changed } : {}),
      facts: (file) => markdownFacts(file),
      markdown: parseBody,
      report: (p) => out.push({ ...p, ruleId: rule.id, severity: setting, url: ruleUrl(rule.id, base) }),
    };
    rule.check(context);
  }
  return sortDiagnostics(out);
}

/**
 * The base of the URLs in a lint report: the option, else the linted framework's `baseUrl` when it is usable (a
 * placeholder or broken one is reported by the schema, not linked to), else DEFAULT_BASE_URL.
 */
export function lintBaseUrl(load: LoadResult, options: Pick<LintOptions, 'baseUrl'> = {}): string {
  return siteBaseUrl(options.baseUrl, load.framework.meta.baseUrl);
}
