import type { ClusterNode, Framework, ProgramNode, SubclusterNode } from '@ccf/core';
import { allSubclusters, cmp, ID_PATTERN } from '@ccf/core';
import { plain } from './text.js';
import { stringify } from 'csv-stringify/sync';
import { caseItemId, caseNodeId } from './ids.js';

/**
 * A column's type: a Frictionless Table Schema field type, or `list` for a list of strings written as one readable
 * cell (`listText`), which the Table Schema declares as a `string` (see `datapackage.ts`).
 */
export type FieldType = 'string' | 'integer' | 'boolean' | 'list';

/** One CSV column: its name, type and meaning (the datapackage Table Schema is generated from these). */
export interface Column<Row> {
  name: string;
  type: FieldType;
  description: string;
  required?: boolean;
  unique?: boolean;
  pattern?: string;
  value: (row: Row) => string | number | boolean | string[] | undefined;
}

/** A published CSV table: file, columns, rows, keys. */
export interface Table<Row> {
  name: string;
  path: string;
  title: string;
  description: string;
  columns: Column<Row>[];
  rows: (framework: Framework) => Row[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

const ID = ID_PATTERN.source;
/** The separator between the items of a list cell. */
export const LIST_SEPARATOR = '; ';
const LIST =
  'A list: items separated by `; ` (empty when there are none); an item that holds `;` or `"`, or starts or ends with a space, is written in double quotes, a `"` in it doubled.';

function common<N extends ClusterNode | SubclusterNode>(): Column<N>[] {
  return [
    { name: 'order', type: 'integer', description: 'Position among its siblings, from 1.', required: true, value: (n) => n.order },
    {
      name: 'status',
      type: 'string',
      description: '`active`, or `retired` for a node kept for history.',
      required: true,
      value: (n) => n.status,
    },
    { name: 'retired_reason', type: 'string', description: 'Why a retired node has no successor.', value: (n) => n.retiredReason },
    { name: 'aliases', type: 'list', description: `Other spellings of the title. ${LIST}`, required: true, value: (n) => n.aliases },
    {
      name: 'derived_from',
      type: 'list',
      description: `Ids of the nodes of the previous version this node continues. ${LIST}`,
      required: true,
      value: (n) => n.derivedFrom,
    },
    {
      name: 'provenance_status',
      type: 'string',
      description: 'VERIFIED, SECONDARY, INFERRED or UNCERTAIN: how well the facts are established.',
      required: true,
      value: (n) => n.provenance.status,
    },
    {
      name: 'definition',
      type: 'string',
      description: 'The definition as plain text (framework.json also has the Markdown).',
      required: true,
      value: (n) => plain(n.definition),
    },
    {
      name: 'case_id',
      type: 'string',
      description: "The CASE identifier (UUID v5 of ccf's namespace and the id), as in case.json.",
      required: true,
      unique: true,
      value: (n) => caseItemId(n.id),
    },
  ];
}

export const clustersTable: Table<ClusterNode> = {
  name: 'clusters',
  path: 'clusters.csv',
  title: 'Clusters',
  description: 'One row per cluster, in the steward’s order.',
  primaryKey: ['id'],
  rows: (fw) => fw.clusters,
  columns: [
    {
      name: 'id',
      type: 'string',
      description: 'Permanent id of the cluster.',
      required: true,
      unique: true,
      pattern: ID,
      value: (n) => n.id,
    },
    { name: 'title', type: 'string', description: 'The cluster’s name.', required: true, value: (n) => n.title },
    { name: 'onet_code', type: 'string', description: 'O*NET Career Cluster code.', value: (n) => n.codes.onet },
    {
      name: 'cross_cutting',
      type: 'boolean',
      description: 'Whether the cluster is cross-cutting (2024 edition).',
      required: true,
      value: (n) => n.crossCutting,
    },
    { name: 'grouping', type: 'string', description: 'Id of the grouping above the cluster (2024 edition).', value: (n) => n.grouping },
    {
      name: 'subcluster_count',
      type: 'integer',
      description: 'How many sub-clusters (pathways) the cluster has.',
      required: true,
      value: (n) => n.children.length,
    },
    ...common<ClusterNode>(),
  ],
};

export const subclustersTable: Table<SubclusterNode> = {
  name: 'subclusters',
  path: 'subclusters.csv',
  title: 'Sub-clusters',
  description: 'One row per sub-cluster (a Career Pathway in the 2002 edition), grouped by cluster in the steward’s order.',
  primaryKey: ['id'],
  foreignKeys: [{ fields: ['cluster_id'], reference: { resource: 'clusters', fields: ['id'] } }],
  rows: allSubclusters,
  columns: [
    {
      name: 'id',
      type: 'string',
      description: 'Permanent id of the sub-cluster.',
      required: true,
      unique: true,
      pattern: ID,
      value: (n) => n.id,
    },
    { name: 'cluster_id', type: 'string', description: 'Id of its cluster.', required: true, pattern: ID, value: (n) => n.parent },
    { name: 'title', type: 'string', description: 'The sub-cluster’s name.', required: true, value: (n) => n.title },
    { name: 'onet_code', type: 'string', description: 'O*NET code of the sub-cluster, when it has one.', value: (n) => n.codes.onet },
    {
      name: 'occupation_count',
      type: 'integer',
      description: 'How many occupations (rows of occupations.csv) it links to.',
      required: true,
      value: (n) => n.soc.length,
    },
    {
      name: 'occupations_source',
      type: 'string',
      description:
        '`advance-cte-crosswalk` (the steward’s crosswalk), `onet-legacy`, `derived` or `editorial`: where the occupation links come from.',
      value: (n) => n.linkProvenance?.soc?.source ?? n.provenance.occupations,
    },
    {
      name: 'cip',
      type: 'list',
      description: `CIP 2020 codes aligned to it (programs.csv has their titles). ${LIST}`,
      required: true,
      value: (n) => n.cip.map((c) => c.code),
    },
    {
      name: 'naics',
      type: 'list',
      description: `NAICS sectors its occupations work in, such as \`31-33\` (industries.csv has their titles). ${LIST}`,
      required: true,
      value: (n) => n.naics.map((c) => c.code),
    },
    ...common<SubclusterNode>(),
  ],
};

/** One node ↔ occupation link. */
export interface OccupationRow {
  node: SubclusterNode;
  code: string;
  title?: string;
  epGrouping?: true;
}

const NODE_KEYS: Column<{ node: SubclusterNode }>[] = [
  { name: 'cluster_id', type: 'string', description: 'Id of the cluster.', required: true, pattern: ID, value: (r) => r.node.parent },
  { name: 'subcluster_id', type: 'string', description: 'Id of the sub-cluster.', required: true, pattern: ID, value: (r) => r.node.id },
];
const NODE_FOREIGN_KEYS = [
  { fields: ['subcluster_id'], reference: { resource: 'subclusters', fields: ['id'] } },
  { fields: ['cluster_id'], reference: { resource: 'clusters', fields: ['id'] } },
];

export const occupationsTable: Table<OccupationRow> = {
  name: 'occupations',
  path: 'occupations.csv',
  title: 'Occupations',
  description:
    'One row per link between a sub-cluster and an occupation (many-to-many), by sub-cluster then code. Where the links come from: subclusters.csv `occupations_source` (2024 edition: the steward’s crosswalk, Advance CTE). Occupation titles: O*NET Resource Center, National Center for O*NET Development (USDOL/ETA), CC BY 4.0.',
  primaryKey: ['subcluster_id', 'soc_code'],
  foreignKeys: NODE_FOREIGN_KEYS,
  rows: (fw) =>
    allSubclusters(fw).flatMap((node) =>
      [...node.soc]
        .sort((a, b) => cmp(a.code, b.code))
        .map((l) => ({
          node,
          code: l.code,
          ...(l.title !== undefined ? { title: l.title } : {}),
          ...(l.epGrouping ? { epGrouping: true as const } : {}),
        })),
    ),
  columns: [
    ...NODE_KEYS,
    {
      name: 'soc_code',
      type: 'string',
      description:
        'O*NET-SOC 2019 code (`NN-NNNN.NN`, 2002 edition) or SOC 2018 code (`NN-NNNN`, 2024 edition). A SOC 2018 code covers the O*NET-SOC codes that start with it.',
      required: true,
      pattern: '^\\d{2}-\\d{4}(?:\\.\\d{2})?$',
      value: (r) => r.code,
    },
    { name: 'soc_title', type: 'string', description: 'The occupation’s title as O*NET gives it.', value: (r) => r.title },
    {
      name: 'ep_grouping',
      type: 'boolean',
      description: '`true` when `soc_code` is a BLS Employment Projections grouping of several occupations, not a SOC 2018 detailed code.',
      required: true,
      value: (r) => r.epGrouping === true,
    },
  ],
};

/** One node ↔ link row of a coded list (CIP programs, NAICS sectors). */
export interface LinkRow {
  node: SubclusterNode;
  code: string;
  title?: string;
}

function linkRows(list: (node: SubclusterNode) => { code: string; title?: string }[]): (fw: Framework) => LinkRow[] {
  return (fw) =>
    allSubclusters(fw).flatMap((node) =>
      [...list(node)]
        .sort((a, b) => cmp(a.code, b.code))
        .map((l) => ({ node, code: l.code, ...(l.title !== undefined ? { title: l.title } : {}) })),
    );
}

export const programsTable: Table<LinkRow> = {
  name: 'programs',
  path: 'programs.csv',
  title: 'Programs',
  description:
    'One row per link between a sub-cluster and a CIP 2020 instructional program (many-to-many), by sub-cluster then code. Links: the steward’s crosswalk (Advance CTE); titles: NCES CIP 2020 (public domain).',
  primaryKey: ['subcluster_id', 'cip_code'],
  foreignKeys: NODE_FOREIGN_KEYS,
  rows: linkRows((n) => n.cip),
  columns: [
    ...NODE_KEYS,
    {
      name: 'cip_code',
      type: 'string',
      description: 'CIP 2020 code `NN.NNNN`.',
      required: true,
      pattern: '^\\d{2}\\.\\d{4}$',
      value: (r) => r.code,
    },
    { name: 'cip_title', type: 'string', description: 'The program’s title as NCES gives it.', value: (r) => r.title },
  ],
};

export const industriesTable: Table<LinkRow> = {
  name: 'industries',
  path: 'industries.csv',
  title: 'Industries',
  description:
    'One row per link between a sub-cluster and a NAICS sector (many-to-many), by sub-cluster then code. Links and titles: the steward’s crosswalk (Advance CTE).',
  primaryKey: ['subcluster_id', 'naics_code'],
  foreignKeys: NODE_FOREIGN_KEYS,
  rows: linkRows((n) => n.naics),
  columns: [
    ...NODE_KEYS,
    {
      name: 'naics_code',
      type: 'string',
      description: 'NAICS sector code, such as `11` or `31-33`.',
      required: true,
      pattern: '^\\d{2}(?:-\\d{2})?$',
      value: (r) => r.code,
    },
    { name: 'naics_title', type: 'string', description: 'The sector’s title.', value: (r) => r.title },
  ],
};

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A list as one cell a spreadsheet user can read: `a; b`. An item that the plain form would misread (one holding the
 * separator's `;` or a `"`, one with a space at either end, an empty one) is quoted as a CSV field is, one level
 * down: `"Banking; Credit"`, `"the ""new"" one"`. So `a; "b; c"` splits back into exactly `a` and `b; c`.
 */
export function listText(items: readonly string[]): string {
  return items.map((item) => (/[;"]|^\s|\s$|^$/.test(item) ? `"${item.replaceAll('"', '""')}"` : item)).join(LIST_SEPARATOR);
}

/**
 * Text for one cell. Lists are joined by `listText`; booleans `true`/`false`; a text cell that a spreadsheet would
 * run as a formula gets a leading `'`. Numbers are never neutralised: every number column is a count or an order ≥ 0.
 */
export function cell(value: string | number | boolean | string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = Array.isArray(value) ? listText(value) : value;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The CSV text of a table: RFC 4180, header row, every field quoted only when needed, CRLF line ends. */
export function tableCsv<Row>(table: Table<Row>, framework: Framework): string {
  const records = table.rows(framework).map((row) => table.columns.map((c) => cell(c.value(row))));
  return stringify([table.columns.map((c) => c.name), ...records], { record_delimiter: '\r\n', eof: true, quoted_string: false });
}

/** Every published table, in file order. */
export const tables = [clustersTable, subclustersTable, occupationsTable, programsTable, industriesTable] as const;

/** A scope as one cell: `statewide`, or `regional:` and the region codes. */
function scopeCell(scope: ProgramNode['scope']): string {
  return scope === undefined || scope === 'statewide' ? 'statewide' : `regional:${scope.regional.join(',')}`;
}

/** The columns a state framework's node tables add: where each node comes from, and where and when it applies. */
function stateColumns<N extends ClusterNode | SubclusterNode>(): Column<N>[] {
  return [
    {
      name: 'origin',
      type: 'string',
      description: '`national` (adopted unchanged), `modified` (changed by the state) or `state` (the state’s own).',
      required: true,
      value: (n) => n.origin ?? 'national',
    },
    {
      name: 'base_version',
      type: 'string',
      description: 'The national version a `national` or `modified` node was taken from.',
      value: (n) => n.baseVersion,
    },
    {
      name: 'state_changes',
      type: 'list',
      description: `What the state changed on a \`modified\` node (\`title\`, \`definition\`, \`parent\`, …). ${LIST}`,
      required: true,
      value: (n) => n.stateChanges ?? [],
    },
    { name: 'state_code', type: 'string', description: 'The state’s own code for the node (`codes.state`).', value: (n) => n.codes.state },
    {
      name: 'scope',
      type: 'string',
      description: '`statewide`, or `regional:` and the region codes (`regional:NW,SE`).',
      required: true,
      value: (n) => scopeCell(n.scope),
    },
    { name: 'effective_from', type: 'string', description: 'First day in effect (ISO 8601).', value: (n) => n.effective?.from },
    { name: 'effective_until', type: 'string', description: 'Last day in effect (ISO 8601).', value: (n) => n.effective?.until },
  ];
}

/** A node table of a state framework: the national columns (CASE ids as the state package has them) and the state's. */
function stateTable<N extends ClusterNode | SubclusterNode>(table: Table<N>, framework: Framework): Table<N> {
  return {
    ...table,
    columns: [
      ...table.columns.map((c) =>
        c.name === 'case_id'
          ? {
              ...c,
              description:
                'The CASE identifier, as in case.json: the national item’s for an adopted node, the state’s own item’s otherwise.',
              value: (n: N) => caseNodeId(framework, n),
            }
          : c,
      ),
      ...stateColumns<N>(),
    ],
  };
}

/** The programs of study of a state framework, one row each, by sub-cluster in framework order then program order. */
function programsOfStudyTable(framework: Framework): Table<ProgramNode> {
  return {
    name: 'programs-of-study',
    path: 'programs-of-study.csv',
    title: 'Programs of study',
    description: 'One row per state program of study, below its sub-cluster (Career Pathway), in framework order.',
    primaryKey: ['id'],
    foreignKeys: [{ fields: ['subcluster_id'], reference: { resource: 'subclusters', fields: ['id'] } }],
    rows: (fw) => allSubclusters(fw).flatMap((s) => s.programs ?? []),
    columns: [
      {
        name: 'id',
        type: 'string',
        description: 'Permanent id of the program (state namespace).',
        required: true,
        unique: true,
        pattern: ID,
        value: (p) => p.id,
      },
      { name: 'subcluster_id', type: 'string', description: 'Id of its sub-cluster.', required: true, pattern: ID, value: (p) => p.parent },
      { name: 'title', type: 'string', description: 'The program’s name.', required: true, value: (p) => p.title },
      {
        name: 'order',
        type: 'integer',
        description: 'Position below its sub-cluster.',
        required: true,
        value: (p) => (p.order === Number.MAX_SAFE_INTEGER ? undefined : p.order),
      },
      { name: 'cip', type: 'list', description: `CIP 2020 codes and state pseudo-codes. ${LIST}`, required: true, value: (p) => p.cip },
      {
        name: 'courses',
        type: 'list',
        description: `Course codes, in sequence. ${LIST}`,
        required: true,
        value: (p) => p.courses.map((c) => c.code),
      },
      { name: 'credentials', type: 'list', description: `Industry credentials. ${LIST}`, required: true, value: (p) => p.credentials },
      {
        name: 'scope',
        type: 'string',
        description: '`statewide`, or `regional:` and the region codes.',
        required: true,
        value: (p) => scopeCell(p.scope),
      },
      { name: 'effective_from', type: 'string', description: 'First day in effect (ISO 8601).', value: (p) => p.effective?.from },
      { name: 'effective_until', type: 'string', description: 'Last day in effect (ISO 8601).', value: (p) => p.effective?.until },
      {
        name: 'description',
        type: 'string',
        description: 'The description as plain text.',
        required: true,
        value: (p) => plain(p.definition),
      },
      {
        name: 'case_id',
        type: 'string',
        description: 'The CASE identifier of the program’s item in case.json.',
        required: true,
        unique: true,
        value: (p) => caseNodeId(framework, p),
      },
    ],
  };
}

/**
 * The tables a framework is published as: the national tables, or for a state framework the node tables with the
 * state's columns and a table of programs of study.
 */
export function tablesFor(framework: Framework): readonly Table<unknown>[] {
  if (!framework.overlay) return tables as readonly Table<unknown>[];
  return [
    stateTable(clustersTable, framework),
    stateTable(subclustersTable, framework),
    occupationsTable,
    programsTable,
    industriesTable,
    programsOfStudyTable(framework),
  ] as readonly Table<unknown>[];
}
