import type { Diagnostic } from '@ccf/core';
import { ruleUrl } from '../catalog.js';

export interface SarifOptions {
  /** Version of ccf, for `tool.driver.version`. */
  version?: string;
  /** Descriptions of rule ids, for `tool.driver.rules`. */
  descriptions?: Record<string, string>;
}

const level = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * A SARIF 2.1.0 log for GitHub code scanning. File paths are relative to where ccf ran (the
 * repository root in CI), under `%SRCROOT%`.
 */
export function toSarif(diagnostics: Diagnostic[], options: SarifOptions = {}) {
  const ids = [...new Set(diagnostics.map((d) => d.ruleId))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const region = (d: { line: number; column: number; endLine?: number; endColumn?: number }) => ({
    startLine: d.line,
    startColumn: d.column,
    endLine: d.endLine ?? d.line,
    endColumn: d.endColumn ?? d.column,
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'ccf',
            ...(options.version ? { version: options.version } : {}),
            informationUri: 'https://ccf.example.org/docs/rules/',
            rules: ids.map((id) => ({
              id,
              ...(options.descriptions?.[id] ? { shortDescription: { text: options.descriptions[id] } } : {}),
              helpUri: ruleUrl(id),
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder ccf ran in (the repository root in CI).' } } },
        results: diagnostics.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: index.get(d.ruleId)!,
          level: level[d.severity],
          message: { text: d.note ? `${d.message}. ${d.note}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' },
                region: region(d),
              },
            },
          ],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: encodeURI(r.file), uriBaseId: '%SRCROOT%' }, region: region(r) },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

export function formatSarif(diagnostics: Diagnostic[], options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(diagnostics, options), null, 2)}\n`;
}
