#!/usr/bin/env node
// Generates a synthetic framework of N nodes as a git repository with two commits that differ
// in exactly one file. Deterministic: the same N gives the same bytes and the same commit SHAs.
//
//   npm run bench:gen -- --nodes 50000 [--out bench/corpus/n50000] [--force]
//
// Layout: <out>/content/framework.md, <out>/content/clusters/<cluster>/index.md and
// <out>/content/clusters/<cluster>/<sub-cluster>.md; tags `bench-base` and `bench-change`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** Bump when the output changes: run.mjs regenerates corpora made by another version. */
export const GENERATOR_VERSION = 5;

const here = dirname(fileURLToPath(import.meta.url));

// Real codes, so that the corpus passes soc-format and cip-format (they look codes up in O*NET-SOC 2019 and CIP 2020).
const facts = (name) => parse(readFileSync(join(here, '..', 'test', 'facts', name)), { columns: true, skip_empty_lines: true });
const ONET_CODES = facts('onet-occupation-data.csv').map((row) => row['O*NET-SOC Code']);
const CIP_CODES = facts('cip2020-codes.csv')
  .filter((row) => /^\d{2}\.\d{4}$/.test(row.CIPCode) && row.Action !== 'Moved from' && row.Action !== 'Deleted')
  .map((row) => row.CIPCode);

/** mulberry32: small, fast, and the same on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

const ADJ = (
  'applied advanced agricultural allied architectural automated biomedical civic clinical coastal commercial community ' +
  'computational construction cultural culinary digital ecological electrical emergency environmental financial forensic ' +
  'geospatial industrial integrated interactive logistical maritime mechanical medical municipal natural nuclear ' +
  'occupational public regional renewable residential rural scientific structural sustainable technical therapeutic ' +
  'urban veterinary visual wireless'
).split(' ');
const NOUN = (
  'analysis aquaculture assembly auditing aviation banking biotechnology broadcasting carpentry chemistry coaching ' +
  'conservation cosmetology counseling cybersecurity design diagnostics dietetics drafting education electronics energy ' +
  'engineering entrepreneurship fabrication finance forestry hospitality horticulture insurance journalism laboratory ' +
  'law logistics machining maintenance manufacturing marketing mining networking nursing pharmacy photography planning ' +
  'plumbing printing programming publishing radiology recreation research robotics safety sales software surveying ' +
  'teaching telecommunications therapy tourism transportation welding wellness'
).split(' ');
const WORD = (
  'people work with systems that support the daily life of communities and the economy; they plan build repair measure ' +
  'test design operate manage teach advise inspect record and improve services products processes equipment data ' +
  'materials facilities programs budgets records plans structures networks vehicles tools for clients employers ' +
  'agencies schools clinics firms farms plants offices laboratories sites in teams on projects under standards rules ' +
  'codes and contracts across regions settings industries markets while learning new methods skills and technologies'
).split(' ');
const SOC_WORD = (
  'Managers Technicians Specialists Analysts Engineers Operators Assistants Inspectors Supervisors Coordinators ' +
  'Installers Repairers Designers Scientists Teachers Counselors Aides Clerks Drafters Mechanics'
).split(' ');
const STATUSES = ['VERIFIED', 'SECONDARY', 'INFERRED', 'UNCERTAIN'];
const OCCUPATIONS = ['onet-legacy', 'derived', 'editorial'];

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const slug = (s) =>
  s
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const pad = (n, w) => String(n).padStart(w, '0');
/** YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s) => JSON.stringify(s);

/** How many clusters and sub-clusters make N nodes: about 200 × 250 at 50,000. */
export function shape(nodes) {
  if (!Number.isInteger(nodes) || nodes < 2) throw new Error(`--nodes must be an integer ≥ 2, got ${nodes}`);
  const clusters = Math.max(1, Math.min(Math.floor(nodes / 2), Math.round(Math.sqrt(nodes * 0.8))));
  const subs = nodes - clusters;
  const sizes = [];
  // Uneven sizes (real clusters vary), summing exactly to `subs`.
  const r = prng(nodes * 7919 + 1);
  const weights = Array.from({ length: clusters }, () => 0.5 + r.next());
  const total = weights.reduce((a, b) => a + b, 0);
  let left = subs;
  for (let i = 0; i < clusters; i++) {
    const n = i === clusters - 1 ? left : Math.max(1, Math.min(left - (clusters - 1 - i), Math.round((weights[i] / total) * subs)));
    sizes.push(n);
    left -= n;
  }
  return { clusters, sizes };
}

