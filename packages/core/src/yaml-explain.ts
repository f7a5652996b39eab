import type { YAMLError, YAMLWarning } from 'yaml';
import { codePointName } from './escape.js';
import { mistakes, type Mistake, type MistakeVars } from './mistakes.js';
import type { Severity } from './types.js';

/** A mistake found on one line of the frontmatter, before it becomes a diagnostic. */
export interface Finding {
  mistake: Mistake;
  vars: MistakeVars;
  /** Offsets in the YAML text. */
  start: number;
  end: number;
  /** Reported even when YAML read the file: the text parses, but not as it looks. */
  always: boolean;
  /** Another line the message refers to (the line an indented one should line up with). */
  related?: { start: number; end: number; message: string };
}

export interface Explained {
  ruleId: string;
  severity: Severity;
  message: string;
  note?: string;
  start: number;
  end: number;
  related?: { start: number; end: number; message: string };
}

const byId = new Map(mistakes.map((m) => [m.id, m]));
const mistake = (id: string): Mistake => byId.get(id)!;

/** Unicode spaces that look like a space and are not one to YAML (a non-breaking space pasted from a web page). */
const ODD_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const CURLY = /^[“”‘’„‚«»]/;

function spaceName(c: string): string {
  return c === '\u00a0' ? 'non-breaking space (U+00A0)' : `look-alike space ${codePointName(c)}`;
}

interface Line {
  text: string;
  offset: number;
  /** Leading spaces (and tabs, odd spaces) */
  indent: number;
  dash: boolean;
  /** Column (0-based) where the key or the item's value starts. */
  keyCol: number;
  key?: string;
  /** The value as written after `key: ` (or after `- `), and where it starts. */
  value: string;
  valueCol: number;
}

function readLine(text: string, offset: number): Line {
  const indent = /^[ \t\u00a0]*/.exec(text)![0].length;
  let col = indent;
  const dash = /^-(?: +|$)/.exec(text.slice(col));
  if (dash) col += dash[0].length;
  const key = /^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)/.exec(text.slice(col));
  const valueStart = key ? col + key[0].length + (/^[ \t]*/.exec(text.slice(col + key[0].length))?.[0].length ?? 0) : col;
  return {
    text,
    offset,
    indent,
    dash: dash !== null,
    keyCol: col,
    ...(key ? { key: key[1]! } : {}),
    value: text.slice(valueStart).replace(/\s+$/, ''),
    valueCol: valueStart,
  };
}

/** The line as written, with `value` in place of its value: the line to type instead. */
function withValue(l: Line, value: string): string {
  return `${l.text.slice(l.indent, l.valueCol)}${value}`;
}

