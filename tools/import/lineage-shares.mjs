#!/usr/bin/env node
// The 2002 → 2024 lineage measured against the steward's own occupation links.
//
//   node tools/import/lineage-shares.mjs            # Markdown table of every pathway → sub-cluster link
//   node tools/import/lineage-shares.mjs --json     # the same as JSON
//   node tools/import/lineage-shares.mjs --check    # exit 1 naming every link the evidence contradicts
//
// For each 2002 pathway, its occupations are O*NET's legacy links (test/facts/onet-legacy-occupations.csv),
// counted once per SOC 2018 detailed code (the first six digits of the O*NET-SOC code). The steward's 2024
// crosswalk (test/facts/advancecte-soc-subclusters.csv) places SOC codes in sub-clusters; the share of a
// pathway in a sub-cluster is the part of the pathway's SOC codes the steward places there. A code the
// steward lists only under a BLS Employment Projections aggregate (13-1020 for 13-1021/13-1022/13-1023, …)
// counts through that aggregate. Shares of one pathway can add up to more than 1: the steward places one
// occupation in several sub-clusters.
//
// The lineage decisions are the `derivedFrom` lists in content/. The rules that say when the evidence
// contradicts one are in docs/decisions/0003-content-2024-lineage.md ("Lineage re-examined").

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { kebabId, normKey, readCsv } from './common.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The 12 BLS Employment Projections aggregates in the steward's SOC table (facts README). */
export const EP_AGGREGATES = [
  '13-1020',
  '13-2020',
  '21-1018',
  '25-2052',
  '25-9045',
  '29-2010',
  '31-1120',
  '39-7010',
  '47-4090',
  '51-2028',
  '51-2090',
  '53-1047',
];
// Spellings O*NET uses for 2002 cluster titles.
const LEGACY_VARIANTS = { 'Arts, A/V Technology & Communications': ['Arts, Audio/Video Technology & Communications'] };

/** Pathways with fewer occupations than this are too small to judge by shares. */
export const MIN_OCCUPATIONS = 3;
/** A sub-cluster outside a pathway's successors with at least this weighted share, more than any successor's, is missing. */
export const MISSING_SUCCESSOR_SHARE = 0.4;

