#!/usr/bin/env node
// Import the 2024 modernized edition of the National Career Clusters® Framework, with its
// lineage back to the 2002 edition.
//
//   node tools/import/import-2024.mjs --out /tmp/content-2024
//   node tools/import/import-2024.mjs --judgements-md     # print the ADR's judgement table
//
// Reads the facts in test/facts/ (modern-clusters.csv, modern-subclusters.csv,
// cluster-crosswalk-2002-2024.csv, pathway-lineage-draft.csv, legacy-clusters.csv,
// legacy-pathways.csv, onet-legacy-occupations.csv), the reviewed lineage in
// tools/import/lineage-2024.yaml and the definitions in tools/import/definitions-2024.yaml,
// runs the self-checks, then removes and rewrites <out>/framework.md and <out>/clusters/.
// It derives no occupations: the steward's SOC, CIP and NAICS links (test/facts/advancecte-*.csv)
// are written by scripts/steward-links.mjs's applyStewardLinks (ADR 0014), so `--out content`
// gives content/ byte for byte (test/steward-links.test.ts).
// Re-running it gives the same files. Any failed check exits 1 before anything is written.
// See docs/decisions/0003-content-2024-lineage.md for the rules it applies.
//
// content/ holds the 2002 edition until release 1.0.0; writing there needs --allow-content.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { applyStewardLinks } from '../../scripts/steward-links.mjs';
import { andSpelling, checkDefinitions, fail, kebabId, normKey, oneParagraph, readCsv, writeNodeFile } from './common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const FACTS = join(ROOT, 'test', 'facts');
const LINEAGE = join(HERE, 'lineage-2024.yaml');
const DEFINITIONS = join(HERE, 'definitions-2024.yaml');

const FRAMEWORK_ID = 'national-career-clusters-framework';
const EXPECTED = { clusters: 16, pathways: 79, modernClusters: 14, crossCutting: 3, subclusters: 72, onetLinks: 1033 };
const CROSS_CUTTING = ['Digital Technology', 'Management & Entrepreneurship', 'Marketing & Sales'];
const ONET_2024_SOURCE = 'O*NET Resource Center, Career Clusters (2024 framework codes)';
// Published text says where a fact comes from in plain words (a citation a reader can follow); the facts'
// internal labels (repoA, repoB) and file names stay in ADR 0003. test/published-provenance.test.ts checks it.
const STEWARD_WORKBOOKS =
  'Advance CTE, National Career Clusters® Framework Crosswalk workbooks (SOC, CIP and NAICS to Career Cluster and Sub-Cluster; 2024, public copy of September 2025)';
const STEWARD_SITE = 'Advance CTE, careertech.org/career-clusters';
// Third-party sources the facts name by a short label, as citations.
const THIRD_PARTY = {
  repoA: 'A third-party list of the 2024 Career Clusters and Sub-Clusters (public code repository)',
  repoB: 'A second, independent third-party list of the 2024 Career Clusters and Sub-Clusters (public code repository)',
  singulariki: 'singulariki, a third-party list of the 2024 Career Clusters and Sub-Clusters',
};
// Web sources the facts name by address, as citations.
const CITATIONS = {
  'ccdaily.com': 'Community College Daily (ccdaily.com), article of October 2024',
  'mncte.org': 'Minnesota State CTE, mncte.org/newclusters',
  'mncte.org/newclusters': 'Minnesota State CTE, mncte.org/newclusters',
  'cewd.org': 'Center for Energy Workforce Development (cewd.org), press release of 21 October 2024',
  careeronestop: 'CareerOneStop (U.S. Department of Labor)',
  'arahaz.com': 'arahaz.com, article on the Agriculture, Food & Natural Resources cluster',
  'blog.g-w.com': 'Goodheart-Willcox blog (blog.g-w.com), 18 February 2025',
  'csu.mymajors.com': "csu.mymajors.com (a copy of the steward's cluster description)",
};
const cite = (s) => CITATIONS[s] ?? (/^careertech\.org\//.test(s) ? `Advance CTE, ${s}` : s);
// Sources that can make a name VERIFIED (facts README: "seen at the steward, O*NET or a state agency"). mncte.org
// is cited in the facts for the cluster merges, not for the sub-cluster names, so it does not count for names.
const NAME_AUTHORITIES = [/^careertech\.org\//];
// The six groupings: names and evidence from the content audit of issue 16 (ADR 0003, "Grouping names").
const REPORT_SERIES =
  'Advance CTE, ACTE and the University of Tennessee, report series on the modernized National Career Clusters® Framework';
const EDWEEK = 'Education Week, reporting on the modernized National Career Clusters® Framework (2024)';
const SCHOOL_PAGE = "A school's web page on the modernized Career Clusters";
const APP_REPOS = 'Public app repositories that model the 2024 Career Clusters';
const GROUPINGS = {
  '01': { title: 'Building & Moving', status: 'SECONDARY', sources: [REPORT_SERIES, EDWEEK] },
  '02': { title: 'Creating & Experiencing', status: 'SECONDARY', sources: [REPORT_SERIES, EDWEEK] },
  '03': { title: 'Investing in the Future', status: 'UNCERTAIN', sources: [SCHOOL_PAGE, APP_REPOS] },
  '04': { title: 'Caring for Communities', status: 'SECONDARY', sources: [REPORT_SERIES, EDWEEK] },
  '05': { title: 'Cultivating Resources', status: 'SECONDARY', sources: [REPORT_SERIES, EDWEEK] },
  '06': { title: 'Connecting & Supporting Success', status: 'UNCERTAIN', sources: [APP_REPOS] },
};
const GROUPING_EVIDENCE = {
  SECONDARY:
    "Name SECONDARY: a report series that Advance CTE published with ACTE and the University of Tennessee, and Education Week, use it. The series is co-published by the steward, but no copy on the steward's own website was checked, so the name is not VERIFIED.",
  '03': "Name UNCERTAIN, a weak name: only a school's web page and app repositories use it. They are not two independent publications of standing, so it is not SECONDARY.",
  '06': 'Name UNCERTAIN, a weak name: only app repositories use it; no publication by the steward, a state agency or the press was found.',
};
// Spellings O*NET uses for 2002 cluster titles, for matching its occupation links.
const LEGACY_VARIANTS = {
  'Arts, A/V Technology & Communications': ['Arts, Audio/Video Technology & Communications'],
};
// Cross-cluster pathway moves that the facts README names; each must be in the lineage.
const NAMED_MOVES = [
  { pathway: 'early-childhood-development-services', cluster: 'education' },
  { pathway: 'regulation', cluster: 'management-entrepreneurship' },
  { pathway: 'logistics-inventory-control', cluster: 'supply-chain-transportation' },
];
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RANK = { UNCERTAIN: 0, INFERRED: 1, SECONDARY: 2, VERIFIED: 3 };

// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { out: null, allowContent: false, judgementsMd: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      if (!argv[i + 1]) fail('--out needs a directory');
      args.out = resolve(argv[++i]);
    } else if (a.startsWith('--out=')) {
      args.out = resolve(a.slice('--out='.length));
    } else if (a === '--allow-content') {
      args.allowContent = true;
    } else if (a === '--judgements-md') {
      args.judgementsMd = true;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node tools/import/import-2024.mjs --out <dir> [--allow-content] | --judgements-md');
      process.exit(0);
    } else {
      fail(`unknown argument ${a}`);
    }
  }
  if (!args.out && !args.judgementsMd) fail('--out <dir> is required (e.g. --out /tmp/content-2024)');
  if (args.out) {
    if (args.out === ROOT || args.out === resolve('/')) fail(`refusing to write into ${args.out}`);
    if (args.out === join(ROOT, 'content') && !args.allowContent) {
      fail('content/ holds the 2002 edition until release 1.0.0; pass --allow-content to replace it');
    }
  }
  return args;
}

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const uniq = (list) => [...new Set(list)];

