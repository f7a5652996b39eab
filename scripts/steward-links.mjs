// Writes the steward's own links into the 2024 edition: for every sub-cluster of content/, the SOC, CIP and NAICS
// lists of Advance CTE's National Career Clusters® Framework Crosswalk (test/facts/advancecte-*.csv), with titles
// from the NCES CIP 2020 list and O*NET's occupation table, never typed by hand, and the provenance of each list
// (ADR 0014). Only `soc`, `cip`, `naics`, `linkProvenance` and `provenance.occupations` are touched; every other
// line of a file stays as it is. tools/import/import-2024.mjs writes no links and calls `applyStewardLinks` on its
// output, so the importer and this script together reproduce content/.
//
//   node scripts/steward-links.mjs            rewrite content/
//   node scripts/steward-links.mjs --check    exit 1 when content/ differs from what the facts give
//   node scripts/steward-links.mjs --figures  per cluster: occupation links before (release 2.0.0, derived) and after
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { isMap, parseDocument, Scalar, visit } from 'yaml';

const root = new URL('../', import.meta.url);
const facts = (name) => parse(readFileSync(new URL(`test/facts/${name}`, root)), { columns: true, skip_empty_lines: true });

/** The steward's workbooks, as the facts README dates them (last modified). */
const WORKBOOK = { soc: '2025-09-02', cip: '2025-09-02', naics: '2025-06-26' };
const NOTE = "copy of the steward's workbook, no licence stated: links used as facts with credit";
const NO_OCCUPATIONS = "The steward's 2024 crosswalk workbook has no row for this sub-cluster, so it lists no SOC occupation to link.";
const ABSENT = "absent from the steward's workbook: it has no row for this sub-cluster, so there is no link to copy";
/** CIP's placeholder for "no program": a row that links nothing. */
const NO_MATCH = '99.9999';

/** Names compared as the workbooks write them: Oxford commas, one row in lower case ("water systems"). */
const norm = (s) => s.replace(/,\s*&/g, ' &').replace(/\s+/g, ' ').trim().toLowerCase();
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The link lists of every covered sub-cluster, keyed `cluster|sub-cluster` (normalized names). */
function stewardLinks() {
  const onet = new Map(facts('onet-occupation-data.csv').map((r) => [r['O*NET-SOC Code'], r.Title]));
  const cip = new Map(facts('cip2020-codes.csv').map((r) => [r.CIPCode, r]));
  const out = new Map();
  const at = (cluster, sub) => {
    const key = `${norm(cluster)}|${norm(sub)}`;
    if (!out.has(key)) out.set(key, { soc: new Map(), cip: new Map(), naics: new Map() });
    return out.get(key);
  };
  for (const r of facts('advancecte-soc-subclusters.csv')) {
    const code = r['SOC Code'];
    const title = onet.get(`${code}.00`);
    // Not a SOC 2018 detailed occupation of O*NET-SOC 2019: one of the steward's Employment Projections groupings,
    // whose only title is the workbook's.
    at(r['Career Cluster'], r['Sub-Cluster']).soc.set(
      code,
      title ? { code, title } : { code, title: r['Occupation Title'], epGrouping: true },
    );
  }
  for (const r of facts('advancecte-cip-subclusters.csv')) {
    const code = r['CIP Code (2020)'];
    if (code === NO_MATCH) continue;
    const row = cip.get(code);
    if (!row || row.Action === 'Moved from' || row.Action === 'Deleted') throw new Error(`CIP ${code} is not a CIP 2020 code`);
    at(r['Career Cluster'], r['Sub-Cluster']).cip.set(code, { code, title: row.CIPTitle });
  }
  for (const r of facts('advancecte-naics-subclusters.csv')) {
    const code = r['2-Digit NAICS'];
    at(r['Career Cluster'], r['Sub-Cluster']).naics.set(code, { code, title: r['NAICS title'] });
  }
  for (const lists of out.values()) for (const k of ['soc', 'cip', 'naics']) lists[k] = [...lists[k].values()].sort(byCode);
  return out;
}

/** Every sub-cluster file of a content folder: path, parsed document, the cluster's and its own names. */
function subclusterFiles(content) {
  const dir = new URL('clusters/', content);
  const files = [];
  for (const cluster of readdirSync(dir).sort()) {
    const names = (path) => {
      const d = parseDocument(frontmatter(readFileSync(path, 'utf8')).yaml).toJS();
      return [d.title, ...(d.aliases ?? [])].map(norm);
    };
    const clusterNames = names(new URL(`${cluster}/index.md`, dir));
    for (const name of readdirSync(new URL(`${cluster}/`, dir)).sort()) {
      if (name === 'index.md' || !name.endsWith('.md')) continue;
      const path = new URL(`${cluster}/${name}`, dir);
      files.push({ path, rel: `clusters/${cluster}/${name}`, clusterNames, names: names(path) });
    }
  }
  return files;
}

function frontmatter(text) {
  const m = /^---\n([\s\S]*?\n)---\n/.exec(text);
  if (!m) throw new Error('no frontmatter');
  return { yaml: m[1], body: text.slice(m[0].length) };
}

