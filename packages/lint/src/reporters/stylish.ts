import { escapeInvisible, type Diagnostic } from '@ccf/core';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';

export interface StylishOptions {
  /** ANSI colors (default false: deterministic output). */
  color?: boolean;
  /** Show notes and docs URLs under each message. */
  verbose?: boolean;
}

/**
 * Diagnostics as vfile messages on one VFile per file (vfile's `fatal`: true error, false warning, undefined info).
 * Every string is made terminal-safe first (control and bidi characters shown escaped): vfile-reporter prints
 * them as they are.
 */
export function toVFiles(diagnostics: Diagnostic[]): VFile[] {
  const files = new Map<string, VFile>();
  for (const raw of diagnostics) {
    const d = terminalSafe(raw);
    let file = files.get(d.file);
    if (!file) files.set(d.file, (file = new VFile({ path: d.file })));
    const message = new VFileMessage(d.message, {
      place: {
        start: { line: d.line, column: d.column },
        end: { line: d.endLine ?? d.line, column: d.endColumn ?? d.column },
      },
      ruleId: d.ruleId,
      source: 'ccf',
    });
    message.file = d.file;
    message.fatal = d.severity === 'error' ? true : d.severity === 'warning' ? false : undefined;
    if (d.note) message.note = d.note;
    if (d.url) message.url = d.url;
    if (d.related?.length) message.cause = d.related.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message}`).join('\n');
    file.messages.push(message);
  }
  return [...files.values()];
}

/** The unified look (vfile-reporter): a block per file, then a count. */
export function formatStylish(diagnostics: Diagnostic[], options: StylishOptions = {}): string {
  if (diagnostics.length === 0) return '';
  const text = reporter(toVFiles(diagnostics), { color: options.color ?? false, verbose: options.verbose ?? true, quiet: true });
  return text.endsWith('\n') ? text : `${text}\n`;
}

function terminalSafe(d: Diagnostic): Diagnostic {
  return {
    ...d,
    file: escapeInvisible(d.file),
    ruleId: escapeInvisible(d.ruleId),
    message: escapeInvisible(d.message),
    // A note may run over lines: vfile-reporter indents every one of them under the message.
    ...(d.note !== undefined ? { note: escapeInvisible(d.note, { keepLines: true }).replace(/\r/g, '\\r') } : {}),
    ...(d.url !== undefined ? { url: escapeInvisible(d.url) } : {}),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, file: escapeInvisible(r.file), message: escapeInvisible(r.message) })) } : {}),
  };
}