/** Add a spelling to a list unless it is empty, equals the title or is already there. */
function pushAlias(list, title, value) {
  if (!value) return;
  const v = value.trim();
  if (v && v !== title && !list.includes(v)) list.push(v);
}

/** Aliases of a title: its "and" spelling plus the given variants (and their "and" spellings). */
function aliasesFor(title, variants) {
  const list = [];
  pushAlias(list, title, andSpelling(title));
  for (const v of variants) {
    pushAlias(list, title, v);
    pushAlias(list, title, andSpelling(v));
  }
  return list;
}

/**
 * Spellings in a `title_variants` cell. Quoted names ('Web and Cloud') are variants; an
 * unquoted cell is a variant if, without its parenthetical remark, it reads like a title
 * (starts with a capital letter); otherwise it is only a remark ("absent from repoB").
 */
function parseVariants(cell) {
  if (!cell) return [];
  const quoted = [...cell.matchAll(/'([^']+)'/g)].map((m) => m[1].trim());
  if (quoted.length) return quoted;
  const bare = cell.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  return /^[A-Z]/.test(bare) ? [bare] : [];
}

/** Public sources named in a facts cell: web addresses and the third-party labels. */
function sourcesIn(text) {
  const out = [];
  for (const m of String(text).matchAll(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|gov|edu|net)(?:\/[A-Za-z0-9/_.-]*[A-Za-z0-9/_-])?/g)) {
    out.push(m[0]);
  }
  if (/\bcareeronestop\b/.test(text)) out.push('careeronestop');
  for (const [label, source] of Object.entries(THIRD_PARTY)) {
    if (new RegExp(`\\b${label}\\b`).test(text)) out.push(source);
  }
  return uniq(out);
}

/** Drop a bare domain when a fuller address on the same domain is also listed; then cite each in plain words. */
function tidySources(sources) {
  const all = uniq(sources);
  return uniq(all.filter((s) => !all.some((o) => o !== s && o.startsWith(`${s}/`))).map(cite));
}

/** A crosswalk status in words: who says so. */
function crosswalkBasis(row) {
  const status = firstStatus(row.status);
  const by = sourcesIn(row.source).map(cite);
  if (/\bINFERRED\b/.test(row.status) && status !== 'INFERRED')
    return `${row.status.toLowerCase()}${by.length ? `; source: ${cites(by)}` : ''}`;
  if (status === 'INFERRED') return 'inferred from the names';
  return `${status === 'VERIFIED' ? 'stated by' : 'reported by'} ${by.length ? cites(by) : 'a third party'}`;
}

const firstStatus = (text) => (String(text).match(/\b(VERIFIED|SECONDARY|INFERRED|UNCERTAIN)\b/) ?? [])[1];
const weakest = (...statuses) => statuses.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
const list = (items) => items.join(', ');
/** Citations in running text: they contain commas themselves. */
const cites = (items) => items.join('; ');

// ---------------------------------------------------------------------------------------

