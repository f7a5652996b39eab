#!/usr/bin/env node
// Import the 2002 edition of the National Career Clusters® Framework into content/.
//
//   node tools/import/import-2002.mjs [--out content]
//
// Reads the facts in test/facts/ (legacy-clusters.csv, legacy-pathways.csv,
// onet-legacy-occupations.csv) and the hand-written definitions in
// tools/import/definitions-2002.yaml, then removes and rewrites <out>/framework.md and
// <out>/clusters/. Re-running it gives the same files. It fails (exit 1) if a definition is
// missing or has no node, an id collides, or an O*NET link cannot be matched to exactly the
// pathway counts the facts give.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { andSpelling, checkDefinitions, fail, kebabId, normKey, oneParagraph, readCsv, writeNodeFile } from './common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const FACTS = join(ROOT, 'test', 'facts');
const DEFINITIONS = join(HERE, 'definitions-2002.yaml');

const FRAMEWORK_ID = 'national-career-clusters-framework';
const STEWARD_SOURCE = 'Advance CTE, National Career Clusters Framework (2002)';
const ONET_SOURCE = 'O*NET Resource Center, Browse by Career Cluster';
const EXPECTED = { clusters: 16, pathways: 79, links: 1033 };

// Spellings of cluster titles seen in use that the facts README names (besides the "and"
// spelling and the informal abbreviation, which are derived from the CSV).
const KNOWN_VARIANTS = {
  'Arts, A/V Technology & Communications': ['Arts, Audio/Video Technology & Communications'],
  'Health Science': ['Health Sciences'],
};

// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { out: join(ROOT, 'content') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      if (!argv[i + 1]) fail('--out needs a directory');
      args.out = resolve(argv[++i]);
    } else if (a.startsWith('--out=')) {
      args.out = resolve(a.slice('--out='.length));
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node tools/import/import-2002.mjs [--out content]');
      process.exit(0);
    } else {
      fail(`unknown argument ${a}`);
    }
  }
  if (args.out === ROOT || args.out === resolve('/')) fail(`refusing to write into ${args.out}`);
  return args;
}

/** Add a spelling to a list unless it is empty, equals the title or is already there. */
function pushAlias(list, title, value) {
  if (!value) return;
  const v = value.trim();
  if (v && v !== title && !list.includes(v)) list.push(v);
}

/** Aliases of a title: its "and" spelling plus the given variants (and their "and" spellings). */
function aliasesFor(title, variants = []) {
  const list = [];
  pushAlias(list, title, andSpelling(title));
  for (const v of variants) {
    pushAlias(list, title, v);
    pushAlias(list, title, andSpelling(v));
  }
  return list;
}

// ---------------------------------------------------------------------------------------