function frontmatter(path) {
  const text = readFileSync(path, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return m ? YAML.parse(m[1]) : {};
}

/** The 2024 clusters and sub-clusters of a content folder, with titles, aliases and derivedFrom. */
function readContent(contentDir) {
  const subs = [];
  for (const dir of readdirSync(join(contentDir, 'clusters')).sort()) {
    const cluster = frontmatter(join(contentDir, 'clusters', dir, 'index.md'));
    const clusterKeys = new Set([cluster.title, ...(cluster.aliases ?? [])].map(normKey));
    for (const file of readdirSync(join(contentDir, 'clusters', dir)).sort()) {
      if (file === 'index.md' || !file.endsWith('.md')) continue;
      const fm = frontmatter(join(contentDir, 'clusters', dir, file));
      subs.push({
        id: fm.id,
        title: fm.title,
        cluster: cluster.id,
        clusterTitle: cluster.title,
        clusterKeys,
        keys: new Set([fm.title, ...(fm.aliases ?? [])].map(normKey)),
        derivedFrom: fm.derivedFrom ?? [],
      });
    }
  }
  return subs;
}

/**
 * Computes, for every 2002 pathway, the share of its occupations the steward places in each 2024 sub-cluster,
 * and checks each `derivedFrom` link of content/ against it.
 */
export function lineageShares({ root = ROOT, contentDir = join(root, 'content') } = {}) {
  const facts = join(root, 'test', 'facts');
  const problems = [];
  const subs = readContent(contentDir);

  // 2002 pathways by id, with the keys O*NET's rows use for them.
  const pathways = new Map();
  for (const row of readCsv(join(facts, 'legacy-pathways.csv'))) {
    pathways.set(kebabId(row.pathway_title), {
      id: kebabId(row.pathway_title),
      title: row.pathway_title,
      clusterTitle: row.cluster_title,
      clusterKeys: new Set([row.cluster_title, ...(LEGACY_VARIANTS[row.cluster_title] ?? [])].map(normKey)),
      keys: new Set([row.pathway_title, row.onet_pathway_title].filter(Boolean).map(normKey)),
      soc: new Set(),
    });
  }
  for (const row of readCsv(join(facts, 'onet-legacy-occupations.csv'))) {
    const p = [...pathways.values()].find(
      (x) => x.clusterKeys.has(normKey(row.onet_cluster_title)) && x.keys.has(normKey(row.onet_pathway_title)),
    );
    if (!p) problems.push(`onet-legacy-occupations.csv: no 2002 pathway for ${row.onet_cluster_title} / ${row.onet_pathway_title}`);
    else p.soc.add(row.onetsoc_code.slice(0, 7));
  }

  // The steward's placements: SOC code -> sub-cluster ids.
  const placed = new Map();
  for (const row of readCsv(join(facts, 'advancecte-soc-subclusters.csv'))) {
    const s = subs.find((x) => x.clusterKeys.has(normKey(row['Career Cluster'])) && x.keys.has(normKey(row['Sub-Cluster'])));
    if (!s) {
      problems.push(`advancecte-soc-subclusters.csv: no 2024 sub-cluster for ${row['Career Cluster']} / ${row['Sub-Cluster']}`);
      continue;
    }
    const code = row['SOC Code'];
    placed.set(code, new Set([...(placed.get(code) ?? []), s.id]));
  }
  const placedAs = (code) => {
    if (placed.has(code)) return code;
    const agg = EP_AGGREGATES.filter((a) => placed.has(a) && a.slice(0, 6) === code.slice(0, 6));
    return agg.length === 1 ? agg[0] : null;
  };

  const subById = new Map(subs.map((s) => [s.id, s]));
  const successors = new Map(); // pathway id -> sub-cluster ids
  for (const s of subs) for (const p of s.derivedFrom) successors.set(p, [...(successors.get(p) ?? []), s.id]);

  const result = [];
  for (const p of pathways.values()) {
    const codes = [...p.soc].sort();
    const unplaced = codes.filter((c) => !placedAs(c));
    // n: occupations placed in the sub-cluster at all; weight: each occupation counted once in all, split
    // evenly over the sub-clusters the steward places it in (so a pathway's weights add up to at most 1).
    const count = new Map();
    const weight = new Map();
    for (const c of codes) {
      const as = placedAs(c);
      const where = as ? [...placed.get(as)] : [];
      for (const s of where) {
        count.set(s, (count.get(s) ?? 0) + 1);
        weight.set(s, (weight.get(s) ?? 0) + 1 / where.length);
      }
    }
    const share = (subcluster) => ({
      subcluster,
      n: count.get(subcluster) ?? 0,
      share: codes.length ? (count.get(subcluster) ?? 0) / codes.length : null,
      weighted: codes.length ? (weight.get(subcluster) ?? 0) / codes.length : null,
    });
    const shares = [...count.keys()]
      .map(share)
      .sort((a, b) => b.weighted - a.weighted || b.n - a.n || (a.subcluster < b.subcluster ? -1 : 1));
    const links = (successors.get(p.id) ?? []).map(share);
    // The three rules of ADR 0003 ("Lineage re-examined"), for pathways large enough to judge:
    // 1. contradicted: a successor where the steward places none of the pathway's occupations;
    // 2. missing: the sub-cluster with the largest weighted share, at least MISSING_SUCCESSOR_SHARE and more than
    //    every successor's, is not a successor;
    // 3. when rule 1 leaves no successor, the sub-clusters with the largest weighted share are missing.
    const judged = codes.length >= MIN_OCCUPATIONS;
    const contradicted = judged ? links.filter((l) => l.n === 0).map((l) => l.subcluster) : [];
    const kept = links.filter((l) => !contradicted.includes(l.subcluster));
    const best = Math.max(0, ...kept.map((l) => l.weighted));
    const top = shares.length ? shares[0].weighted : 0;
    const isSuccessor = (x) => links.some((l) => l.subcluster === x.subcluster);
    let missing = [];
    if (judged && !kept.length) missing = shares.filter((x) => x.weighted === top && !isSuccessor(x)).map((x) => x.subcluster);
    else if (judged && top >= MISSING_SUCCESSOR_SHARE && top > best)
      missing = shares.filter((x) => x.weighted === top && !isSuccessor(x)).map((x) => x.subcluster);
    result.push({
      pathway: p.id,
      title: p.title,
      cluster: p.clusterTitle,
      occupations: codes.length,
      unplaced,
      links,
      shares,
      contradicted,
      missing,
    });
  }
  return { pathways: result, problems };
}

const pct = (x) => (x === null ? '–' : `${Math.round(x * 100)} %`);
/** "n of N (weighted w %)" for one pathway → sub-cluster pair. */
const cell = (x, total) => (total ? `${x.n}/${total} (${pct(x.weighted)})` : '–');

/** The Markdown table of every pathway and its shares, for the ADR. */
export function renderSharesMarkdown({ pathways }, subTitle = (id) => id) {
  const lines = [
    "| 2002 pathway | occupations | successors in content/: placed there (weighted share) | steward's largest weighted shares | verdict |",
    '| --- | --- | --- | --- | --- |',
  ];
  for (const p of pathways) {
    const links = p.links.map((l) => `${subTitle(l.subcluster)} ${cell(l, p.occupations)}`).join('; ') || '(retired)';
    const top = p.shares
      .slice(0, 3)
      .map((x) => `${subTitle(x.subcluster)} ${cell(x, p.occupations)}`)
      .join('; ');
    const verdict =
      p.occupations < MIN_OCCUPATIONS
        ? 'too few occupations to judge'
        : [...p.contradicted.map((s) => `contradicts → ${subTitle(s)}`), ...p.missing.map((s) => `missing → ${subTitle(s)}`)].join('; ') ||
          'agrees';
    lines.push(`| ${p.title} (${p.cluster}) | ${p.occupations} | ${links} | ${top || '–'} | ${verdict} |`);
  }
  return `${lines.join('\n')}\n`;
}

function main(argv) {
  const report = lineageShares();
  for (const problem of report.problems) console.error(`error: ${problem}`);
  if (report.problems.length) process.exit(1);
  if (argv.includes('--json')) {
    console.log(JSON.stringify(report.pathways, null, 2));
  } else if (argv.includes('--check')) {
    const bad = report.pathways.flatMap((p) => [
      ...p.contradicted.map((s) => `${p.pathway} -> ${s}: the steward places none of its ${p.occupations} occupations there`),
      ...p.missing.map(
        (s) =>
          `${p.pathway} -> ${s} is missing: the steward places ${cell(
            p.shares.find((x) => x.subcluster === s),
            p.occupations,
          )} of its occupations there`,
      ),
    ]);
    for (const b of bad) console.error(`lineage: ${b}`);
    process.exit(bad.length ? 1 : 0);
  } else {
    process.stdout.write(renderSharesMarkdown(report));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
