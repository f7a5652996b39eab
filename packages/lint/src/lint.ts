import type { Diagnostic, LoadResult, Severity } from '@ccf/core';
import { rules as allRules } from './rules/index.js';
import type { Rule, RuleContext } from './types.js';

export interface LintOptions {
  /** Severity per rule id, or `off`. */
  rules?: Record<string, Severity | 'off'>;
  against?: LoadResult;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts diagnostics by file, line, column, severity, rule: output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const c = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...list].sort(
    (a, b) =>
      c(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      severityRank[a.severity] - severityRank[b.severity] ||
      c(a.ruleId, b.ruleId) ||
      c(a.message, b.message),
  );
}

/** Runs every rule over a loaded framework; returns load and rule diagnostics, sorted. */
export function lint(load: LoadResult, options: LintOptions = {}, rules: Rule[] = allRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  const configured = options.rules ?? {};
  for (const d of load.diagnostics) {
    const s = configured[d.ruleId];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  const files = new Map(load.files.map((f) => [f.path, f]));
  for (const rule of rules) {
    const setting = configured[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    const context: RuleContext = {
      load,
      files,
      ...(options.against ? { against: options.against } : {}),
      report: (p) => out.push({ ...p, ruleId: rule.id, severity: setting }),
    };
    rule.check(context);
  }
  return sortDiagnostics(out);
}
