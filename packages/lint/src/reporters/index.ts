import type { Diagnostic } from '@ccf/core';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export const formatNames = ['compact', 'stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof formatNames)[number];

export interface ReportOptions {
  color?: boolean;
  version?: string;
  descriptions?: Record<string, string>;
  /** SARIF `automationDetails.id` (the code-scanning category). */
  automationId?: string;
  /** Base of docs links (`lintBaseUrl` of the linted framework). */
  baseUrl?: string;
  /** Warnings left out of `diagnostics` (`--quiet`): the compact count says so instead of "0 warnings". */
  hiddenWarnings?: number;
}

/** Renders diagnostics in one of the output formats. */
export function report(format: FormatName, diagnostics: Diagnostic[], options: ReportOptions = {}): string {
  switch (format) {
    case 'compact':
      return formatCompact(diagnostics, options.hiddenWarnings);
    case 'stylish':
      return formatStylish(diagnostics, { color: options.color ?? false });
    case 'json':
      return formatJson(diagnostics);
    case 'sarif':
      return formatSarif(diagnostics, {
        ...(options.version ? { version: options.version } : {}),
        ...(options.descriptions ? { descriptions: options.descriptions } : {}),
        ...(options.automationId ? { automationId: options.automationId } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      });
    case 'github':
      return formatGithub(diagnostics);
  }
}