function plan(nodes) {
  const r = prng(20241022 ^ nodes);
  const { clusters, sizes } = shape(nodes);
  const titles = new Set();
  const uniqueTitle = (make) => {
    for (let k = 0; ; k++) {
      const t = k === 0 ? make() : `${make()} ${k + 1}`;
      if (!titles.has(t)) {
        titles.add(t);
        return t;
      }
    }
  };
  const out = [];
  const wc = String(clusters).length;
  for (let c = 0; c < clusters; c++) {
    const title = uniqueTitle(() => `${cap(r.pick(ADJ))} ${cap(r.pick(NOUN))} & ${cap(r.pick(NOUN))}`);
    const id = `${slug(title)}-c${pad(c + 1, wc)}`;
    const ws = String(sizes[c]).length;
    const subs = [];
    for (let s = 0; s < sizes[c]; s++) {
      const st = uniqueTitle(() =>
        r.next() < 0.3 ? `${cap(r.pick(ADJ))} ${cap(r.pick(NOUN))} & ${cap(r.pick(NOUN))}` : `${cap(r.pick(ADJ))} ${cap(r.pick(NOUN))}`,
      );
      subs.push({ id: `${slug(st)}-c${pad(c + 1, wc)}-s${pad(s + 1, ws)}`, title: st });
    }
    out.push({ id, title, subs });
  }
  return out;
}

function sentence(r, links) {
  const n = r.int(7, 15);
  const words = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORD));
  if (r.next() < 0.15) words[r.int(0, n - 1)] = `*${r.pick(NOUN)}*`;
  if (links.length && r.next() < 0.5) {
    const l = links.shift();
    words.splice(r.int(1, n - 1), 0, `see [${l.title}](${l.href})`);
  }
  const text = words.join(' ').replace(/;(?=.)/g, ',');
  return `${cap(text.replace(/;$/, ''))}.`;
}

/** Longest definition written: the lint rule `definition-required` allows 2,000 characters. */
const MAX_BODY = 1800;

function body(r, links) {
  const paras = [];
  const count = r.int(2, 5);
  let length = 0;
  for (let p = 0; p < count; p++) {
    const lines = [];
    const sentences = r.int(2, 4);
    for (let s = 0; s < sentences; s++) {
      const next = sentence(r, links);
      // Keep within the bound, but never below two paragraphs.
      if (p >= 2 && length + next.length + 2 > MAX_BODY - 200) break;
      lines.push(next);
      length += next.length + 1;
    }
    if (lines.length) paras.push(lines.join(' '));
  }
  if (links.length) paras.push(`Related: ${links.map((l) => `[${l.title}](${l.href})`).join(', ')}.`);
  return paras.join('\n\n') + '\n';
}

function socList(r) {
  const n = r.int(1, 8);
  const seen = new Set();
  const out = [];
  while (out.length < n) {
    const onet = ONET_CODES[r.int(0, ONET_CODES.length - 1)];
    // Some as SOC 2018 codes: the six digits of an O*NET `.00` code.
    const code = r.next() < 0.85 || !onet.endsWith('.00') ? onet : onet.slice(0, 7);
    if (seen.has(code)) continue;
    seen.add(code);
    out.push({ code, title: `${cap(r.pick(NOUN))} ${r.pick(SOC_WORD)}` });
  }
  return out;
}

function provenance(r, lines, withOccupations) {
  lines.push('provenance:', `  status: ${r.pick(STATUSES)}`, '  sources:', '    - Synthetic benchmark corpus');
  if (r.next() < 0.3) lines.push('    - O*NET Resource Center, Browse by Career Cluster');
  if (r.next() < 0.2) lines.push(`  note: ${q('Generated for the ccf benchmark; not real content.')}`);
  if (withOccupations) lines.push(`  occupations: ${r.pick(OCCUPATIONS)}`);
}

