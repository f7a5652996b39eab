import type { Diagnostic } from '@ccf/core';
import type { JsonDiagnostic } from '../generated/lint-report.js';

/** Diagnostics as a JSON array with a stable key order; end positions always present. */
export function toJsonDiagnostics(diagnostics: Diagnostic[]): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine ?? d.line,
    endColumn: d.endColumn ?? d.column,
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    ...(d.note ? { note: d.note } : {}),
    ...(d.url ? { url: d.url } : {}),
    ...(d.related?.length
      ? {
          related: d.related.map((r) => ({
            file: r.file,
            line: r.line,
            column: r.column,
            ...(r.endLine ? { endLine: r.endLine, endColumn: r.endColumn ?? r.column } : {}),
            message: r.message,
          })),
        }
      : {}),
  }));
}

export function formatJson(diagnostics: Diagnostic[]): string {
  return `${JSON.stringify(toJsonDiagnostics(diagnostics), null, 2)}\n`;
}
