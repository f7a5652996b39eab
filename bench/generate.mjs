#!/usr/bin/env node
// Generates a synthetic framework of N nodes as a git repository with two commits that differ
// in exactly one file. Deterministic: the same N gives the same bytes and the same commit SHAs.
//
//   npm run bench:gen -- --nodes 50000 [--out bench/corpus/n50000] [--force]
//
// Layout: <out>/content/framework.md, <out>/content/clusters/<cluster>/index.md and
// <out>/content/clusters/<cluster>/<sub-cluster>.md; tags `bench-base` and `bench-change`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