function aliasesOf(r, title) {
  const out = [];
  if (title.includes('&')) out.push(title.replace(/&/g, 'and'));
  if (r.next() < 0.2) out.push(`${title} (program)`);
  return out;
}

function linksFor(r, tree, c, s) {
  // Half of the bodies link to other content files: a sibling, another cluster, or its sub-cluster.
  if (r.next() >= 0.5) return [];
  const links = [];
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    const kind = r.next();
    const cluster = tree[c];
    if (kind < 0.5 && cluster.subs.length > 1) {
      const t = cluster.subs[r.int(0, cluster.subs.length - 1)];
      if (s !== undefined && t === cluster.subs[s]) continue;
      links.push({ title: t.title, href: s === undefined ? `./${t.id}.md` : `./${t.id}.md` });
    } else {
      const oc = tree[r.int(0, tree.length - 1)];
      const up = s === undefined ? '..' : '..';
      if (kind < 0.75 || oc.subs.length === 0) links.push({ title: oc.title, href: `${up}/${oc.id}/index.md` });
      else {
        const t = oc.subs[r.int(0, oc.subs.length - 1)];
        links.push({ title: t.title, href: `${up}/${oc.id}/${t.id}.md` });
      }
    }
  }
  return links;
}

function frameworkFile(nodes, tree, groupings) {
  const lines = [
    '---',
    'id: synthetic-framework',
    `title: ${q(`Synthetic Framework of ${nodes} Nodes`)}`,
    'version: "1.0.0"',
    'edition: "2024"',
    'publisher: ccf benchmark',
    'license: CC0-1.0',
    `attribution: ${q('Synthetic data generated by bench/generate.mjs; not the National Career Clusters® Framework.')}`,
    'baseUrl: https://bench.ccf.test/',
    'terms:',
    '  grouping: Grouping',
    '  cluster: Career Cluster',
    '  subcluster: Sub-Cluster',
    'groupings:',
  ];
  for (const g of groupings)
    lines.push(`  - id: ${g.id}`, `    code: "${g.code}"`, `    title: ${q(g.title)}`, '    provenance:', '      status: INFERRED');
  lines.push('provenance:', '  status: UNCERTAIN', '  sources:', '    - Synthetic benchmark corpus', '---', '', '');
  return (
    lines.join('\n') +
    `A synthetic framework of ${tree.length} clusters and ${nodes - tree.length} sub-clusters, generated to measure ccf at scale.\n\n` +
    'Every file is valid; bodies are two to five paragraphs, and half of them link to other files.\n'
  );
}

function clusterFile(r, tree, c, groupings) {
  const node = tree[c];
  const lines = ['---', `id: ${node.id}`, `title: ${q(node.title)}`];
  const aliases = aliasesOf(r, node.title);
  if (aliases.length) lines.push('aliases:', ...aliases.map((a) => `  - ${q(a)}`));
  lines.push(`order: ${c + 1}`);
  provenance(r, lines, false);
  lines.push('codes:', `  onet: "${pad((c % 99) + 1, 2)}${pad(c % 100, 2)}00"`);
  if (r.next() < 0.05) lines.push('crossCutting: true');
  lines.push(`grouping: ${groupings[c % groupings.length].id}`, '---', '', '');
  return lines.join('\n') + body(r, linksFor(r, tree, c, undefined));
}

