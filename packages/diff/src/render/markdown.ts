import { escapeMarkdown, markdownCode } from '@ccf/core';
import { BUMP_HELP, fieldLabel, KIND_LABEL, member, sentence, SEVERITY_HELP, SEVERITY_LABEL } from '../describe.js';
import { percent } from '../message.js';
import { CHANGE_KINDS, SEVERITIES, type Change, type ChangeSet, type ChangeSeverity } from '../types.js';

export interface MarkdownOptions {
  /** Longest report; GitHub refuses comments over 65,536 characters. Default 60,000. */
  maxChars?: number;
  /** Where the full report lives (a CI artifact), named in the truncation note. */
  artifactUrl?: string;
  /** First line, e.g. an HTML comment that marks a sticky PR comment. */
  marker?: string;
  /** Where the flow diagram of the crosswalk is (`crosswalk.svg` beside a release's CHANGELOG, a CI artifact): linked near the top. */
  diagramUrl?: string;
}

/** Text safe inside Markdown and inline HTML: one line, no tags, no links, no @mentions, no table breaks. */
export const escapeMd = escapeMarkdown;

/** Text inside a table cell of old/new text: line breaks (CR, LF or CRLF) kept as <br>. */
function cell(s: string): string {
  return s
    .split(/\r\n?|\n/)
    .map((l) => escapeMd(l))
    .join('<br>');
}

function line(cs: ChangeSet, c: Change): string {
  return sentence(cs, c)
    .map((p) => ('code' in p ? markdownCode(p.code) : 'name' in p ? `**${escapeMd(p.name)}**` : escapeMd(p.text)))
    .join('');
}