/** Quoting as `ccf format` writes it: text other YAML readers would misread is double-quoted. */
const needsQuotes = (v) => v === '' || /^[-+.]?\d/.test(v) || /^(?:y|n|yes|no|on|off|true|false|null|~)$/i.test(v);

/** The file with the steward's lists (or the note that there are none) in place of the derived ones. */
function rewrite(text, lists) {
  const { yaml, body } = frontmatter(text);
  const doc = parseDocument(yaml, { version: '1.2' });
  // The derived links were carried over from 2002 pathways by editors; the steward's replace them (ADR 0014).
  if (doc.getIn(['provenance', 'occupations']) === 'derived') doc.deleteIn(['provenance', 'occupations']);
  const provenance = (kind) => ({
    source: 'advance-cte-crosswalk',
    date: WORKBOOK[kind],
    ...(lists ? { note: NOTE } : { listed: false, note: ABSENT }),
  });
  for (const kind of ['soc', 'cip', 'naics']) {
    if (lists?.[kind].length) doc.set(kind, doc.createNode(lists[kind]));
    else doc.delete(kind);
  }
  // A sub-cluster the workbook has no SOC for says why, so the no-empty-occupations rule stays quiet (issue 15).
  doc.delete('noOccupations');
  if (!lists?.soc.length) doc.set('noOccupations', NO_OCCUPATIONS);
  doc.delete('linkProvenance');
  doc.set('linkProvenance', doc.createNode({ soc: provenance('soc'), cip: provenance('cip'), naics: provenance('naics') }));
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string') node.type = needsQuotes(node.value) ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN;
    },
    Map(_, node) {
      node.flow = false;
    },
  });
  if (!isMap(doc.contents)) throw new Error('frontmatter is not a mapping');
  return `---\n${doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, singleQuote: false, directives: false })}---\n${body}`;
}

/**
 * Writes the steward's links into every sub-cluster file of a content folder (a `file:` URL or a path); with
 * `check`, writes nothing and returns the files that differ from what the facts give.
 */
export function applyStewardLinks(content, { check = false } = {}) {
  const dir = content instanceof URL ? content : pathToFileURL(`${content}/`);
  const links = stewardLinks();
  const used = new Set();
  const stale = [];
  for (const f of subclusterFiles(dir)) {
    const key = [...links.keys()].find((k) => {
      const [c, s] = k.split('|');
      return f.clusterNames.includes(c) && f.names.includes(s);
    });
    if (key) used.add(key);
    const before = readFileSync(f.path, 'utf8');
    const after = rewrite(before, key ? links.get(key) : undefined);
    if (before === after) continue;
    if (check) stale.push(f.rel);
    else writeFileSync(f.path, after);
  }
  const unused = [...links.keys()].filter((k) => !used.has(k));
  if (unused.length) throw new Error(`No content file for the steward's sub-clusters: ${unused.join(', ')}`);
  return stale;
}

function run() {
  const stale = applyStewardLinks(new URL('content/', root), { check: process.argv.includes('--check') });
  if (stale.length) {
    console.error(`${stale.map((f) => `content/${f}`).join(', ')}: not what the facts give; run \`node scripts/steward-links.mjs\``);
    process.exit(1);
  }
}

/** Per cluster: occupation links of release 2.0.0 (derived, O*NET-SOC cut to SOC 2018) against the steward's. */
function figures() {
  const before = JSON.parse(readFileSync(new URL('releases/2.0.0/framework.json', root), 'utf8'));
  const links = stewardLinks();
  const rows = [];
  const total = { cluster: '**all 14 clusters**', before: 0, after: 0, kept: 0, added: 0, removed: 0, cip: 0, naics: 0 };
  for (const c of before.clusters) {
    const row = { cluster: c.title, before: 0, after: 0, kept: 0, added: 0, removed: 0, cip: 0, naics: 0 };
    for (const s of c.subclusters) {
      const mine = links.get(`${norm(c.title)}|${norm(s.title)}`) ?? { soc: [], cip: [], naics: [] };
      const old = new Set(s.soc.map((l) => l.code.slice(0, 7)));
      const now = new Set(mine.soc.map((l) => l.code));
      row.before += old.size;
      row.after += now.size;
      for (const code of now)
        if (old.has(code)) row.kept++;
        else row.added++;
      for (const code of old) if (!now.has(code)) row.removed++;
      row.cip += mine.cip.length;
      row.naics += mine.naics.length;
    }
    rows.push(row);
    for (const k of Object.keys(row)) if (k !== 'cluster') total[k] += row[k];
  }
  const cells = (r) => `| ${r.cluster} | ${r.before} | ${r.after} | ${r.kept} | ${r.added} | ${r.removed} | ${r.cip} | ${r.naics} |`;
  console.log('| cluster | SOC links before (derived) | after (steward) | kept | added | removed | CIP links | NAICS links |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [...rows, total]) console.log(cells(r));
}

// Run as a script, not when tools/import/import-2024.mjs imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--figures')) figures();
  else run();
}