function subFile(r, tree, c, s) {
  const node = tree[c].subs[s];
  const lines = ['---', `id: ${node.id}`, `title: ${q(node.title)}`];
  const aliases = aliasesOf(r, node.title);
  if (aliases.length) lines.push('aliases:', ...aliases.map((a) => `  - ${q(a)}`));
  lines.push(`order: ${s + 1}`);
  const retired = r.next() < 0.01;
  if (retired) lines.push('status: retired', `retiredReason: ${q('Folded into its neighbors when the synthetic framework was revised.')}`);
  else lines.push('status: active');
  provenance(r, lines, true);
  if (s > 0 && r.next() < 0.05) lines.push('derivedFrom:', `  - ${tree[c].subs[r.int(0, s - 1)].id}`);
  lines.push('codes:', `  onet: "${pad((c % 99) + 1, 2)}${pad(c % 100, 2)}${pad((s % 99) + 1, 2)}"`);
  lines.push('soc:');
  for (const o of socList(r)) lines.push(`  - code: "${o.code}"`, `    title: ${q(o.title)}`);
  if (r.next() < 0.6) {
    const cip = new Set();
    const n = r.int(1, 4);
    while (cip.size < n) cip.add(CIP_CODES[r.int(0, CIP_CODES.length - 1)]);
    lines.push('cip:', ...[...cip].map((x) => `  - code: "${x}"`));
  }
  lines.push('---', '', '');
  return lines.join('\n') + body(r, linksFor(r, tree, c, s));
}

/** Every file of the corpus, path → text, in a stable order. */
export function corpusFiles(nodes) {
  const tree = plan(nodes);
  const groupings = Array.from({ length: Math.min(6, tree.length) }, (_, i) => ({
    id: `grouping-${pad(i + 1, 2)}`,
    code: pad(i + 1, 2),
    title: `Grouping ${i + 1}`,
  }));
  const files = new Map();
  files.set('content/framework.md', frameworkFile(nodes, tree, groupings));
  for (let c = 0; c < tree.length; c++) {
    // One stream per file: changing one file's text never shifts another's.
    files.set(`content/clusters/${tree[c].id}/index.md`, clusterFile(prng(hash(`${nodes}/${c}`)), tree, c, groupings));
    for (let s = 0; s < tree[c].subs.length; s++)
      files.set(`content/clusters/${tree[c].id}/${tree[c].subs[s].id}.md`, subFile(prng(hash(`${nodes}/${c}/${s}`)), tree, c, s));
  }
  // The change between the two commits: one sub-cluster in the middle is redefined and gains an occupation.
  const mid = tree[Math.floor(tree.length / 2)];
  const target = mid.subs[Math.floor(mid.subs.length / 2)] ?? mid.subs[0];
  const changedPath = target ? `content/clusters/${mid.id}/${target.id}.md` : `content/clusters/${mid.id}/index.md`;
  const before = files.get(changedPath);
  const after = before
    .replace(/^soc:\n/m, 'soc:\n  - code: "15-1252.00"\n    title: Software Developers\n')
    .replace(/\n$/, '\n\nRevised: this definition now also covers the software the field depends on.\n');
  return { files, changedPath, after, shape: { clusters: tree.length, subclusters: nodes - tree.length } };
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'ccf bench',
  GIT_AUTHOR_EMAIL: 'bench@ccf.example.org',
  GIT_COMMITTER_NAME: 'ccf bench',
  GIT_COMMITTER_EMAIL: 'bench@ccf.example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(cwd, args, date) {
  return execFileSync('git', ['-c', 'core.autocrlf=false', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  }).trim();
}

/** Writes the corpus into `out` (replacing it) and returns its description. */
export function generate(nodes, out) {
  const { files, changedPath, after, shape: counts } = corpusFiles(nodes);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const dirs = new Set();
  for (const [path, text] of files) {
    const dir = dirname(join(tmp, path));
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(join(tmp, path), text);
  }
  git(tmp, ['init', '-q', '-b', 'main']);
  git(tmp, ['add', 'content']);
  git(tmp, ['commit', '-q', '-m', `bench: synthetic framework of ${nodes} nodes`], '2024-10-22T12:00:00Z');
  git(tmp, ['tag', 'bench-base']);
  writeFileSync(join(tmp, changedPath), after);
  git(tmp, ['add', changedPath]);
  git(tmp, ['commit', '-q', '-m', 'bench: redefine one sub-cluster'], '2024-10-23T12:00:00Z');
  git(tmp, ['tag', 'bench-change']);
  const meta = {
    generator: GENERATOR_VERSION,
    nodes,
    ...counts,
    files: files.size,
    bytes: [...files.values()].reduce((a, t) => a + Buffer.byteLength(t), 0),
    changed: changedPath,
    base: git(tmp, ['rev-parse', 'bench-base']),
    change: git(tmp, ['rev-parse', 'bench-change']),
  };
  // Written last and kept outside git's view: its presence means the corpus is complete.
  writeFileSync(join(tmp, '.git', 'bench-corpus.json'), JSON.stringify(meta, null, 2) + '\n');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(tmp, out);
  return meta;
}

