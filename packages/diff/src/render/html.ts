import { escapeInvisible } from '@ccf/core';
import { BUMP_HELP, fieldLabel, KIND_LABEL, member, sentence, SEVERITY_HELP, SEVERITY_LABEL } from '../describe.js';
import { percent } from '../message.js';
import { CHANGE_KINDS, SEVERITIES, type Change, type ChangeSet } from '../types.js';

/**
 * Escapes text for HTML element content and attribute values. Control, zero-width and bidi characters are shown
 * escaped (`\u202e`): an override would reorder the rest of the line in the browser.
 */
export function escapeHtml(s: string): string {
  return escapeInvisible(s, { keepLines: true }).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function line(cs: ChangeSet, c: Change): string {
  return sentence(cs, c)
    .map((p) =>
      'code' in p ? `<code>${escapeHtml(p.code)}</code>` : 'name' in p ? `<strong>${escapeHtml(p.name)}</strong>` : escapeHtml(p.text),
    )
    .join('');
}

function detail(c: Change): string {
  if ((c.kind === 'added' || c.kind === 'merged' || c.kind === 'split') && c.nodes?.length) {
    const parts = c.nodes.map((n) => {
      const share = c.kind === 'split' && n.share !== undefined ? ` — ${escapeHtml(percent(n.share))} of the old node` : '';
      const occupations =
        c.nodeType === 'cluster'
          ? ''
          : n.occupations.length
            ? `<ul class="ccf-occupations">${n.occupations.map((o) => `<li>${escapeHtml(member(o))}</li>`).join('')}</ul>`
            : '<p>Occupations: none linked.</p>';
      return `<h5>${escapeHtml(n.title)} <code>${escapeHtml(n.id)}</code>${share}</h5><p>${escapeHtml(n.definition)}</p>${occupations}`;
    });
    return `<details><summary>${c.kind === 'split' ? 'The parts: definitions and occupations' : 'Definition and occupations'}</summary>${parts.join('')}</details>`;
  }
  if (c.kind === 'redefined' && c.wordDiff) {
    const diff = c.wordDiff
      .map((p) =>
        p.op === 'equal' ? escapeHtml(p.text) : p.op === 'insert' ? `<ins>${escapeHtml(p.text)}</ins>` : `<del>${escapeHtml(p.text)}</del>`,
      )
      .join('');
    return `<details><summary>Old and new definition</summary><p class="ccf-worddiff">${diff}</p></details>`;
  }
  if (c.added || c.removed) {
    const li = (xs: unknown[] | undefined) => (xs ?? []).map((m) => `<li>${escapeHtml(member(m))}</li>`).join('');
    return `<details><summary>${escapeHtml(fieldLabel(c.field))}: ${(c.added ?? []).length} added, ${(c.removed ?? []).length} removed</summary><ul class="ccf-added">${li(c.added)}</ul><ul class="ccf-removed">${li(c.removed)}</ul></details>`;
  }
  if (c.kind === 'field-changed')
    return ` <span class="ccf-field">${escapeHtml(String(c.before ?? '(none)'))} → ${escapeHtml(String(c.after ?? '(none)'))}</span>`;
  return '';
}

/** The change set as an HTML fragment (no page, no scripts, every value escaped) for the preview server. */
export function renderChangeSetHtml(cs: ChangeSet): string {
  const out: string[] = [];
  out.push(`<section class="ccf-diff" data-bump="${cs.bump}">`);
  out.push(
    `<p>From <strong>${escapeHtml(cs.from.label)}</strong> (version ${escapeHtml(cs.from.version)}) to <strong>${escapeHtml(cs.to.label)}</strong> (version ${escapeHtml(cs.to.version)}).</p>`,
  );
  if (!cs.changes.length) out.push('<p>No change to any node.</p>');
  else {
    out.push(`<p>These changes need ${escapeHtml(BUMP_HELP[cs.bump].replace(/\*\*/g, ''))}.</p>`);
    out.push('<table class="ccf-summary"><thead><tr><th>Severity</th><th>Changes</th><th>What it means</th></tr></thead><tbody>');
    for (const s of SEVERITIES)
      out.push(`<tr><td>${SEVERITY_LABEL[s]}</td><td>${cs.summary.bySeverity[s]}</td><td>${escapeHtml(SEVERITY_HELP[s])}</td></tr>`);
    out.push('</tbody></table>');
    out.push(
      `<p>${CHANGE_KINDS.filter((k) => cs.summary.byKind[k])
        .map((k) => `${KIND_LABEL[k]}: ${cs.summary.byKind[k]}`)
        .join(' · ')}</p>`,
    );
    for (const s of SEVERITIES) {
      const list = cs.changes.filter((c) => c.severity === s);
      if (!list.length) continue;
      out.push(`<h3>${SEVERITY_LABEL[s]} changes (${list.length})</h3>`);
      let cluster: string | undefined;
      for (const c of list) {
        if (c.cluster !== cluster) {
          if (cluster !== undefined) out.push('</ul>');
          out.push(`<h4>${escapeHtml(c.clusterTitle)}</h4><ul>`);
          cluster = c.cluster;
        }
        out.push(`<li class="ccf-change ccf-${c.kind}">${line(cs, c)}${detail(c)}</li>`);
      }
      out.push('</ul>');
    }
  }
  if (cs.warnings.length) {
    out.push('<h3>Hints for the editor</h3><ul class="ccf-warnings">');
    for (const w of cs.warnings) out.push(`<li><code>${escapeHtml(w.file)}</code>: ${escapeHtml(w.message)}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n') + '\n';
}