/** A definition as one paragraph of plain text (the body's own Markdown is not trusted). */
function paragraph(s: string): string {
  return escapeMd(
    s
      .split(/\r\n?|\n/)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** New, merged and split-into nodes as the new version defines them: what a reviewer decides by. */
function nodesDetail(c: Change): string {
  const nodes = c.nodes ?? [];
  const summary = c.kind === 'split' ? 'The parts: definitions and occupations' : 'Definition and occupations';
  const blocks = nodes.map((n) => {
    const share = c.kind === 'split' && n.share !== undefined ? ` — ${percent(n.share)} of the old node` : '';
    // A cluster's occupations are its sub-clusters', listed under them.
    const occupations =
      c.nodeType === 'cluster'
        ? ''
        : n.occupations.length
          ? `Occupations (${n.occupations.length}): ${n.occupations.map((o) => escapeMd(o.title ? `${o.code} ${o.title}` : o.code)).join('; ')}.`
          : 'Occupations: none linked.';
    const head = [
      `**${escapeMd(n.title)}** (${markdownCode(n.id)})${share}`,
      '',
      n.definition ? paragraph(n.definition) : '_No definition._',
    ];
    return (occupations ? [...head, '', occupations] : head).join('\n');
  });
  return [`<details><summary>${summary}</summary>`, '', blocks.join('\n\n'), '', '</details>'].join('\n');
}

/** The folded detail under a change: old and new side by side, or the members added and removed. */
function detail(c: Change): string {
  if ((c.kind === 'added' || c.kind === 'merged' || c.kind === 'split') && c.nodes?.length) return nodesDetail(c);
  if (c.kind === 'redefined' && typeof c.before === 'string' && typeof c.after === 'string') {
    const diff = (c.wordDiff ?? [])
      .map((p) =>
        p.op === 'equal' ? escapeMd(p.text) : p.op === 'insert' ? `<ins>${escapeMd(p.text)}</ins>` : `<del>${escapeMd(p.text)}</del>`,
      )
      .join('');
    return [
      '<details><summary>Old and new definition</summary>',
      '',
      '| Before | After |',
      '| --- | --- |',
      `| ${cell(c.before)} | ${cell(c.after)} |`,
      '',
      `Word by word: ${diff}`,
      '',
      '</details>',
    ].join('\n');
  }
  if (c.added || c.removed) {
    const a = (c.added ?? []).map(member);
    const r = (c.removed ?? []).map(member);
    const rows = [];
    for (let i = 0; i < Math.max(a.length, r.length); i++) rows.push(`| ${r[i] ? escapeMd(r[i]!) : ''} | ${a[i] ? escapeMd(a[i]!) : ''} |`);
    const summary = `${fieldLabel(c.field)}: ${a.length} added, ${r.length} removed`;
    return [`<details><summary>${escapeMd(summary)}</summary>`, '', '| Removed | Added |', '| --- | --- |', ...rows, '', '</details>'].join(
      '\n',
    );
  }
  if (c.kind === 'field-changed' && (c.before !== undefined || c.after !== undefined))
    return `  ${escapeMd(fieldLabel(c.field))}: ${escapeMd(String(c.before ?? '(none)'))} → ${escapeMd(String(c.after ?? '(none)'))}`;
  return '';
}

function item(cs: ChangeSet, c: Change): string {
  const d = detail(c);
  if (!d) return `- ${line(cs, c)}`;
  if (d.startsWith('  ')) return `- ${line(cs, c)}  \n${d}`;
  return `- ${line(cs, c)}\n\n${d
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')}\n`;
}

/** Changes grouped under their cluster, clusters in report order. */
function byCluster(cs: ChangeSet, changes: Change[]): string[] {
  const groups = new Map<string, Change[]>();
  for (const c of changes) groups.set(c.cluster, [...(groups.get(c.cluster) ?? []), c]);
  const blocks: string[] = [];
  for (const [, list] of groups) {
    const head = `#### ${escapeMd(list[0]!.clusterTitle)}`;
    blocks.push(head, '');
    for (const c of list) blocks.push(item(cs, c));
    blocks.push('');
  }
  return blocks;
}

/**
 * The change report for a pull request or a release, written for a state reviewer: what needs which release,
 * counts, the breaking changes by cluster, then the rest folded. Never longer than `maxChars`: when it would be,
 * whole blocks are left out and a note points at the full report.
 */
export function renderChangeSetMarkdown(cs: ChangeSet, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? 60_000;
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  // A version is named by its number; where it was read from (a folder, a ref) only when that says more.
  const side = (v: ChangeSet['from']): string => {
    const where = [
      v.label !== `@${v.version}` ? markdownCode(v.label) : '',
      v.commit ? `commit ${markdownCode(v.commit.slice(0, 10))}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `version **${escapeMd(v.version)}**${where ? ` (${where})` : ''}`;
  };
  head.push(`## Changes to the ${escapeMd(cs.to.title)}`, '', `From ${side(cs.from)} to ${side(cs.to)}.`, '');
  const total = cs.changes.length;
  if (total === 0) {
    head.push('No change to any cluster or pathway: nothing to review in the framework itself.', '');
    return finish(head, [], cs, options, maxChars);
  }
  head.push(`These changes need ${BUMP_HELP[cs.bump]}.`, '');
  head.push('| Severity | Changes | What it means |', '| --- | ---: | --- |');
  for (const s of SEVERITIES) head.push(`| ${SEVERITY_LABEL[s]} | ${cs.summary.bySeverity[s]} | ${SEVERITY_HELP[s]} |`);
  head.push('');
  const kinds = CHANGE_KINDS.filter((k) => cs.summary.byKind[k] > 0).map((k) => `${KIND_LABEL[k]}: ${cs.summary.byKind[k]}`);
  head.push(`By kind: ${kinds.join(' · ')}.`, '');
  if (options.diagramUrl) head.push(`The change as a flow diagram: [crosswalk.svg](${markdownUrl(options.diagramUrl)}).`, '');

  const body: string[] = [];
  const bySev = (s: ChangeSeverity): Change[] => cs.changes.filter((c) => c.severity === s);
  const breaking = bySev('breaking');
  if (breaking.length) {
    body.push(
      `### Breaking changes (${breaking.length})`,
      '',
      'Systems that store these ids need the crosswalk to move to the new version.',
      '',
    );
    body.push(...byCluster(cs, breaking));
    body.push('');
  }
  for (const s of ['notable', 'editorial'] as const) {
    const list = bySev(s);
    if (!list.length) continue;
    body.push(`<details><summary><b>${SEVERITY_LABEL[s]} changes (${list.length})</b>: ${SEVERITY_HELP[s]}</summary>`, '');
    body.push(...byCluster(cs, list));
    body.push('', '</details>', '');
  }
  if (cs.warnings.length) {
    body.push(`<details><summary><b>For the editor (${cs.warnings.length})</b>: hints, not decisions</summary>`, '');
    for (const w of cs.warnings) body.push(`- ${markdownCode(w.file)}: ${escapeMd(w.message)}${w.note ? ` _${escapeMd(w.note)}_` : ''}`);
    body.push('', '</details>', '');
  }
  return finish(head, body, cs, options, maxChars);
}

/** A link destination that cannot end the link early or start a new line. */
const markdownUrl = (url: string): string => url.replace(/[()<>\s]/g, encodeURIComponent);

function finish(head: string[], body: string[], cs: ChangeSet, options: MarkdownOptions, maxChars: number): string {
  const link = options.artifactUrl
    ? `[the full report](${markdownUrl(options.artifactUrl)})`
    : 'the full report (JSON, CSV and SSSOM crosswalk) in the CI artifacts';
  const footer = `\n---\n${cs.crosswalk.length} crosswalk rows. Generated by \`ccf diff\`.\n`;
  let out = head.join('\n') + '\n';
  const full = out + body.join('\n') + footer;
  if (full.length <= maxChars) return full;
  const note = (n: number) => `\n> [!NOTE]\n> This report is cut short: ${n} more lines did not fit in a comment. See ${link}.\n`;
  const budget = maxChars - note(body.length).length - footer.length - 16;
  let open = false;
  let i = 0;
  for (; i < body.length; i++) {
    const b = body[i]!;
    const closing = open && !b.startsWith('</details>') ? '\n</details>\n' : '';
    if (out.length + b.length + 1 + closing.length > budget) break;
    out += b + '\n';
    if (b.startsWith('<details><summary><b>')) open = true;
    if (b.startsWith('</details>')) open = false;
  }
  if (open) out += '\n</details>\n';
  if (out.length > maxChars) out = out.slice(0, Math.max(0, maxChars - note(0).length - footer.length));
  return out + note(body.length - i) + footer;
}