function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const problems = [];
  const warnings = [];

  const clusterRows = readCsv(join(FACTS, 'legacy-clusters.csv'));
  const pathwayRows = readCsv(join(FACTS, 'legacy-pathways.csv'));
  const linkRows = readCsv(join(FACTS, 'onet-legacy-occupations.csv'));
  const definitions = YAML.parse(readFileSync(DEFINITIONS, 'utf8')) ?? {};

  // --- clusters ------------------------------------------------------------------------
  const clusters = clusterRows
    .map((row) => {
      const order = Number(row.order);
      if (!Number.isInteger(order) || order < 1) problems.push(`cluster ${row.title}: bad order ${row.order}`);
      const variants = [...(KNOWN_VARIANTS[row.title] ?? [])];
      const aliases = aliasesFor(row.title, variants);
      if (row.informal_abbrev) pushAlias(aliases, row.title, row.informal_abbrev);
      const codeStatus = row.onet_code_status;
      return {
        id: kebabId(row.title),
        title: row.title,
        order,
        aliases,
        onetCode: row.onet_legacy_code,
        codeStatus,
        // Names that O*NET or others may use for this cluster, for matching links.
        matchKeys: new Set([row.title, ...aliases].map(normKey)),
        onetTitles: new Set(),
        pathways: [],
      };
    })
    .sort((a, b) => a.order - b.order);
  const clusterByTitle = new Map(clusters.map((c) => [c.title, c]));

  // --- pathways ------------------------------------------------------------------------
  for (const row of pathwayRows) {
    const cluster = clusterByTitle.get(row.cluster_title);
    if (!cluster) {
      problems.push(`pathway ${row.pathway_title}: unknown cluster ${JSON.stringify(row.cluster_title)}`);
      continue;
    }
    if (Number(row.cluster_order) !== cluster.order) {
      problems.push(`pathway ${row.pathway_title}: cluster_order ${row.cluster_order} but ${cluster.title} is ${cluster.order}`);
    }
    const onetTitle = row.onet_pathway_title || '';
    const variants = onetTitle && normKey(onetTitle) !== normKey(row.pathway_title) ? [onetTitle] : [];
    const aliases = aliasesFor(row.pathway_title, variants);
    const expectedLinks = Number(row.onet_occupation_links);
    if (!Number.isInteger(expectedLinks) || expectedLinks < 0) {
      problems.push(`pathway ${row.pathway_title}: bad onet_occupation_links ${row.onet_occupation_links}`);
    }
    cluster.pathways.push({
      id: kebabId(row.pathway_title),
      title: row.pathway_title,
      order: Number(row.pathway_order),
      aliases,
      status: row.name_status,
      onetTitle,
      expectedLinks,
      matchKeys: new Set([row.pathway_title, onetTitle, ...aliases].filter(Boolean).map(normKey)),
      soc: [],
    });
  }
  for (const c of clusters) {
    c.pathways.sort((a, b) => a.order - b.order);
    c.pathways.forEach((p, i) => {
      if (p.order !== i + 1) problems.push(`${c.title}: pathway orders are not 1..n (${p.title} is ${p.order})`);
    });
  }
  const pathways = clusters.flatMap((c) => c.pathways);

  // --- ids -----------------------------------------------------------------------------
  const idOwners = new Map([[FRAMEWORK_ID, 'the framework']]);
  for (const node of [...clusters, ...pathways]) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(node.id) || node.id.length > 80) {
      problems.push(`id ${node.id} (${node.title}) is not a valid kebab-case id of at most 80 characters`);
    }
    if (idOwners.has(node.id)) {
      problems.push(`id collision: ${node.id} is made from both "${idOwners.get(node.id)}" and "${node.title}"`);
    } else {
      idOwners.set(node.id, node.title);
    }
  }

  // --- O*NET links ---------------------------------------------------------------------
  const unmatched = [];
  const seen = new Set();
  let matched = 0;
  for (const [i, link] of linkRows.entries()) {
    const where = `onet-legacy-occupations.csv row ${i + 2}`;
    const ck = normKey(link.onet_cluster_title);
    const cluster = clusters.find((c) => c.matchKeys.has(ck));
    if (!cluster) {
      unmatched.push(`${where}: no cluster for "${link.onet_cluster_title}"`);
      continue;
    }
    const pk = normKey(link.onet_pathway_title);
    const pathway = cluster.pathways.find((p) => p.matchKeys.has(pk));
    if (!pathway) {
      unmatched.push(`${where}: no pathway "${link.onet_pathway_title}" in ${cluster.title}`);
      continue;
    }
    if (!/^\d{2}-\d{4}\.\d{2}$/.test(link.onetsoc_code)) {
      problems.push(`${where}: bad O*NET-SOC code ${JSON.stringify(link.onetsoc_code)}`);
      continue;
    }
    const key = `${pathway.id}|${link.onetsoc_code}`;
    if (seen.has(key)) {
      problems.push(`${where}: ${link.onetsoc_code} is linked to ${pathway.title} twice`);
      continue;
    }
    seen.add(key);
    cluster.onetTitles.add(link.onet_cluster_title);
    pathway.soc.push({ code: link.onetsoc_code, title: link.occupation_title });
    matched++;
  }
  if (unmatched.length) problems.push(`${unmatched.length} O*NET link(s) unmatched:\n    ${unmatched.join('\n    ')}`);
  for (const p of pathways) {
    p.soc.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (p.soc.length !== p.expectedLinks) {
      problems.push(`pathway ${p.title}: ${p.soc.length} O*NET link(s) matched, legacy-pathways.csv says ${p.expectedLinks}`);
    }
  }

  // --- definitions ---------------------------------------------------------------------
  const wanted = [FRAMEWORK_ID, ...clusters.map((c) => c.id), ...pathways.map((p) => p.id)];
  const checked = checkDefinitions(definitions, wanted, FRAMEWORK_ID, '2002');
  problems.push(...checked.problems);
  warnings.push(...checked.warnings);

  // --- totals --------------------------------------------------------------------------
  if (clusters.length !== EXPECTED.clusters) problems.push(`${clusters.length} clusters, expected ${EXPECTED.clusters}`);
  if (pathways.length !== EXPECTED.pathways) problems.push(`${pathways.length} pathways, expected ${EXPECTED.pathways}`);
  if (linkRows.length !== EXPECTED.links) problems.push(`${linkRows.length} O*NET links read, expected ${EXPECTED.links}`);
  const expectedSum = pathways.reduce((n, p) => n + p.expectedLinks, 0);
  if (expectedSum !== linkRows.length) {
    problems.push(`legacy-pathways.csv counts add up to ${expectedSum}, but onet-legacy-occupations.csv has ${linkRows.length} links`);
  }

  for (const w of warnings) console.warn(`warning: ${w}`);
  if (problems.length) {
    for (const p of problems) console.error(`error: ${p}`);
    console.error(`import-2002: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing written.`);
    process.exit(1);
  }

  // --- write ---------------------------------------------------------------------------
  rmSync(join(out, 'clusters'), { recursive: true, force: true });
  if (existsSync(join(out, 'framework.md'))) rmSync(join(out, 'framework.md'));

  writeNodeFile(
    join(out, 'framework.md'),
    {
      id: FRAMEWORK_ID,
      title: 'National Career Clusters® Framework',
      version: '1.0.0',
      edition: '2002',
      publisher: 'ccf project (content after Advance CTE)',
      license:
        'Definitions: CC-BY-4.0 (ccf contributors). Names and structure: © Advance CTE, used for reference, no licence granted. O*NET occupation links: CC-BY-4.0.',
      attribution:
        "National Career Clusters® is a mark of Advance CTE; cluster and pathway names and structure are Advance CTE's. Definitions written by ccf contributors. Occupation links: O*NET Resource Center, National Center for O*NET Development (USDOL/ETA), CC BY 4.0.",
      baseUrl: 'https://ccf-project.github.io/ccf/',
      terms: { cluster: 'Career Cluster', subcluster: 'Career Pathway' },
      provenance: { status: 'VERIFIED', sources: [STEWARD_SOURCE, ONET_SOURCE] },
    },
    String(definitions[FRAMEWORK_ID]).trim(),
  );

  for (const c of clusters) {
    const notes = [];
    if (!/^VERIFIED\b/.test(c.codeStatus)) {
      notes.push(
        `O*NET code ${c.onetCode} is ${c.codeStatus.startsWith('INFERRED') ? 'INFERRED' : c.codeStatus.split(/\s/)[0]}: legacy codes 1.0000-16.0000 follow O*NET's alphabetical list of clusters` +
          (/\(.+\)/.test(c.codeStatus) ? ` (${c.codeStatus.match(/\((.+)\)/)[1]}).` : '.'),
      );
    }
    for (const t of c.onetTitles) {
      if (t !== c.title) notes.push(`O*NET titles this cluster "${t}".`);
    }
    writeNodeFile(
      join(out, 'clusters', c.id, 'index.md'),
      {
        id: c.id,
        title: c.title,
        aliases: c.aliases.length ? c.aliases : undefined,
        order: c.order,
        provenance: {
          status: 'VERIFIED',
          sources: [STEWARD_SOURCE, ONET_SOURCE],
          note: notes.length ? notes.join(' ') : undefined,
        },
        codes: { onet: c.onetCode },
      },
      oneParagraph(definitions[c.id]),
    );

    for (const p of c.pathways) {
      const has = p.soc.length > 0;
      writeNodeFile(
        join(out, 'clusters', c.id, `${p.id}.md`),
        {
          id: p.id,
          title: p.title,
          aliases: p.aliases.length ? p.aliases : undefined,
          order: p.order,
          provenance: {
            status: p.status,
            sources: has ? [STEWARD_SOURCE, ONET_SOURCE] : [STEWARD_SOURCE],
            note: has ? undefined : "O*NET's legacy Browse by Career Cluster lists no occupations for this pathway.",
            occupations: has ? 'onet-legacy' : undefined,
          },
          soc: has ? p.soc : undefined,
        },
        oneParagraph(definitions[p.id]),
      );
    }
  }

  const withSoc = pathways.filter((p) => p.soc.length).length;
  console.log(`import-2002: wrote ${out}`);
  console.log(`  clusters:  ${clusters.length}`);
  console.log(`  pathways:  ${pathways.length} (${withSoc} with O*NET occupations, ${pathways.length - withSoc} without)`);
  console.log(`  SOC links: ${matched} matched of ${linkRows.length}`);
  const none = pathways.filter((p) => !p.soc.length).map((p) => p.title);
  if (none.length) console.log(`  no O*NET occupations (soc left out): ${none.join('; ')}`);
}

main();