/** The corpus for N nodes, generated when missing or made by another generator version. */
export function ensureCorpus(nodes, out = join(here, 'corpus', `n${nodes}`), force = false) {
  const metaPath = join(out, '.git', 'bench-corpus.json');
  if (!force && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.generator === GENERATOR_VERSION && meta.nodes === nodes) return { dir: out, meta, generated: false };
  }
  const meta = generate(nodes, out);
  return { dir: out, meta, generated: true };
}

/** Bump when the overlays' output changes. */
export const OVERLAY_GENERATOR_VERSION = 1;

/**
 * The files of one generated state overlay (issue 17 part 7) over the N-node corpus: `extends` names the base as
 * written in framework.md (the bench publishes the corpus and points at the release folder). Each overlay renames
 * ten sub-clusters, hides five, moves two, adds a state cluster with two state sub-clusters, and lists `programs`
 * programs of study below random visible sub-clusters, with CIP 2020 codes and a few state pseudo-codes.
 */
export function overlayFiles(nodes, index, programs, base) {
  const tree = plan(nodes);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const code = `${letters[23 + Math.floor(index / 26)] ?? 'Z'}${letters[index % 26]}`;
  const prefix = `${code.toLowerCase()}-`;
  const r = prng(hash(`overlay/${nodes}/${index}`));
  const subs = tree.flatMap((c) => c.subs.map((s) => ({ ...s, cluster: c.id })));
  const files = new Map();
  files.set(
    'framework.md',
    [
      '---',
      `id: ${prefix}career-clusters`,
      `title: ${q(`Synthetic State ${code} Career Clusters`)}`,
      'version: "1.0.0"',
      `extends: ${q(base)}`,
      'state:',
      `  code: ${code}`,
      `  name: ${q(`Synthetic State ${code}`)}`,
      '  effectiveSchoolYear: "2026-27"',
      `  approvedBy: ${q(`Synthetic State ${code} Board of Education`)}`,
      "  pseudoCip: '^\\d{2}\\.88\\d{2}$'",
      '  regions:',
      '    - { code: NW, title: Northwest }',
      '    - { code: SE, title: Southeast }',
      '---',
      `Synthetic state overlay ${code}, generated by bench/generate.mjs to measure ccf at scale; not real content.`,
      '',
    ].join('\n'),
  );
  // Distinct sub-clusters for each operation (a node is renamed, hidden or moved, never two of them).
  const chosen = new Set();
  const pickSub = () => {
    for (;;) {
      const s = subs[r.int(0, subs.length - 1)];
      if (subs.length <= chosen.size + 1 || !chosen.has(s.id)) {
        chosen.add(s.id);
        return s;
      }
    }
  };
  const ops = Math.min(17, Math.max(0, subs.length - 2));
  const hidden = new Set();
  for (let k = 0; k < ops; k++) {
    const s = pickSub();
    if (k < 10)
      files.set(
        `nodes/${s.id}.md`,
        `---\nid: ${s.id}\ntitle: ${q(`${s.title} (${code})`)}\ncodes: { state: "${pad(k + 1, 2)}.01" }\n---\n`,
      );
    else if (k < 15) {
      hidden.add(s.id);
      files.set(`nodes/${s.id}.md`, `---\nid: ${s.id}\nhidden: { reason: ${q(`Not offered in Synthetic State ${code}.`)} }\n---\n`);
    } else files.set(`nodes/${s.id}.md`, `---\nid: ${s.id}\nparent: ${prefix}state-cluster\nscope: { regional: [NW] }\n---\n`);
  }
  files.set(
    `nodes/${prefix}state-cluster.md`,
    `---\nid: ${prefix}state-cluster\nkind: cluster\ntitle: ${q(`State Cluster ${code}`)}\ncodes: { state: "90" }\n---\nThe state's own cluster, for programs the national framework does not group together.\n`,
  );
  for (const n of [1, 2])
    files.set(
      `nodes/${prefix}state-pathway-${n}.md`,
      `---\nid: ${prefix}state-pathway-${n}\nkind: subcluster\nparent: ${prefix}state-cluster\ntitle: ${q(`State Pathway ${n} ${code}`)}\n---\nA pathway only this state offers.\n`,
    );
  const parents = [...subs.filter((s) => !hidden.has(s.id)).map((s) => s.id), `${prefix}state-pathway-1`, `${prefix}state-pathway-2`];
  const width = String(programs).length;
  for (let k = 1; k <= programs; k++) {
    const id = `${prefix}pos-${pad(k, width)}`;
    const cip = new Set();
    const n = r.int(1, 3);
    while (cip.size < n)
      cip.add(r.next() < 0.1 ? `${pad(r.int(1, 60), 2)}.88${pad(r.int(0, 99), 2)}` : CIP_CODES[r.int(0, CIP_CODES.length - 1)]);
    const lines = [
      '---',
      `id: ${id}`,
      `title: ${q(`${cap(r.pick(ADJ))} ${cap(r.pick(NOUN))} Program ${k}`)}`,
      `parent: ${parents[r.int(0, parents.length - 1)]}`,
      `cip: [${[...cip].map(q).join(', ')}]`,
    ];
    if (r.next() < 0.5) lines.push(`courses:`, `  - { code: "${pad(r.int(1, 99999999), 8)}", title: ${q(`${cap(r.pick(NOUN))} I`)} }`);
    if (r.next() < 0.3) lines.push(`credentials: [${q(`${cap(r.pick(NOUN))} Certificate`)}]`);
    if (r.next() < 0.2) lines.push('scope: { regional: [SE] }');
    lines.push('---', `${sentence(r, [])}`, '');
    files.set(`programs/${id}.md`, lines.join('\n'));
  }
  return { code, files };
}