/** A value in double quotes, unless it holds a double quote (then single quotes, which need no escape for it). */
function quoted(value: string): string {
  return value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

/** Where a quoted value's closing quote is, or -1. */
function closingQuote(value: string): number {
  const q = value[0];
  for (let i = 1; i < value.length; i++) {
    if (q === '"' && value[i] === '\\') i++;
    else if (value[i] === q) {
      if (q === "'" && value[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Mistakes that can be seen on one line. */
function lineFindings(l: Line, known: ReadonlySet<string>, prev: Line | undefined, anchors: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const add = (id: string, col: number, len: number, vars: Omit<MistakeVars, 'key'> & { key?: string }, always = false): void => {
    out.push({ mistake: mistake(id), vars: { key: l.key ?? '-', ...vars }, start: l.offset + col, end: l.offset + col + len, always });
  };
  const lead = l.text.slice(0, l.indent);
  const tab = lead.indexOf('\t');
  if (tab !== -1) {
    add('tab-indent', tab, 1, { text: '\t', fix: l.text.replace(/\t/g, '  ').trimEnd() });
    return out;
  }
  const oddLead = ODD_SPACE.exec(lead);
  if (oddLead) {
    const key = l.text.trim().split(':')[0]!;
    add(
      'non-breaking-space',
      oddLead.index,
      1,
      { key, text: `${spaceName(oddLead[0])} in the indentation of \`${key}\``, fix: l.text.replace(ODD_SPACE, ' ').trimEnd() },
      true,
    );
    return out;
  }
  const rest = l.text.slice(l.keyCol);
  if (!l.key) {
    const glued = /^([A-Za-z_][\w-]*):([^ \t])/.exec(rest);
    if (glued && !rest.startsWith(`${glued[1]}://`)) {
      const odd = ODD_SPACE.test(glued[2]!);
      const key = glued[1]!;
      const fix = `${l.text.slice(l.indent, l.keyCol)}${key}: ${rest
        .slice(key.length + 1)
        .replace(ODD_SPACE, '')
        .trimStart()}`.trimEnd();
      if (odd)
        add('non-breaking-space', l.keyCol + key.length + 1, 1, { key, text: `${spaceName(glued[2]!)} after \`${key}:\``, fix }, true);
      else add('missing-space-after-colon', l.keyCol + key.length + 1, 1, { key, text: rest.trimEnd(), fix });
      return out;
    }
    // A line of text alone after `key: value`: the editor broke a long value over two lines.
    if (!l.dash && prev?.key && prev.value !== '' && l.indent <= prev.indent && /^[^#"'\-[{]/.test(rest)) {
      add('value-broken-over-lines', l.indent, rest.trimEnd().length, {
        key: prev.key,
        text: rest.trimEnd(),
        fix: withValue(prev, `${prev.value} ${rest.trim()}`),
      });
      return out;
    }
  }
  const v = l.value;
  if (v === '' || (l.key === undefined && !l.dash)) return out;
  const at = l.valueCol;
  const first = v[0]!;
  if (first === '"' || first === "'") {
    const close = closingQuote(v);
    if (close === -1) {
      add('unclosed-quote', at, 1, { text: first, fix: withValue(l, `${v}${first}`) });
      return out;
    }
    const after = v.slice(close + 1);
    const trail = /^\s*(?:#.*)?$/.test(after) ? '' : after.trim();
    if (trail) {
      const inner = v.slice(1, close);
      if (first === "'" && /^\w/.test(after))
        add('apostrophe-in-single-quotes', at + close, 1, { text: "'", fix: withValue(l, `"${inner}'${after.replace(/'$/, '')}"`) });
      else add('text-after-quote', at + close + 1 + after.indexOf(trail), trail.length, { text: trail, fix: withValue(l, quoted(v)) });
      return out;
    }
    if (first === '"') {
      const esc = /\\(?:[^0abtnvfre "/\\N_LPxuU\t]|$)/.exec(v.slice(1, close));
      if (esc)
        add('backslash-in-double-quotes', at + 1 + esc.index, esc[0].length, {
          text: esc[0],
          fix: withValue(l, `'${v.slice(1, close).replace(/\\\\/g, '\\').replace(/'/g, "''")}'`),
        });
    }
    return out;
  }
  if (CURLY.test(v)) {
    const plain = v.replace(/^[“”‘’„‚«»]/, '').replace(/[“”‘’„‚«»]$/, '');
    if (/:(?:\s|$)/.test(plain)) add('curly-quotes-with-colon', at, 1, { text: first, fix: withValue(l, quoted(plain)) });
    else add('curly-quotes', at, 1, { text: first, fix: withValue(l, plain) }, true);
    return out;
  }
  if ('@`%'.includes(first)) {
    add('reserved-first-character', at, 1, { text: first, fix: withValue(l, quoted(v)) });
    return out;
  }
  // `!!type` and `&anchor` are deliberate YAML, refused elsewhere with their own message; `!Word` is text.
  if ((first === '!' && v[1] !== '!') || first === '&' || first === '*') {
    // An alias to no anchor makes YAML throw only when the value is read: report it whether or not YAML did.
    const alias = first === '*' ? /^\*([^\s,[\]{}]+)/.exec(v) : null;
    const always = alias !== null && !anchors.has(alias[1]!);
    add('anchor-alias-tag', at, 1, { text: first, fix: withValue(l, quoted(v)) }, always);
    return out;
  }
  if ('[{'.includes(first)) {
    add('bracket-first', at, 1, { text: first, fix: withValue(l, quoted(v)) });
    return out;
  }
  if ('|>'.includes(first) && !/^[|>][-+0-9]*\s*(?:#.*)?$/.test(v)) {
    add('block-indicator-first', at, 1, { text: first, fix: withValue(l, quoted(v)) });
    return out;
  }
  const colon = /:(?:[ \t]|$)/.exec(v);
  if (colon) {
    const before = v.slice(0, colon.index);
    const second = /(?:^|\s)([A-Za-z_][\w-]*)$/.exec(before);
    if (second && known.has(second[1]!) && before.length > second[1]!.length) {
      const name = second[1]!;
      const pad = ' '.repeat(l.keyCol);
      add('link-on-one-line', at + before.length - name.length, name.length, {
        text: name,
        fix: `${pad}${name}: ${v.slice(colon.index + 1).trim()}`,
      });
    } else add('colon-in-value', at + colon.index, 1, { text: ':', fix: withValue(l, quoted(v.replace(/\s+#.*$/, ''))) });
    return out;
  }
  const hash = /\s#/.exec(v);
  if (hash) {
    const comment = v.slice(hash.index + 1);
    add('hash-in-value', at + hash.index + 1, comment.length, { text: comment, fix: withValue(l, quoted(v)) }, true);
  }
  return out;
}

interface Level {
  col: number;
  seq: boolean;
  /** The line that set this level, and its key: what a misplaced line should line up with. */
  line: Line;
  /** Keys of the current item (a sequence level) */
  itemKeys: Set<string>;
}

/** A line indented less than the line it belongs with (`target`, whose key or dash starts at `col`). */
function shallow(l: Line, target: Line, col: number, atDash = false): Finding {
  const name = target.key ?? target.text.trim();
  return {
    mistake: mistake('indent-too-shallow'),
    vars: {
      key: l.key ?? '-',
      text: atDash ? `- ${name}` : name,
      actual: l.indent,
      expected: col,
      fix: `${' '.repeat(col)}${l.text.trim()}`,
    },
    start: l.offset,
    end: l.offset + Math.max(l.indent, 1),
    always: false,
    related: {
      start: target.offset + (atDash ? target.indent : target.keyCol),
      end: target.offset + target.text.trimEnd().length,
      message: `\`${name}\` is here`,
    },
  };
}

/**
 * Indentation, line by line, as a person reads it: each line lines up with a line above, or sits deeper under a
 * `key:` that opens a block. Only used to explain an error YAML found, so YAML stays the judge of what is valid.
 */
function indentFindings(lines: Line[]): Finding[] {
  const out: Finding[] = [];
  const levels: Level[] = [];
  let open: Line | undefined;
  let block: number | undefined;
  for (const l of lines) {
    if (l.text.trim() === '' || l.text.trimStart().startsWith('#')) continue;
    if (block !== undefined) {
      if (l.indent > block) continue;
      block = undefined;
    }
    if (levels.length === 0) levels.push({ col: l.indent, seq: false, line: l, itemKeys: new Set() });
    else if (open && (l.indent > open.keyCol || (l.dash && l.indent === open.keyCol))) {
      levels.push({ col: l.indent, seq: l.dash, line: l, itemKeys: new Set() });
    } else {
      let i = levels.length - 1;
      while (i >= 0 && levels[i]!.col > l.indent) i--;
      const level = levels[i];
      if (level && level.col === l.indent) {
        const closed = levels.slice(i + 1);
        levels.length = i + 1;
        if (level.seq && !l.dash && l.key) {
          const item = levels[i];
          if (item!.itemKeys.has(l.key)) {
            out.push({
              mistake: mistake('list-item-missing-dash'),
              vars: { key: l.key, text: l.text.trim(), fix: `${' '.repeat(l.indent)}- ${l.text.trim()}` },
              start: l.offset + l.indent,
              end: l.offset + l.text.trimEnd().length,
              always: false,
            });
            open = undefined;
            continue;
          }
          // A field of the item above written at its dash: it lines up with the item's first field.
          const first = closed[0];
          if (first && !first.seq && first.line.dash && first.line.key) {
            out.push(shallow(l, first.line, first.col));
            open = undefined;
            continue;
          }
        }
        // An item written left of the items above it, at the column of the key that holds the list.
        const list = closed.find((c) => c.seq);
        if (!level.seq && l.dash && list) {
          out.push(shallow(l, list.line, list.col, true));
          open = undefined;
          continue;
        }
      } else if (l.key || l.dash) {
        // Between two levels (or deeper than a value allows): line it up with the nearest, the deeper on a tie.
        const candidates = levels.slice();
        let best = candidates[candidates.length - 1]!;
        for (const c of candidates) if (Math.abs(c.col - l.indent) < Math.abs(best.col - l.indent)) best = c;
        const anchor = best.seq && l.key && !l.dash ? undefined : best;
        const target = anchor?.line ?? best.line;
        const col = anchor ? best.col : best.line.keyCol;
        const name = target.key ?? target.text.trim();
        const id = l.indent > col ? (levels.length === 1 && !open ? 'indented-first-key' : 'indent-too-deep') : 'indent-too-shallow';
        out.push({
          mistake: mistake(id),
          vars: { key: l.key ?? '-', text: name, actual: l.indent, expected: col, fix: `${' '.repeat(col)}${l.text.trim()}` },
          start: l.offset,
          end: l.offset + Math.max(l.indent, 1),
          always: false,
          related: {
            start: target.offset + (anchor ? target.indent : target.keyCol),
            end: target.offset + target.text.trimEnd().length,
            message: `\`${name}\` is here`,
          },
        });
        open = undefined;
        continue;
      } else continue; // a continuation line of a plain value
    }
    const top = levels[levels.length - 1]!;
    if (l.dash) {
      top.itemKeys = new Set(l.key ? [l.key] : []);
      if (l.key) levels.push({ col: l.keyCol, seq: false, line: l, itemKeys: new Set() });
    } else if (l.key) {
      const parent = levels.findLast((x) => x.seq && x.col < l.indent);
      parent?.itemKeys.add(l.key);
    }
    open = (l.key && l.value === '') || (l.dash && !l.key && l.value === '') ? l : undefined;
    if (l.key && /^[|>][-+0-9]*$/.test(l.value)) block = l.indent;
  }
  return out;
}

/**
 * Explains YAML's errors in an editor's words. Each error YAML reports is matched to a mistake seen on the raw lines
 * (the line it is on, or the line after, where YAML reports too early); what no mistake explains keeps YAML's own
 * wording. Some mistakes YAML reads without an error (a ` #` that drops the rest of a value) are reported anyway.
 */
export function explainYaml(yaml: string, problems: (YAMLError | YAMLWarning)[], known: ReadonlySet<string>): Explained[] {
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of yaml.split('\n')) {
    lines.push(readLine(raw.replace(/\r$/, ''), offset));
    offset += raw.length + 1;
  }
  const lineOf = (off: number): number => {
    let i = 0;
    while (i + 1 < lines.length && lines[i + 1]!.offset <= off) i++;
    return i;
  };
  const anchors = new Set([...yaml.matchAll(/&([^\s,[\]{}]+)/g)].map((m) => m[1]!));
  const findings: Finding[] = [];
  let prev: Line | undefined;
  let inBlock: number | undefined;
  for (const l of lines) {
    if (l.text.trim() === '' || l.text.trimStart().startsWith('#')) continue;
    if (inBlock !== undefined && l.indent > inBlock) continue;
    inBlock = l.key && /^[|>][-+0-9]*$/.test(l.value) ? l.indent : undefined;
    findings.push(...lineFindings(l, known, prev, anchors));
    prev = l;
  }
  const spans = problems.map((p) => ({ problem: p, from: lineOf(p.pos[0]), to: lineOf(Math.max(p.pos[0], p.pos[1] - 1)) }));
  const explains = (f: Finding, s: (typeof spans)[number]): boolean => {
    const line = lineOf(f.start);
    // YAML finds an unclosed quote only where the frontmatter ends.
    if (f.mistake.id === 'unclosed-quote' && s.problem.code === 'MISSING_CHAR') return s.from >= line;
    return line >= s.from && line <= s.to + 1;
  };
  const kept = findings.filter((f) => f.always || spans.some((s) => explains(f, s)));
  let unexplained = spans.filter((s) => !kept.some((f) => explains(f, s)));
  if (unexplained.length > 0) {
    const indents = indentFindings(lines).filter((f) => unexplained.some((s) => explains(f, s)));
    kept.push(...indents);
    unexplained = unexplained.filter((s) => !indents.some((f) => explains(f, s)));
  }
  const out: Explained[] = kept.map((f) => ({
    ruleId: f.mistake.ruleId,
    severity: f.mistake.severity,
    message: f.mistake.message!(f.vars),
    note: f.mistake.hint!(f.vars),
    start: f.start,
    end: Math.max(f.end, f.start + 1),
    ...(f.related ? { related: f.related } : {}),
  }));
  // One message per line for what stays unexplained: YAML often reports one mistake twice.
  const seen = new Set<number>();
  for (const s of unexplained) {
    if (seen.has(s.from)) continue;
    seen.add(s.from);
    out.push(yamlOwn(s.problem));
  }
  return out.sort((a, b) => a.start - b.start);
}

/** An error no catalogue entry explains, in YAML's words, with the help we have for its code. */
function yamlOwn(p: YAMLError | YAMLWarning): Explained {
  const [start, end] = p.pos;
  const first = (p.message.split('\n')[0] ?? p.message).replace(/ at line \d+, column \d+:?$/, '').trim();
  const base = { ruleId: 'yaml-syntax', severity: 'error' as const, start, end: Math.max(end, start + 1) };
  // Branch on yaml's error codes, never its wording: the message can quote the input (`|table`).
  switch (p.code) {
    case 'RESOURCE_EXHAUSTION':
      return { ...base, message: 'Unexpected YAML nested too deeply to read, expected a flat mapping with short lists' };
    case 'TAB_AS_INDENT':
      return { ...base, message: `Unexpected YAML: ${first}`, note: 'Indent YAML with spaces, not tabs.' };
    case 'MULTIPLE_DOCS':
      return { ...base, message: `Unexpected YAML: ${first}`, note: 'Frontmatter is one YAML document: remove the inner `---`.' };
    case 'TAG_RESOLVE_FAILED':
      return {
        ...base,
        message: `Unexpected YAML tag, expected plain values: ${first}`,
        note: 'Remove the `!…` tag: ccf frontmatter has no custom tags.',
      };
    default:
      return { ...base, message: `Unexpected YAML: ${first}` };
  }
}