function main() {
  const args = parseArgs(process.argv.slice(2));
  const problems = [];
  const warnings = [];

  const legacyClusterRows = readCsv(join(FACTS, 'legacy-clusters.csv'));
  const legacyPathwayRows = readCsv(join(FACTS, 'legacy-pathways.csv'));
  const onetRows = readCsv(join(FACTS, 'onet-legacy-occupations.csv'));
  const modernClusterRows = readCsv(join(FACTS, 'modern-clusters.csv'));
  const modernSubRows = readCsv(join(FACTS, 'modern-subclusters.csv'));
  const crosswalkRows = readCsv(join(FACTS, 'cluster-crosswalk-2002-2024.csv'));
  const draftRows = readCsv(join(FACTS, 'pathway-lineage-draft.csv'));
  const workbookRows = readCsv(join(FACTS, 'advancecte-soc-subclusters.csv'));
  const lineage = YAML.parse(readFileSync(LINEAGE, 'utf8')) ?? {};
  const definitions = YAML.parse(readFileSync(DEFINITIONS, 'utf8')) ?? {};

  // --- the 2002 edition: ids and O*NET occupations --------------------------------------
  const oldClusters = legacyClusterRows.map((row) => ({
    id: kebabId(row.title),
    title: row.title,
    abbrev: row.informal_abbrev || null,
    keys: new Set([row.title, ...(LEGACY_VARIANTS[row.title] ?? [])].map(normKey)),
    pathways: [],
  }));
  const oldClusterByTitle = new Map(oldClusters.map((c) => [c.title, c]));
  for (const row of legacyPathwayRows) {
    const cluster = oldClusterByTitle.get(row.cluster_title);
    if (!cluster) {
      problems.push(`legacy pathway ${row.pathway_title}: unknown cluster ${row.cluster_title}`);
      continue;
    }
    cluster.pathways.push({
      id: kebabId(row.pathway_title),
      title: row.pathway_title,
      cluster,
      keys: new Set([row.pathway_title, row.onet_pathway_title].filter(Boolean).map(normKey)),
      expectedLinks: Number(row.onet_occupation_links),
      soc: [],
    });
  }
  const oldPathways = oldClusters.flatMap((c) => c.pathways);
  const oldClusterById = new Map(oldClusters.map((c) => [c.id, c]));
  const oldPathwayById = new Map(oldPathways.map((p) => [p.id, p]));
  const oldIds = new Set();
  for (const node of [...oldClusters, ...oldPathways]) {
    if (oldIds.has(node.id)) problems.push(`2002 id ${node.id} is made from two titles`);
    oldIds.add(node.id);
  }
  if (oldClusters.length !== EXPECTED.clusters) problems.push(`${oldClusters.length} 2002 clusters, expected ${EXPECTED.clusters}`);
  if (oldPathways.length !== EXPECTED.pathways) problems.push(`${oldPathways.length} 2002 pathways, expected ${EXPECTED.pathways}`);

  for (const [i, row] of onetRows.entries()) {
    const cluster = oldClusters.find((c) => c.keys.has(normKey(row.onet_cluster_title)));
    const pathway = cluster?.pathways.find((p) => p.keys.has(normKey(row.onet_pathway_title)));
    if (!pathway) {
      problems.push(`onet-legacy-occupations.csv row ${i + 2}: no 2002 pathway for ${row.onet_cluster_title} / ${row.onet_pathway_title}`);
      continue;
    }
    pathway.soc.push({ code: row.onetsoc_code, title: row.occupation_title });
  }
  if (onetRows.length !== EXPECTED.onetLinks) problems.push(`${onetRows.length} O*NET links, expected ${EXPECTED.onetLinks}`);
  for (const p of oldPathways) {
    p.soc.sort(byCode);
    if (p.soc.length !== p.expectedLinks) {
      problems.push(`2002 pathway ${p.title}: ${p.soc.length} O*NET links matched, legacy-pathways.csv says ${p.expectedLinks}`);
    }
  }

  // --- the 2024 edition: nodes and ids --------------------------------------------------
  // kebab-case of the title, unless that is a 2002 id: then a sub-cluster takes its cluster's
  // id as a prefix, and a cluster (which has no parent) takes the suffix "-cluster".
  const clusters = modernClusterRows.map((row, i) => {
    const base = kebabId(row.title);
    const collides = oldIds.has(base);
    const crossCutting = row.cross_cutting === 'true';
    if (!['true', 'false'].includes(row.cross_cutting)) problems.push(`${row.title}: cross_cutting is ${row.cross_cutting}`);
    if (!/^\d{6}$/.test(row.onet_code)) problems.push(`${row.title}: O*NET code ${row.onet_code} is not six digits`);
    if (row.onet_code.slice(0, 2) !== row.grouping_prefix)
      problems.push(`${row.title}: grouping_prefix ${row.grouping_prefix} is not the start of ${row.onet_code}`);
    return {
      row,
      id: collides ? `${base}-cluster` : base,
      idNote: collides ? `Id is "${base}-cluster" because "${base}" is a 2002 id.` : null,
      title: row.title,
      order: i + 1, // the facts list clusters alphabetically; see the ADR
      crossCutting,
      grouping: `grouping-${row.grouping_prefix}`,
      subclusters: [],
    };
  });
  const sortedTitles = clusters.map((c) => c.title);
  if (sortedTitles.join('|') !== [...sortedTitles].sort((a, b) => a.localeCompare(b, 'en')).join('|')) {
    problems.push('modern-clusters.csv is not in alphabetical order, so `order` needs another rule');
  }
  const clusterByTitle = new Map(clusters.map((c) => [c.title, c]));
  for (const row of modernSubRows) {
    const cluster = clusterByTitle.get(row.cluster_title);
    if (!cluster) {
      problems.push(`sub-cluster ${row.title}: unknown cluster ${row.cluster_title}`);
      continue;
    }
    const base = kebabId(row.title);
    const collides = oldIds.has(base);
    cluster.subclusters.push({
      row,
      cluster,
      id: collides ? `${cluster.id}-${base}` : base,
      idNote: collides ? `Id is prefixed with its cluster's id because "${base}" is a 2002 id.` : null,
      title: row.title,
      order: Number(row.order),
    });
    if (row.onet_code && !/^\d{6}$/.test(row.onet_code)) problems.push(`${row.title}: O*NET code ${row.onet_code} is not six digits`);
    if (!['VERIFIED', 'SECONDARY', 'SECONDARY-WEAK'].includes(row.name_status))
      problems.push(`${row.title}: unexpected name_status ${row.name_status}`);
  }
  const subclusters = [];
  for (const c of clusters) {
    c.subclusters.sort((a, b) => a.order - b.order);
    c.subclusters.forEach((s, i) => {
      if (s.order !== i + 1) problems.push(`${c.title}: sub-cluster orders are not 1..n (${s.title} is ${s.order})`);
    });
    if (c.subclusters.length !== Number(c.row.subcluster_count)) {
      problems.push(`${c.title}: ${c.subclusters.length} sub-clusters listed, subcluster_count says ${c.row.subcluster_count}`);
    }
    subclusters.push(...c.subclusters);
  }
  const nCross = clusters.filter((c) => c.crossCutting);
  if (clusters.length !== EXPECTED.modernClusters) problems.push(`${clusters.length} clusters, expected ${EXPECTED.modernClusters}`);
  if (subclusters.length !== EXPECTED.subclusters) problems.push(`${subclusters.length} sub-clusters, expected ${EXPECTED.subclusters}`);
  if (nCross.map((c) => c.title).join('|') !== CROSS_CUTTING.join('|')) {
    problems.push(`cross-cutting clusters are ${list(nCross.map((c) => c.title))}, expected ${list(CROSS_CUTTING)}`);
  }

  // --- the steward's workbooks: which names they confirm, and how they spell them ------------
  // A workbook name matches a node when it is the same name apart from case, "&"/"and" and commas; a spelling that
  // differs by more than letter case (the Oxford comma) is kept as an alias. "water systems" is a lower-case slip.
  const workbookSpellings = new Map(); // node -> spellings
  const spell = (node, name) => {
    if (name !== node.title && name.toLowerCase() !== node.title.toLowerCase())
      workbookSpellings.set(node, uniq([...(workbookSpellings.get(node) ?? []), name]));
  };
  for (const [i, row] of workbookRows.entries()) {
    const cluster = clusters.find((c) => normKey(c.title) === normKey(row['Career Cluster']));
    const sub = cluster?.subclusters.find((x) => normKey(x.title) === normKey(row['Sub-Cluster']));
    if (!sub) {
      const elsewhere = subclusters.find((x) => normKey(x.title) === normKey(row['Sub-Cluster']));
      problems.push(
        `advancecte-soc-subclusters.csv row ${i + 2}: ${row['Career Cluster']} / ${row['Sub-Cluster']} is not a 2024 sub-cluster${elsewhere ? ` (the facts put it under ${elsewhere.cluster.title})` : ''}`,
      );
      continue;
    }
    cluster.inWorkbook = true;
    sub.inWorkbook = true;
    spell(cluster, row['Career Cluster']);
    spell(sub, row['Sub-Cluster']);
  }

  const groupingCodes = uniq(clusters.map((c) => c.row.grouping_prefix)).sort();
  for (const code of groupingCodes) if (!GROUPINGS[code]) problems.push(`grouping ${code} has no entry in GROUPINGS`);
  const newIds = new Map([[FRAMEWORK_ID, 'the framework']]);
  for (const code of groupingCodes) newIds.set(`grouping-${code}`, `grouping ${code}`);
  for (const node of [...clusters, ...subclusters]) {
    if (!ID_PATTERN.test(node.id) || node.id.length > 80)
      problems.push(`id ${node.id} (${node.title}) is not kebab-case of at most 80 characters`);
    if (oldIds.has(node.id)) problems.push(`id ${node.id} (${node.title}) reuses a 2002 id`);
    if (newIds.has(node.id)) problems.push(`id ${node.id} is made from both "${newIds.get(node.id)}" and "${node.title}"`);
    newIds.set(node.id, node.title);
  }
  const clusterById = new Map(clusters.map((c) => [c.id, c]));
  const subById = new Map(subclusters.map((s) => [s.id, s]));

  // --- lineage: shape -------------------------------------------------------------------
  const lc = lineage.clusters ?? {};
  for (const id of Object.keys(lc)) if (!clusterById.has(id)) problems.push(`lineage: ${id} is not a 2024 cluster id`);
  for (const c of clusters) {
    const entry = lc[c.id];
    if (!entry) {
      problems.push(`lineage: no entry for cluster ${c.id}`);
      c.derivedFrom = [];
      for (const s of c.subclusters) s.derivedFrom = [];
      continue;
    }
    c.derivedFrom = entry.derivedFrom ?? [];
    c.lineageNote = entry.note ? oneParagraph(entry.note) : null;
    for (const id of c.derivedFrom) {
      if (!oldClusterById.has(id))
        problems.push(
          `lineage: ${c.id} derives from ${id}, which is not a 2002 cluster id${oldPathwayById.has(id) ? ' (it is a pathway id: pathway ids belong in sub-clusters)' : ''}`,
        );
    }
    if (uniq(c.derivedFrom).length !== c.derivedFrom.length) problems.push(`lineage: ${c.id} lists a 2002 cluster twice`);
    const subs = entry.subclusters ?? {};
    for (const id of Object.keys(subs)) {
      if (!subById.has(id)) problems.push(`lineage: ${id} (under ${c.id}) is not a 2024 sub-cluster id`);
      else if (subById.get(id).cluster !== c)
        problems.push(`lineage: ${id} is listed under ${c.id} but belongs to ${subById.get(id).cluster.id}`);
    }
    for (const s of c.subclusters) {
      const se = subs[s.id];
      if (!se) {
        problems.push(`lineage: no entry for sub-cluster ${s.id}`);
        s.derivedFrom = [];
        continue;
      }
      s.derivedFrom = se.derivedFrom ?? [];
      // The steward's own links replaced the occupations carried over through lineage (ADR 0014).
      if (se.socFrom) problems.push(`lineage: ${s.id} has socFrom, which is no longer read: occupation links are the steward's (ADR 0014)`);
      s.lineageNote = se.note ? oneParagraph(se.note) : null;
      for (const id of s.derivedFrom) {
        if (!oldPathwayById.has(id))
          problems.push(
            `lineage: ${s.id} derives from ${id}, which is not a 2002 pathway id${oldClusterById.has(id) ? ' (it is a cluster id: cluster ids belong in clusters)' : ''}`,
          );
      }
      if (uniq(s.derivedFrom).length !== s.derivedFrom.length) problems.push(`lineage: ${s.id} lists a 2002 pathway twice`);
      if (!s.derivedFrom.length && !s.lineageNote) problems.push(`lineage: ${s.id} has no predecessor and no note saying why`);
    }
  }
  const retired = lineage.retired ?? [];
  const retiredIds = new Set();
  for (const r of retired) {
    if (!oldIds.has(r.id)) problems.push(`retired: ${r.id} is not a 2002 id`);
    if (typeof r.reason !== 'string' || r.reason.trim().length < 10)
      problems.push(`retired: ${r.id} needs a reason of at least 10 characters`);
    if (retiredIds.has(r.id)) problems.push(`retired: ${r.id} is listed twice`);
    retiredIds.add(r.id);
  }

  // --- lineage: every 2002 node accounted for --------------------------------------------
  const continuedClusters = new Map(); // 2002 cluster id -> 2024 cluster ids
  const continuedPathways = new Map(); // 2002 pathway id -> 2024 sub-clusters
  for (const c of clusters) for (const id of c.derivedFrom) continuedClusters.set(id, [...(continuedClusters.get(id) ?? []), c.id]);
  for (const s of subclusters) for (const id of s.derivedFrom ?? []) continuedPathways.set(id, [...(continuedPathways.get(id) ?? []), s]);
  for (const c of oldClusters) {
    const on = continuedClusters.has(c.id);
    if (!on && !retiredIds.has(c.id)) problems.push(`lineage: 2002 cluster ${c.id} is neither continued nor retired`);
    if (on && retiredIds.has(c.id))
      problems.push(`lineage: 2002 cluster ${c.id} is continued by ${list(continuedClusters.get(c.id))} and also retired`);
  }
  for (const p of oldPathways) {
    const on = continuedPathways.has(p.id);
    if (!on && !retiredIds.has(p.id)) problems.push(`lineage: 2002 pathway ${p.id} is neither continued nor retired`);
    if (on && retiredIds.has(p.id)) problems.push(`lineage: 2002 pathway ${p.id} is continued and also retired`);
  }

  // --- lineage: cluster level agrees with pathway level ----------------------------------
  for (const c of clusters) {
    const implied = uniq(
      c.subclusters.flatMap((s) => (s.derivedFrom ?? []).map((id) => oldPathwayById.get(id)?.cluster.id).filter(Boolean)),
    );
    const missing = implied.filter((id) => !c.derivedFrom.includes(id));
    const unbacked = c.derivedFrom.filter((id) => !implied.includes(id));
    if (missing.length)
      problems.push(`lineage: ${c.id}'s sub-clusters continue pathways of ${list(missing)}, which its derivedFrom leaves out`);
    if (unbacked.length)
      problems.push(`lineage: ${c.id} derives from ${list(unbacked)}, but none of its sub-clusters continues a pathway of it`);
  }

  // --- lineage: the crosswalk and the moves the facts name -------------------------------
  const crosswalkNotes = new Map(); // 2024 cluster id -> notes
  for (const [i, row] of crosswalkRows.entries()) {
    const where = `cluster-crosswalk-2002-2024.csv row ${i + 2}`;
    const old = oldClusterByTitle.get(row.legacy_cluster);
    const modern = clusterByTitle.get(row.modern_cluster);
    if (!old) {
      // "(state-level) Energy": not a national 2002 cluster, so not an id; record it as a note.
      if (!/state-level/i.test(row.legacy_cluster)) problems.push(`${where}: unknown 2002 cluster ${row.legacy_cluster}`);
      if (!modern) problems.push(`${where}: unknown 2024 cluster ${row.modern_cluster}`);
      continue;
    }
    if (modern) {
      if (!modern.derivedFrom.includes(old.id))
        problems.push(`${where}: ${row.legacy_cluster} -> ${row.modern_cluster} (${row.status}) is not in ${modern.id}'s derivedFrom`);
      const notes = crosswalkNotes.get(modern.id) ?? [];
      notes.push(`${row.legacy_cluster} -> ${row.relation}: ${row.status}${row.source ? ` (${row.source})` : ''}.`);
      crosswalkNotes.set(modern.id, notes);
    } else if (/dissolved/i.test(row.modern_cluster)) {
      const into = continuedClusters.get(old.id) ?? [];
      const subs = uniq(old.pathways.flatMap((p) => (continuedPathways.get(p.id) ?? []).map((s) => s.id)));
      if (into.length < 2) problems.push(`${where}: ${old.id} is dissolved, but only ${into.length} 2024 cluster(s) derive from it`);
      if (subs.length < 2)
        problems.push(`${where}: ${old.id}'s pathways continue in only ${subs.length} sub-cluster${subs.length === 1 ? '' : 's'}`);
    } else {
      problems.push(`${where}: unknown 2024 cluster ${row.modern_cluster}`);
    }
  }
  for (const move of NAMED_MOVES) {
    const into = (continuedPathways.get(move.pathway) ?? []).map((s) => s.cluster.id);
    if (!into.includes(move.cluster))
      problems.push(`lineage: the facts name ${move.pathway} moving into ${move.cluster}, but no sub-cluster there continues it`);
  }

  // --- lineage: review of the draft -------------------------------------------------------
  const draft = new Map(); // "pathway|subcluster" -> confidence
  for (const [i, row] of draftRows.entries()) {
    const where = `pathway-lineage-draft.csv row ${i + 2}`;
    const old = oldClusterByTitle.get(row.legacy_cluster);
    const p = old?.pathways.find((x) => x.title === row.legacy_pathway);
    const s = clusterByTitle.get(row.modern_cluster)?.subclusters.find((x) => x.title === row.modern_subcluster);
    if (!p || !s) {
      problems.push(`${where}: cannot resolve ${row.legacy_pathway} -> ${row.modern_subcluster}`);
      continue;
    }
    draft.set(`${p.id}|${s.id}`, row.confidence);
  }
  const final = new Set(subclusters.flatMap((s) => (s.derivedFrom ?? []).map((p) => `${p}|${s.id}`)));
  const judgements = lineage.judgements ?? [];
  const judged = new Map();
  for (const j of judgements) {
    const key = `${j.pathway}|${j.subcluster}`;
    const what = `judgement ${j.action} ${j.pathway} -> ${j.subcluster}`;
    if (!oldPathwayById.has(j.pathway)) problems.push(`${what}: ${j.pathway} is not a 2002 pathway id`);
    if (!subById.has(j.subcluster)) problems.push(`${what}: ${j.subcluster} is not a 2024 sub-cluster id`);
    if (typeof j.reason !== 'string' || oneParagraph(j.reason).length < 20) problems.push(`${what}: needs a reason`);
    if (judged.has(key)) problems.push(`${what}: the link is judged twice`);
    judged.set(key, j);
    if (j.action === 'kept' && !(draft.has(key) && final.has(key)))
      problems.push(`${what}: "kept" needs the link in both the draft and the lineage`);
    else if (j.action === 'dropped' && !(draft.has(key) && !final.has(key)))
      problems.push(`${what}: "dropped" needs the link in the draft and not in the lineage`);
    else if (j.action === 'added' && !(!draft.has(key) && final.has(key)))
      problems.push(`${what}: "added" needs the link in the lineage and not in the draft`);
    else if (!['kept', 'dropped', 'added'].includes(j.action)) problems.push(`${what}: action must be kept, dropped or added`);
  }
  for (const [key, confidence] of draft) {
    if (!final.has(key) && !judged.has(key))
      problems.push(`lineage: draft link ${key.replace('|', ' -> ')} was dropped without a judgement`);
    if (final.has(key) && confidence === 'low' && !judged.has(key))
      problems.push(`lineage: low-confidence draft link ${key.replace('|', ' -> ')} was kept without a judgement`);
  }
  for (const key of final) {
    if (!draft.has(key) && !judged.has(key))
      problems.push(`lineage: link ${key.replace('|', ' -> ')} is not in the draft and has no judgement`);
  }

  // --- definitions ---------------------------------------------------------------------
  const wanted = [FRAMEWORK_ID, ...clusters.map((c) => c.id), ...subclusters.map((s) => s.id)];
  const checked = checkDefinitions(definitions, wanted, FRAMEWORK_ID, '2024');
  problems.push(...checked.problems);
  warnings.push(...checked.warnings);

  for (const w of warnings) console.warn(`warning: ${w}`);
  if (problems.length) {
    for (const p of problems) console.error(`error: ${p}`);
    console.error(`import-2024: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing written.`);
    process.exit(1);
  }

  if (args.judgementsMd) {
    printJudgements(judgements, draft, oldPathwayById, subById);
    if (!args.out) return;
  }

  // --- write ---------------------------------------------------------------------------
  const out = args.out;
  rmSync(join(out, 'clusters'), { recursive: true, force: true });
  if (existsSync(join(out, 'framework.md'))) rmSync(join(out, 'framework.md'));

  const groupings = groupingCodes.map((code) => {
    const members = clusters.filter((c) => c.row.grouping_prefix === code);
    const allCross = members.every((c) => c.crossCutting);
    const g = GROUPINGS[code];
    return {
      id: `grouping-${code}`,
      code,
      title: g.title,
      provenance: {
        status: g.status,
        sources: uniq([...g.sources, ONET_2024_SOURCE]),
        note:
          `${GROUPING_EVIDENCE[code] ?? GROUPING_EVIDENCE[g.status]} ` +
          `Its clusters are those whose O*NET 2024 code starts with ${code}: ${cites(members.map((c) => c.title))}.` +
          (allCross ? ' These are the three cross-cutting clusters.' : ''),
      },
    };
  });

  writeNodeFile(
    join(out, 'framework.md'),
    {
      id: FRAMEWORK_ID,
      title: 'National Career Clusters® Framework',
      version: '2.1.2',
      edition: '2024',
      publisher: 'ccf project (content after Advance CTE)',
      license:
        "Definitions, notes and lineage: CC-BY-4.0 (ccf contributors). Names and structure of the clusters and sub-clusters: Advance CTE's, used for reference, no licence granted. Occupation (SOC), program (CIP) and industry (NAICS) links: Advance CTE's National Career Clusters® Framework Crosswalk, no licence stated, used as facts with credit. Occupation titles: O*NET, CC-BY-4.0. Program titles: NCES CIP 2020, public domain.",
      attribution:
        "National Career Clusters® is a mark of Advance CTE; Career Cluster and Sub-Cluster names and the framework's structure are Advance CTE's. Definitions and lineage written by ccf contributors. Source of the occupation, program and industry links: Advance CTE, National Career Clusters® Framework Crosswalk (2025). Occupation titles: O*NET Resource Center, National Center for O*NET Development (USDOL/ETA), CC BY 4.0. Program titles: NCES, Classification of Instructional Programs (CIP 2020).",
      baseUrl: 'https://ccf-project.github.io/ccf/',
      terms: { grouping: 'Grouping', cluster: 'Career Cluster', subcluster: 'Sub-Cluster' },
      groupings,
      retired: retired.map((r) => ({ id: r.id, reason: oneParagraph(r.reason) })),
      provenance: {
        status: 'SECONDARY',
        sources: uniq([STEWARD_SITE, STEWARD_WORKBOOKS, cite('mncte.org/newclusters'), ONET_2024_SOURCE]),
        note: "Edition released by Advance CTE on 22 October 2024. The names of two clusters and their sub-clusters (Education; Hospitality, Events & Tourism) are on the steward's website; the steward's crosswalk workbooks name 71 of the 72 sub-clusters under the same clusters (all but Unmanned Vehicle Technology). The names of four groupings are SECONDARY, two are UNCERTAIN. The lineage to the 2002 edition is the ccf editors', checked against the steward's occupation links, apart from the cluster merges and renames the steward announced.",
      },
    },
    String(definitions[FRAMEWORK_ID]).trim(),
  );

  for (const c of clusters) {
    // "VERIFIED (source)" verifies the cluster with its names, if a source is the steward's, O*NET's or a state
    // agency's; otherwise the row says what "names" are, and a "VERIFIED merge/rename" there is about lineage.
    const claimed = /^VERIFIED \(/.test(c.row.name_status)
      ? 'VERIFIED'
      : ((c.row.name_status.match(/names:?\s+(VERIFIED|SECONDARY|INFERRED|UNCERTAIN)\b/) ?? [])[1] ?? 'UNCERTAIN');
    const rowSources = sourcesIn(c.row.name_status);
    const authoritative = rowSources.some((x) => NAME_AUTHORITIES.some((re) => re.test(x)));
    c.nameStatus = claimed === 'VERIFIED' && !authoritative ? 'SECONDARY' : claimed;
    c.nameSources = rowSources;
    const codeStatus = firstStatus(c.row.onet_code_status) ?? 'UNCERTAIN';
    const nameEvidence =
      c.nameStatus === 'VERIFIED'
        ? `Name VERIFIED: on the steward's website (${list(rowSources.filter((x) => NAME_AUTHORITIES.some((re) => re.test(x))))}).`
        : claimed === 'VERIFIED'
          ? `Name SECONDARY: a news article and third-party pages agree (${cites(rowSources.map(cite))}); no page of the steward or of a state agency naming it is on record.`
          : `Name ${c.nameStatus}: independent third-party lists of the 2024 clusters agree.`;
    const lineageSentences = [
      ...crosswalkRows
        .filter((r) => r.modern_cluster === c.title && oldClusterByTitle.has(r.legacy_cluster))
        .map((r) => `Continues ${r.legacy_cluster} (${r.relation}; ${crosswalkBasis(r)}).`),
      ...c.derivedFrom
        .filter((id) => !crosswalkRows.some((r) => r.modern_cluster === c.title && oldClusterByTitle.get(r.legacy_cluster)?.id === id))
        .map((id) => {
          const old = oldClusterById.get(id);
          const via = list(
            c.subclusters.flatMap((s) =>
              s.derivedFrom
                .filter((pid) => oldPathwayById.get(pid).cluster.id === id)
                .map((pid) => `${oldPathwayById.get(pid).title} to ${s.title}`),
            ),
          );
          const dissolved = crosswalkRows.find((r) => r.legacy_cluster === old.title && /dissolved/i.test(r.modern_cluster));
          if (dissolved)
            return `Continues part of ${old.title}, which the steward dissolved across several clusters (${crosswalkBasis(dissolved)}), through ${via}.`;
          return `Continues part of ${old.title}, through ${via} (a ccf editorial lineage).`;
        }),
    ];
    const notes = [
      `${nameEvidence}${c.inWorkbook ? " The steward's 2024 crosswalk workbooks use it." : ''} O*NET code ${c.row.onet_code} ${codeStatus}. The status is the weaker of the two.`,
      c.crossCutting ? 'Cross-cutting cluster.' : null,
      c.idNote,
      ...lineageSentences,
      c.lineageNote,
    ].filter(Boolean);
    const variants = [...parseVariants(c.row.title_variants), ...(workbookSpellings.get(c) ?? [])];
    const aliases = aliasesFor(c.title, variants);
    writeNodeFile(
      join(out, 'clusters', c.id, 'index.md'),
      {
        id: c.id,
        title: c.title,
        aliases: aliases.length ? aliases : undefined,
        order: c.order,
        provenance: {
          status: weakest(c.nameStatus, codeStatus),
          sources: tidySources([
            ...rowSources,
            ...crosswalkRows.filter((r) => r.modern_cluster === c.title).flatMap((r) => sourcesIn(r.source)),
            ...(c.inWorkbook ? [STEWARD_WORKBOOKS] : []),
            ...(codeStatus === 'VERIFIED' ? [ONET_2024_SOURCE] : []),
          ]),
          note: notes.join(' '),
        },
        derivedFrom: c.derivedFrom.length ? c.derivedFrom : undefined,
        codes: { onet: c.row.onet_code },
        crossCutting: c.crossCutting ? true : undefined,
        grouping: c.grouping,
      },
      oneParagraph(definitions[c.id]),
    );

    for (const s of c.subclusters) {
      const raw = s.row.name_status;
      const hasCode = Boolean(s.row.onet_code);
      const variants = [...parseVariants(s.row.title_variants), ...(workbookSpellings.get(s) ?? [])];
      const aliases = aliasesFor(s.title, variants);
      // The sub-cluster's own third-party evidence: the lists that name it (a SECONDARY-WEAK name is in repoA only).
      const lists = c.nameSources.filter(
        (x) => Object.values(THIRD_PARTY).includes(x) && !(raw === 'SECONDARY-WEAK' && x === THIRD_PARTY.repoB),
      );
      let status;
      let evidence;
      if (raw === 'VERIFIED' && c.nameStatus === 'VERIFIED') {
        status = 'VERIFIED';
        evidence = `Name VERIFIED: on the steward's website (${list(c.nameSources.filter((x) => NAME_AUTHORITIES.some((re) => re.test(x))))}).`;
      } else if (raw === 'VERIFIED') {
        // Graded VERIFIED in the facts on the cluster's sources, none of them the steward's or a state agency's.
        status = 'SECONDARY';
        evidence = `Name SECONDARY: a news article and a third-party list agree (${cites(c.nameSources.filter((x) => !/^mncte/.test(x)).map(cite))}); no page of the steward or of a state agency listing it is on record.`;
      } else if (raw === 'SECONDARY-WEAK') {
        // One third-party list; the steward's workbook, where it has the name, is the second source.
        status = s.inWorkbook ? 'SECONDARY' : 'UNCERTAIN';
        evidence = s.inWorkbook
          ? "Name SECONDARY: one third-party list and the steward's 2024 crosswalk workbooks name it; a second third-party list leaves it out."
          : 'Name UNCERTAIN: one third-party list names it; a second leaves it out.';
      } else {
        status = firstStatus(raw);
        evidence = `Name ${status}: independent third-party lists agree.`;
      }
      if (hasCode) evidence += ` O*NET code ${s.row.onet_code} VERIFIED.`;
      const workbook = s.inWorkbook
        ? `The steward's 2024 crosswalk workbooks list it under ${c.title}.`
        : "The steward's 2024 crosswalk workbooks have no row for it, so no occupation, program or industry links come from the steward.";
      const spelled = variants.length ? `Also written ${list(variants.map((v) => `"${v}"`))}.` : null;
      const lineageText = s.derivedFrom.length
        ? `Continues the 2002 ${s.derivedFrom.length > 1 ? 'pathways' : 'pathway'} ${list(s.derivedFrom.map((id) => `${oldPathwayById.get(id).title} (${oldPathwayById.get(id).cluster.title})`))}: a ccf editorial lineage, checked against the steward's occupation links.`
        : null;
      const notes = [evidence, workbook, spelled, s.idNote, lineageText, s.lineageNote].filter(Boolean);
      writeNodeFile(
        join(out, 'clusters', c.id, `${s.id}.md`),
        {
          id: s.id,
          title: s.title,
          aliases: aliases.length ? aliases : undefined,
          order: s.order,
          provenance: {
            status,
            sources: tidySources([
              ...(status === 'VERIFIED' ? c.nameSources.filter((x) => NAME_AUTHORITIES.some((re) => re.test(x))) : []),
              ...(raw === 'VERIFIED' && status !== 'VERIFIED' ? c.nameSources.filter((x) => !/^mncte/.test(x)) : []),
              ...lists,
              ...(s.inWorkbook ? [STEWARD_WORKBOOKS] : []),
              ...(hasCode ? [ONET_2024_SOURCE] : []),
            ]),
            note: notes.join(' '),
          },
          derivedFrom: s.derivedFrom.length ? s.derivedFrom : undefined,
          codes: hasCode ? { onet: s.row.onet_code } : undefined,
        },
        oneParagraph(definitions[s.id]),
      );
    }
  }
  // The steward's SOC, CIP and NAICS links are facts of their own (test/facts/advancecte-*.csv), written by the same
  // code that keeps content/ in step with them, so the importer and scripts/steward-links.mjs agree byte for byte.
  applyStewardLinks(out);
  const withLinks = subclusters.filter((s) => s.inWorkbook).length;
  // --- counts --------------------------------------------------------------------------
  const clusterLinks = clusters.reduce((n, c) => n + c.derivedFrom.length, 0);
  const subLinks = subclusters.reduce((n, s) => n + s.derivedFrom.length, 0);
  const newSubs = subclusters.filter((s) => !s.derivedFrom.length);
  const split = oldPathways.filter((p) => (continuedPathways.get(p.id) ?? []).length > 1);
  console.log(`import-2024: wrote ${out}`);
  console.log(`  clusters:          ${clusters.length} (cross-cutting ${nCross.length}; groupings ${groupings.length})`);
  console.log(`  sub-clusters:      ${subclusters.length} (${newSubs.length} new, no 2002 predecessor)`);
  console.log(
    `  lineage links:     ${clusterLinks + subLinks} (cluster -> 2002 cluster ${clusterLinks}; sub-cluster -> 2002 pathway ${subLinks})`,
  );
  console.log(`  2002 accounted:    ${oldClusters.length} clusters, ${oldPathways.length} pathways (${split.length} pathways split)`);
  console.log(`  retired entries:   ${retired.length}`);
  console.log(
    `  judgement calls:   ${judgements.length} (${['kept', 'dropped', 'added'].map((a) => `${a} ${judgements.filter((j) => j.action === a).length}`).join(', ')})`,
  );
  console.log(`  steward's links:   SOC, CIP and NAICS on ${withLinks} sub-clusters (scripts/steward-links.mjs)`);
}

function printJudgements(judgements, draft, oldPathwayById, subById) {
  const cell = (s) => oneParagraph(s).replace(/\|/g, '\\|');
  console.log('| # | 2002 pathway (cluster) | 2024 sub-cluster (cluster) | draft | decision | reason |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  judgements.forEach((j, i) => {
    const p = oldPathwayById.get(j.pathway);
    const s = subById.get(j.subcluster);
    const key = `${j.pathway}|${j.subcluster}`;
    console.log(
      `| ${i + 1} | ${cell(`${p.title} (${p.cluster.title})`)} | ${cell(`${s.title} (${s.cluster.title})`)} | ${draft.get(key) ?? '-'} | ${j.action} | ${cell(j.reason)} |`,
    );
  });
}

main();