/** Writes `count` overlays (folders named by state code) into `out`, each extending `base` (relative to the overlay). */
export function ensureOverlays(nodes, count, programs, out, base) {
  const stamp = join(out, '.bench-overlays.json');
  const want = { generator: OVERLAY_GENERATOR_VERSION, nodes, count, programs, base };
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(want)) return readdirSyncDirs(out);
  rmSync(out, { recursive: true, force: true });
  const codes = [];
  for (let i = 0; i < count; i++) {
    const { code, files } = overlayFiles(nodes, i, programs, base);
    const dir = join(out, code.toLowerCase());
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    codes.push(code.toLowerCase());
  }
  writeFileSync(stamp, JSON.stringify(want));
  return codes.map((c) => join(out, c));
}

function readdirSyncDirs(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name))
    .sort();
}

function parseArgs(argv) {
  const args = { nodes: 10000, out: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--nodes') args.nodes = Number(argv[++i]);
    else if (a === '--out') args.out = resolve(argv[++i]);
    else if (a === '--force') args.force = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npm run bench:gen -- --nodes N [--out DIR] [--force]\n');
      process.exit(0);
    } else {
      process.stderr.write(`bench:gen: unexpected argument ${a}\n`);
      process.exit(2);
    }
  }
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  try {
    const t0 = performance.now();
    const { dir, meta, generated } = ensureCorpus(args.nodes, args.out, args.force);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    process.stdout.write(
      `${generated ? 'generated' : 'up to date'}: ${dir} — ${meta.clusters} clusters, ${meta.subclusters} sub-clusters, ` +
        `${meta.files} files, ${(meta.bytes / 1e6).toFixed(1)} MB; base ${meta.base.slice(0, 12)}, change ${meta.change.slice(0, 12)} ` +
        `(${meta.changed})${generated ? ` in ${s} s` : ''}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench:gen: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
