import { ID_PATTERN, VERSION_PATTERN } from '@ccf/core';
import { CONTRACT_SCHEMAS } from './contract-schemas.js';

type Json = Record<string, unknown>;

/** The component name of each contract schema the document bundles (so it stands alone). */
const COMPONENTS: Record<string, string> = {
  'schemas/common.schema.json': 'ContentDefinitions',
  'schemas/framework.schema.json': 'FrameworkFrontmatter',
  'schemas/changeset.schema.json': 'ChangeSet',
  'schemas/lint-report.schema.json': 'LintReport',
  'schemas/published/framework.schema.json': 'PublishedFramework',
  'schemas/published/manifest.schema.json': 'Manifest',
  'schemas/published/releases-index.schema.json': 'ReleasesIndex',
  'schemas/published/versions.schema.json': 'Versions',
};

const ref = (component: string, pointer = ''): Json => ({ $ref: `#/components/schemas/${component}${pointer}` });
const content = (component: string, pointer?: string): Json => ref(component, pointer && `/$defs/${pointer}`);

/**
 * A contract schema as a component: `$id` goes (it would rebase every `#/components/…` ref inside), `$schema` goes
 * (the document's dialect is 2020-12 already), and each file ref points at the component bundled for that file.
 */
function bundle(path: string, node: unknown, names = false): unknown {
  if (Array.isArray(node)) return node.map((n) => bundle(path, n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    // Under `properties` and `$defs`, keys are names (a property may be called `$schema`), not keywords.
    if (!names && (k === '$id' || k === '$schema')) continue;
    if (!names && k === '$ref' && typeof v === 'string') {
      const [file = '', pointer = ''] = v.split('#');
      const target = file ? new URL(file, `https://x/${path}`).pathname.slice(1) : path;
      const component = COMPONENTS[target];
      if (!component) throw new Error(`${path}: $ref ${v} names a schema the OpenAPI document does not bundle`);
      out[k] = `#/components/schemas/${component}${pointer}`;
      continue;
    }
    out[k] = bundle(path, v, !names && (k === 'properties' || k === '$defs' || k === 'patternProperties'));
  }
  return out;
}

/** The API's own shapes, built from the contract schemas' definitions (nothing re-declared that they declare). */
function apiSchemas(): Json {
  const frontmatter = CONTRACT_SCHEMAS['schemas/framework.schema.json']!;
  const frontmatterKeys = Object.keys(frontmatter['properties'] as Json);
  const id = content('ContentDefinitions', 'id');
  const href = { type: 'string', description: 'Path of the document (under the server root).' };
  const counts = (...names: string[]): Json => ({
    type: 'object',
    additionalProperties: false,
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, { type: 'integer', minimum: 0 }])),
  });
  const nodeFields = (type: string): Json => ({
    type: 'object',
    required: ['id', 'type', 'title', 'aliases', 'order', 'status', 'codes', 'provenance', 'derivedFrom', 'definition'],
    properties: {
      id,
      type: { const: type },
      title: content('ContentDefinitions', 'title'),
      aliases: content('ContentDefinitions', 'aliases'),
      order: content('ContentDefinitions', 'order'),
      status: content('ContentDefinitions', 'status'),
      retiredReason: content('ContentDefinitions', 'retiredReason'),
      codes: content('ContentDefinitions', 'codes'),
      provenance: content('ContentDefinitions', 'provenance'),
      derivedFrom: content('ContentDefinitions', 'derivedFrom'),
      definition: { type: 'string', description: 'The definition, as Markdown.' },
      // A state framework's nodes say where they come from, as its published framework.json does.
      origin: ref('PublishedFramework', '/$defs/nodeProperties/properties/origin'),
      baseVersion: ref('PublishedFramework', '/$defs/nodeProperties/properties/baseVersion'),
      stateChanges: ref('PublishedFramework', '/$defs/nodeProperties/properties/stateChanges'),
    },
  });
  const lineageLink = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'present'],
    properties: { id, title: content('ContentDefinitions', 'title'), parent: id, present: { type: 'boolean' } },
  };
  const source = {
    type: 'object',
    additionalProperties: false,
    required: ['label', 'kind'],
    description: 'What the server shows: a content folder, a git ref or a release.',
    properties: {
      label: { type: 'string' },
      kind: { enum: ['directory', 'git', 'release'] },
      commit: ref('PublishedFramework', '/properties/source/properties/commit'),
      date: { type: 'string' },
    },
  };
  return {
    SubclusterFields: {
      description: 'A sub-cluster: its content fields, its cluster and its occupations.',
      ...nodeFields('subcluster'),
      required: [...(nodeFields('subcluster')['required'] as string[]), 'parent', 'soc', 'cip'],
      properties: {
        ...(nodeFields('subcluster')['properties'] as Json),
        parent: id,
        soc: content('ContentDefinitions', 'soc'),
        cip: content('ContentDefinitions', 'cip'),
        naics: content('ContentDefinitions', 'naics'),
        linkProvenance: content('ContentDefinitions', 'linkProvenance'),
      },
    },
    ClusterFields: {
      description: 'A cluster: its content fields, counts and its sub-clusters in full.',
      ...nodeFields('cluster'),
      required: [...(nodeFields('cluster')['required'] as string[]), 'crossCutting', 'counts', 'children'],
      properties: {
        ...(nodeFields('cluster')['properties'] as Json),
        crossCutting: ref('PublishedFramework', '/$defs/cluster/properties/crossCutting'),
        grouping: id,
        counts: counts('subclusters', 'occupations'),
        children: { type: 'array', items: { $ref: '#/components/schemas/SubclusterFields', unevaluatedProperties: false } },
      },
    },
    Cluster: { $ref: '#/components/schemas/ClusterFields', unevaluatedProperties: false },
    Node: {
      description: 'A cluster or sub-cluster with its lineage both ways.',
      oneOf: [ref('ClusterFields'), ref('SubclusterFields')],
      required: ['lineage'],
      properties: {
        lineage: {
          type: 'object',
          additionalProperties: false,
          required: ['derivedFrom', 'continuedBy'],
          properties: {
            derivedFrom: { type: 'array', items: lineageLink, description: 'The earlier nodes this one continues.' },
            continuedBy: { type: 'array', items: lineageLink, description: 'The nodes here that continue this one.' },
          },
        },
      },
      unevaluatedProperties: false,
    },
    ClusterSummaries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'aliases', 'order', 'status', 'crossCutting', 'codes', 'counts', 'href', 'subclusters'],
        properties: {
          id,
          title: content('ContentDefinitions', 'title'),
          aliases: content('ContentDefinitions', 'aliases'),
          order: content('ContentDefinitions', 'order'),
          status: content('ContentDefinitions', 'status'),
          crossCutting: { type: 'boolean' },
          grouping: id,
          codes: content('ContentDefinitions', 'codes'),
          counts: counts('subclusters', 'occupations'),
          href,
          subclusters: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'title', 'href'],
              properties: { id, title: content('ContentDefinitions', 'title'), href },
            },
          },
        },
      },
    },
    Framework: {
      description: "The framework's frontmatter (framework.md), where it was read from, and every cluster in full.",
      type: 'object',
      additionalProperties: false,
      required: [...(frontmatter['required'] as string[]), 'source', 'introduction', 'counts', 'clusters'],
      properties: {
        ...Object.fromEntries(frontmatterKeys.map((k) => [k, ref('FrameworkFrontmatter', `/properties/${k}`)])),
        source,
        introduction: { type: 'string', description: "framework.md's body, as Markdown." },
        counts: counts('clusters', 'subclusters', 'occupations', 'occupationLinks'),
        clusters: { type: 'array', items: ref('Cluster') },
      },
    },
    SearchResults: {
      type: 'object',
      additionalProperties: false,
      required: ['query', 'total', 'results'],
      properties: {
        query: { type: 'string' },
        total: { type: 'integer', minimum: 0, description: 'Matches in all; `results` holds the best of them.' },
        results: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'type', 'title', 'score', 'matched', 'href'],
            properties: {
              id,
              type: { enum: ['cluster', 'subcluster'] },
              title: content('ContentDefinitions', 'title'),
              parent: id,
              score: { type: 'number' },
              matched: { type: 'array', items: { enum: ['title', 'alias', 'occupation', 'definition'] } },
              occupations: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['code'],
                  properties: { code: { type: 'string' }, title: { type: 'string' } },
                },
              },
              href,
            },
          },
        },
      },
    },
    Lint: {
      type: 'object',
      additionalProperties: false,
      required: ['source', 'diagnostics'],
      properties: {
        source,
        diagnostics: ref('LintReport'),
        problems: { ...ref('LintReport'), description: 'Why the content shown is an earlier, readable snapshot.' },
      },
    },
    Releases: {
      type: 'array',
      description: 'Every release the server holds, newest first, with its files.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'files'],
        properties: {
          version: ref('ReleasesIndex', '/properties/releases/items/properties/version'),
          files: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'bytes', 'type', 'etag', 'href'],
              properties: {
                name: { type: 'string' },
                bytes: { type: 'integer', minimum: 0 },
                type: { type: 'string', description: 'Its media type.' },
                etag: { type: 'string', description: 'The ETag it is served with.' },
                href,
              },
            },
          },
        },
      },
    },
    Crosswalk: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to', 'rows'],
      properties: {
        from: { type: 'string' },
        to: { type: 'string' },
        rows: { type: 'array', items: ref('ChangeSet', '/$defs/crosswalkRow') },
      },
    },
    CodeLookup: {
      type: 'object',
      additionalProperties: false,
      required: ['query', 'kind', 'prefix', 'releases'],
      properties: {
        query: { type: 'string' },
        kind: { enum: ['occupation', 'program'] },
        prefix: { type: 'boolean', description: 'The query is the start of a code: every code that starts so is listed.' },
        title: { type: 'string', description: 'The title of the code asked for, where a release gives one.' },
        releases: {
          type: 'array',
          description: 'Per release (oldest first; `preview` is the content shown, not a release).',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['release', 'total', 'codes'],
            properties: {
              release: { type: 'string' },
              total: { type: 'integer', minimum: 0, description: 'Codes that answer; `codes` holds the first 200.' },
              codes: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['code', 'heldBy'],
                  properties: {
                    code: { type: 'string' },
                    title: { type: 'string' },
                    heldBy: {
                      type: 'array',
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['id', 'type', 'title', 'parent', 'parentTitle', 'href'],
                        properties: {
                          id,
                          type: { const: 'subcluster' },
                          title: content('ContentDefinitions', 'title'),
                          parent: id,
                          parentTitle: { type: 'string' },
                          href,
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    NodeHistory: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'releases'],
      properties: {
        id,
        releases: {
          type: 'array',
          description: 'Every release, oldest first, then `preview` (the content shown) when it is not a release.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['release', 'present', 'successors', 'changed'],
            properties: {
              release: { type: 'string' },
              present: { type: 'boolean' },
              type: { enum: ['cluster', 'subcluster'] },
              title: content('ContentDefinitions', 'title'),
              parent: id,
              status: content('ContentDefinitions', 'status'),
              derivedFrom: { type: 'array', items: id },
              successors: {
                type: 'array',
                description: 'Nodes of that release whose `derivedFrom` names this one.',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'title'],
                  properties: { id, title: content('ContentDefinitions', 'title') },
                },
              },
              changed: {
                type: 'array',
                items: { enum: ['added', 'removed', 'title', 'parent', 'status', 'derivedFrom'] },
                description: 'What differs from the entry before.',
              },
            },
          },
        },
      },
    },
    OpenApiDocument: {
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } },
    },
    // 410 Gone for an id a later version replaced (history.ts `goneJson`; ADR 0019).
    Gone: goneSchema(id),
    Error: {
      type: 'object',
      additionalProperties: false,
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', pattern: '^[a-z]+(?:-[a-z]+)*$', description: 'Permanent, kebab-case.' },
            message: { type: 'string' },
          },
        },
      },
    },
  };
}

/** The 410 body of getNode: the replaced node, the version that replaced it, and its successors with shares. */
function goneSchema(id: Json): Json {
  const row = (name: string): Json => ref('ChangeSet', `/$defs/crosswalkRow/properties/${name}`);
  const node = {
    id,
    type: { enum: ['cluster', 'subcluster'] },
    title: { type: 'string' },
    parent: id,
    parentTitle: { type: 'string', description: 'Title of `parent` in that version.' },
  };
  return {
    type: 'object',
    additionalProperties: false,
    description: 'An id a later version replaced: never a dead end. Follow `successors` (by `href` where this server has them).',
    required: ['error', 'id', 'type', 'title', 'lastVersion', 'replacedIn', 'successors'],
    properties: {
      error: ref('Error', '/properties/error'),
      ...node,
      lastVersion: { type: 'string', description: 'The last version that holds the node.' },
      replacedIn: { type: 'string', description: 'The first version without it: the one that replaced it.' },
      successors: {
        type: 'array',
        description: 'The nodes of `replacedIn` that continue it, primary successor first (empty: retired).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'type', 'title', 'present', 'relation', 'share', 'shareBasis', 'partial', 'primary'],
          properties: {
            ...node,
            present: { type: 'boolean', description: 'Whether the content this server shows holds it.' },
            href: { type: 'string', description: 'Its node document here (it answers 410 too if it was replaced since).' },
            relation: row('relation'),
            share: row('share'),
            shareBasis: row('shareBasis'),
            partial: row('partial'),
            primary: row('primary'),
          },
        },
      },
      reason: { type: 'string', description: 'Why: the lineage note or retirement reason of the crosswalk row.' },
    },
  };
}

/**
 * The schemas `roots` reach, each as its own component: a ref into a component (`ChangeSet/$defs/crosswalkRow`)
 * becomes a ref to a component of that part (`ChangeSet.crosswalkRow`), so every component is used whole and tools
 * that only follow component refs (Redocly's no-unused-components) see them used. What nothing reaches is left out
 * (a static export has no diff, so no change set).
 */
function reachable(roots: unknown, schemas: Json): Json {
  const out: Json = {};
  const queue: string[] = [];
  const name = (target: string): string => {
    const [component = '', ...pointer] = target.split('/');
    const parts = pointer.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const lifted = parts[0] === '$defs' ? [component, ...parts.slice(1)] : [component, ...parts];
    const key = lifted.join('.');
    if (!(key in out)) {
      let node: unknown = schemas[component];
      for (const p of parts) node = (node as Json | undefined)?.[p];
      if (node === undefined) throw new Error(`Unresolved $ref #/components/schemas/${target}`);
      out[key] = node;
      queue.push(key);
    }
    return key;
  };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const copy: Json = {};
    for (const [k, v] of Object.entries(node)) {
      const target = k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMAS) ? v.slice(SCHEMAS.length) : undefined;
      // Every $defs entry is lifted out on use, so a component keeps none.
      if (k === '$defs' && typeof v === 'object') continue;
      copy[k] = target === undefined ? rewrite(v) : `${SCHEMAS}${name(target)}`;
    }
    return copy;
  };
  const rewritten = rewrite(roots);
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) out[key] = rewrite(out[key]);
  return {
    roots: rewritten,
    schemas: Object.fromEntries(
      Object.keys(out)
        .sort()
        .map((k) => [k, out[k]]),
    ),
  };
}

const SCHEMAS = '#/components/schemas/';

/** The static export's files: what `ccf build-site` wrote, by API path (`/clusters/x.json`). */
export interface StaticLayout {
  clusters: string[];
  nodes: string[];
  releases: { version: string; files: { name: string; type: string }[]; clusters: string[]; nodes: string[] }[];
}

/** What unpinned requests answer from, as the document states it (ADR 0020). */
export interface ApiDefaults {
  /** A version, or `preview` (the content shown, not a release). */
  release: string;
  windowDays: number;
  policy: 'content' | 'release';
}

const JSON_MEDIA = 'application/json';
const mediaOf = (type: string): string => type.split(';')[0]!.trim();

/**
 * The OpenAPI 3.1 description of /api/v1: of the live server, or (`layout` given) of the files a static export
 * holds — only those paths, by their file names, GET only, and no status a plain file host would not send.
 */
export function openApiDocument(base: string, layout?: StaticLayout, defaults?: ApiDefaults): Json {
  const live = !layout;
  const shown = defaults?.release ?? 'preview';
  const ETag = { $ref: '#/components/headers/ETag' };
  const cacheControl = { $ref: '#/components/headers/Cache-Control' };
  const releaseHeader = { $ref: '#/components/headers/CCF-Release' };
  const ok = (schema: Json | undefined, description: string, media = JSON_MEDIA, pinned = false): Json => ({
    description,
    ...(live ? { headers: { ETag, 'Cache-Control': cacheControl, ...(pinned ? { 'CCF-Release': releaseHeader } : {}) } } : {}),
    content: { [media]: schema ? { schema } : {} },
  });
  const releaseParam: Json = {
    name: 'release',
    in: 'query',
    required: false,
    description:
      defaults?.policy === 'release'
        ? `The release to answer from. Default: release ${shown}, the latest release except for ${defaults.windowDays} days after a new major release (docs/decisions/0020-api-pinning.md). The \`CCF-Release\` header names the release each answer comes from.`
        : `The release to answer from. Default: the content this server shows (${shown === 'preview' ? 'the work tree: a preview, not a release' : `release ${shown}`}); the \`CCF-Release\` header names it. Pin a release in production.`,
    schema: { type: 'string', pattern: VERSION_PATTERN, ...(shown !== 'preview' ? { default: shown } : {}) },
  };
  const pathVersion: Json = {
    name: 'version',
    in: 'path',
    required: true,
    description: 'A published version (see listReleases).',
    schema: { type: 'string', pattern: VERSION_PATTERN },
  };
  const r = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
  const error = (description: string): Json => ({ description, content: { [JSON_MEDIA]: { schema: ref('Error') } } });
  /** Statuses every live operation can send: refused before routing (guards), or a server failure. */
  const always: Json = live
    ? {
        304: r('NotModified'),
        403: r('CrossSite'),
        405: r('MethodNotAllowed'),
        414: r('UriTooLong'),
        421: r('MisdirectedRequest'),
        503: r('Unavailable'),
      }
    : // A file host answers a request it refuses (a method it does not serve, a path it does not have) its own way.
      { '4XX': { description: 'Refused by the file host: its own status, headers and body (a path not listed here does not exist).' } };
  const op = (operationId: string, tag: string, summary: string, description: string, responses: Json, parameters?: Json[]): Json => ({
    get: {
      operationId,
      tags: [tag],
      summary,
      description,
      ...(parameters ? { parameters } : {}),
      responses: { ...responses, ...always },
    },
  });
  const idParam = (description: string, ids?: string[]): Json => ({
    name: 'id',
    in: 'path',
    required: true,
    description,
    schema: ids ? { type: 'string', enum: ids } : { type: 'string', pattern: ID_PATTERN.source },
  });
  const versionParam = (name: 'from' | 'to', required: boolean): Json => ({
    name,
    in: 'query',
    required,
    description: `A release (\`@1.0.0\`) or a git ref (branch, tag, commit SHA).${name === 'to' ? ' Default: the content the server is showing.' : ''}`,
    schema: { type: 'string', maxLength: 200 },
  });
  const suffix = live ? '' : '.json';
  const searchQ: Json = {
    name: 'q',
    in: 'query',
    required: true,
    description: 'Words, an occupation title or a SOC code. An exact code or title ranks first; a plural finds the singular and back.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  };
  const releaseErrors = live
    ? {
        400: error('A malformed release (the message lists the releases)'),
        404: error('No such release (the message suggests the closest)'),
      }
    : {};

  const paths: Json = {
    [`/framework${suffix}`]: op(
      'getFramework',
      'Framework',
      'The whole framework, nested',
      'The frontmatter of framework.md, the introduction, counts, and every cluster with its sub-clusters in full.',
      { 200: ok(ref('Framework'), 'The framework', JSON_MEDIA, true), ...releaseErrors },
      live ? [releaseParam] : undefined,
    ),
    [`/clusters${suffix}`]: op(
      'listClusters',
      'Framework',
      'Every cluster with counts and its sub-clusters by id',
      'Clusters in framework order, without definitions; `href` links each cluster and sub-cluster document.',
      { 200: ok(ref('ClusterSummaries'), 'The clusters', JSON_MEDIA, true), ...releaseErrors },
      live ? [releaseParam] : undefined,
    ),
    [`/clusters/{id}${suffix}`]: op(
      'getCluster',
      'Framework',
      'One cluster with its sub-clusters in full',
      'A cluster by id; a sub-cluster id is not found here (use getNode).',
      {
        200: ok(ref('Cluster'), 'The cluster', JSON_MEDIA, true),
        ...releaseErrors,
        ...(live ? { 404: error('No cluster has this id, or no such release') } : {}),
      },
      [idParam('The cluster id', layout?.clusters), ...(live ? [releaseParam] : [])],
    ),
    [`/nodes/{id}${suffix}`]: op(
      'getNode',
      'Framework',
      'Any cluster or sub-cluster, with lineage both ways',
      'A cluster or sub-cluster by id, with the earlier nodes it continues and the nodes that continue it. An id that an earlier release held and a later one replaced answers 410 with its successors, their shares and the version that replaced it.',
      {
        200: ok(ref('Node'), 'The node', JSON_MEDIA, true),
        ...releaseErrors,
        ...(live
          ? {
              404: error('No node has this id, or no such release'),
              410: { description: 'A later version replaced it: its successors', content: { [JSON_MEDIA]: { schema: ref('Gone') } } },
            }
          : {}),
      },
      [idParam('The node id', layout?.nodes), ...(live ? [releaseParam] : [])],
    ),
    [`/lint${suffix}`]: op(
      'getLint',
      'Content',
      'Lint diagnostics of the content',
      'Every diagnostic of the content shown, sorted as `ccf lint` sorts them (schemas/lint-report.schema.json).',
      {
        200: ok(ref('Lint'), 'Diagnostics, sorted'),
        ...(live ? { 400: error('A `release` parameter: lint results are of the content shown') } : {}),
      },
    ),
    [`/releases${suffix}`]: op(
      'listReleases',
      'Releases',
      'Published releases and their files',
      'An array: every release, newest first, and each of its files with size, media type, ETag and link.',
      {
        200: ok(ref('Releases'), 'Releases, newest first'),
        ...(live ? { 400: error('A `release` parameter: this lists every release') } : {}),
      },
    ),
    '/openapi.json': op('getOpenApi', 'Meta', 'This document', 'The OpenAPI 3.1 description of this API.', {
      200: ok(ref('OpenApiDocument'), 'OpenAPI 3.1'),
    }),
  };

  // The release feeds and versions.json (issue 18): the same documents on a live server and in an export.
  paths[`/versions${suffix}`] = op(
    'getVersions',
    'Releases',
    'Every release: date, source commit, manifest SHA-256, edition',
    'Made from releases/index.json: each release by version, with the SHA-256 of its manifest.json (which pins every file; `ccf verify` checks the chain) and the URL of that manifest.',
    { 200: ok(ref('Versions'), 'versions.json') },
  );
  paths['/releases.atom'] = op(
    'getReleasesAtom',
    'Releases',
    'The releases as an Atom 1.0 feed',
    'One entry per release, newest first: the number of changes of each kind since the previous release, and links to the change report with the crosswalk, crosswalk.csv, CHANGELOG.md and manifest.json. Dates come from releases/index.json.',
    {
      200: ok({ type: 'string' }, 'Atom 1.0 (RFC 4287)', 'application/atom+xml'),
      ...(live ? { 501: error('This server was started without the release feeds') } : {}),
    },
  );
  paths[`/feed${suffix}`] = op(
    'getReleasesJsonFeed',
    'Releases',
    'The releases as a JSON Feed',
    'The entries of getReleasesAtom as a JSON Feed (jsonfeed.org); each item carries the figures in its `_ccf` extension.',
    {
      200: ok(
        {
          type: 'object',
          required: ['version', 'title', 'items'],
          properties: {
            version: { type: 'string', description: 'The JSON Feed version URL.' },
            title: { type: 'string' },
            items: { type: 'array', items: { type: 'object', description: 'One release.' } },
          },
        },
        'JSON Feed',
        // A static host types feed.json by its extension; the live server names the JSON Feed media type.
        live ? 'application/feed+json' : JSON_MEDIA,
      ),
      ...(live ? { 501: error('This server was started without the release feeds') } : {}),
    },
  );

  if (live) {
    paths['/search'] = op(
      'search',
      'Framework',
      'Search the framework',
      'Searches titles, aliases, definitions, SOC codes and occupation titles; results best first.',
      {
        200: ok(ref('SearchResults'), 'Results, best first', JSON_MEDIA, true),
        ...releaseErrors,
        400: error('Missing, blank or too long `q`, or a malformed release'),
      },
      [searchQ, releaseParam],
    );
    const codeParam = (kind: 'soc' | 'cip'): Json => ({
      name: kind,
      in: 'path',
      required: true,
      description:
        kind === 'soc'
          ? 'An O*NET-SOC code (`15-1252.00`), a SOC 2018 code (`15-1252`, which also finds the O*NET-SOC codes under it), or the start of one (`15-12`: every code that starts so).'
          : 'A CIP 2020 code (`11.0701`), or the start of one (`11.07`: every code that starts so).',
      schema: { type: 'string', maxLength: 16 },
    });
    const lookupOp = (kind: 'soc' | 'cip', pinnedPath: boolean): Json =>
      op(
        `${kind === 'soc' ? 'getOccupation' : 'getProgram'}${pinnedPath ? 'InRelease' : ''}`,
        'Lookups',
        kind === 'soc'
          ? 'Which sub-clusters hold an occupation code, per release'
          : 'Which sub-clusters hold a program (CIP) code, per release',
        `Every code that answers (one, or all that start with a prefix; at most ${200} per release), with the sub-clusters and clusters that hold it, for ${pinnedPath ? 'this release' : 'every release (oldest first) and the content shown when it is a preview; `?release=` asks for one'}.`,
        {
          200: ok(ref('CodeLookup'), 'The code, per release', JSON_MEDIA, false),
          400: error(`A malformed ${kind === 'soc' ? 'occupation' : 'program'} code, or a malformed release`),
          404: error('No release holds the code (the message suggests the closest), or no such release'),
        },
        pinnedPath ? [pathVersion, codeParam(kind)] : [codeParam(kind), releaseParam],
      );
    paths['/occupations/{soc}'] = lookupOp('soc', false);
    paths['/programs/{cip}'] = lookupOp('cip', false);
    paths['/nodes/{id}/history'] = op(
      'getNodeHistory',
      'Changes',
      "A node's history, release by release",
      'For every release (oldest first) and the content shown when it is a preview: whether the node is there, its title, parent, status and `derivedFrom`, the nodes that continue it (`successors`), and what changed since the entry before.',
      {
        200: ok(ref('NodeHistory'), 'The history'),
        400: error('A `release` parameter (a history spans every release)'),
        404: error('No release and not the content has or continues this id'),
      },
      [idParam('The node id')],
    );
    paths['/changes'] = op(
      'getChanges',
      'Changes',
      'The change set between two releases',
      'Every change from release `from` to release `to` (either order), the semver bump they need and the crosswalk (schemas/changeset.schema.json); computed once per pair.',
      {
        200: ok(ref('ChangeSet'), 'The change set'),
        400: error('A missing or malformed release (the message lists the releases)'),
        404: error('No such release (the message suggests the closest)'),
        501: error('This server cannot compare versions'),
      },
      (['from', 'to'] as const).map((name) => ({
        name,
        in: 'query',
        required: true,
        description: `A release version (\`2.0.0\`; \`@2.0.0\` is read the same).`,
        schema: { type: 'string', maxLength: 200 },
      })),
    );
    // The same documents under a release's path, for clients (and CDNs) that cannot send a query string.
    const inRelease = (
      operationId: string,
      summary: string,
      schema: string,
      extra: Json[] = [],
      notFound = 'No such release (the message suggests the closest)',
    ): Json =>
      op(
        operationId,
        'Releases',
        summary,
        'The document of the same name without `/releases/{version}`, as it is in that release (never the work tree).',
        { 200: ok(ref(schema), summary, JSON_MEDIA, true), 400: error('A malformed version'), 404: error(notFound) },
        [pathVersion, ...extra],
      );
    paths['/releases/{version}/clusters'] = inRelease('listClustersInRelease', 'The clusters of a release', 'ClusterSummaries');
    paths['/releases/{version}/clusters/{id}'] = inRelease(
      'getClusterInRelease',
      'One cluster of a release',
      'Cluster',
      [idParam('The cluster id')],
      'No such release, or no cluster with this id in it',
    );
    paths['/releases/{version}/nodes/{id}'] = inRelease(
      'getNodeInRelease',
      'One node of a release',
      'Node',
      [idParam('The node id')],
      'No such release, or no node with this id in it',
    );
    paths['/releases/{version}/search'] = inRelease('searchInRelease', 'Search a release', 'SearchResults', [searchQ]);
    paths['/releases/{version}/occupations/{soc}'] = lookupOp('soc', true);
    paths['/releases/{version}/programs/{cip}'] = lookupOp('cip', true);
    const jsonFile = {
      anyOf: [
        ref('PublishedFramework'),
        ref('Manifest'),
        {
          type: 'object',
          description: 'case.json (a CASE 1.1 CFPackage) or datapackage.json (a Frictionless Data Package v2), by their own standards.',
        },
      ],
    };
    paths['/releases/{version}/{file}'] = op(
      'getReleaseFile',
      'Releases',
      'A published file, byte for byte (immutable)',
      'A file listed by listReleases, exactly as published; any site may read it (CORS). framework.json follows schemas/published/framework.schema.json, manifest.json schemas/published/manifest.schema.json.',
      {
        200: {
          description: 'The file',
          headers: { ETag, 'Cache-Control': cacheControl },
          content: {
            [JSON_MEDIA]: { schema: jsonFile },
            'text/csv': { schema: { type: 'string' } },
            'text/tab-separated-values': { schema: { type: 'string' } },
            'text/markdown': { schema: { type: 'string' } },
            'text/plain': { schema: { type: 'string' } },
            // crosswalk.svg (from 2.1.1): the change as a flow diagram.
            'image/svg+xml': { schema: { type: 'string' } },
            // Binary files: bytes, no schema.
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {},
            'application/zip': {},
            'application/octet-stream': {},
          },
        },
        404: error('No such release or file'),
        500: error('The file fails its manifest.json entry, or the manifest fails releases/index.json'),
      },
      [
        {
          name: 'version',
          in: 'path',
          required: true,
          description: 'A published version.',
          schema: { type: 'string', pattern: VERSION_PATTERN },
        },
        {
          name: 'file',
          in: 'path',
          required: true,
          description: 'A file name listed in the release.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
        },
      ],
    );
    // A release file is for any site: a browser asks before a revalidating (If-None-Match) cross-origin GET.
    (paths['/releases/{version}/{file}'] as Json)['options'] = {
      operationId: 'preflightReleaseFile',
      tags: ['Releases'],
      summary: 'CORS preflight of a published file',
      description: 'Any site may GET a published file, with If-None-Match; the answer may be cached for a day.',
      parameters: ((paths['/releases/{version}/{file}'] as Json)['get'] as Json)['parameters'],
      responses: {
        204: {
          description: 'Allowed: GET, HEAD and OPTIONS from any origin',
          headers: {
            'Access-Control-Allow-Origin': { description: '`*`', schema: { const: '*' } },
            'Access-Control-Allow-Methods': { description: 'The methods allowed', schema: { type: 'string' } },
          },
        },
        414: r('UriTooLong'),
        421: r('MisdirectedRequest'),
        503: r('Unavailable'),
      },
    };
    const diffErrors = {
      400: error('Missing, malformed or refused version, or an unknown format'),
      404: error('Unknown version'),
      501: error('This server cannot compare versions'),
    };
    paths['/diff'] = op(
      'getDiff',
      'Changes',
      'The change set between two versions',
      'Every change between `from` and `to`, the semver bump they need and the crosswalk (schemas/changeset.schema.json). A comparison that takes too long is a 503.',
      { 200: ok(ref('ChangeSet'), 'The change set'), ...diffErrors },
      [versionParam('from', true), versionParam('to', false)],
    );
    paths['/crosswalk'] = op(
      'getCrosswalk',
      'Changes',
      'The crosswalk old → new, as JSON, CSV or an .xlsx workbook',
      'One row per old or new node: where each went (schemas/changeset.schema.json#/$defs/crosswalkRow); CSV and xlsx as an attachment.',
      {
        200: {
          description: 'The crosswalk',
          headers: { ETag, 'Cache-Control': cacheControl },
          content: {
            [JSON_MEDIA]: { schema: ref('Crosswalk') },
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
            },
          },
        },
        ...diffErrors,
      },
      [
        versionParam('from', true),
        versionParam('to', false),
        {
          name: 'format',
          in: 'query',
          description: 'The representation.',
          schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' },
        },
      ],
    );
  } else {
    // One path per published file: each has its own media type, and framework.json and manifest.json their schema.
    for (const release of layout.releases) {
      const pathForm = (path: string, operationId: string, summary: string, schema: string, ids?: string[]): void => {
        paths[`/releases/${release.version}${path}.json`] = op(
          `${operationId}-${release.version}`,
          'Releases',
          `Release ${release.version}: ${summary}`,
          'The document of the same name without `/releases/<version>`, as it is in that release.',
          { 200: ok(ref(schema), summary) },
          ids ? [idParam('The id', ids)] : undefined,
        );
      };
      if (release.clusters.length) {
        pathForm('/clusters', 'listClustersInRelease', 'the clusters', 'ClusterSummaries');
        pathForm('/clusters/{id}', 'getClusterInRelease', 'one cluster', 'Cluster', release.clusters);
        pathForm('/nodes/{id}', 'getNodeInRelease', 'one node', 'Node', release.nodes);
      }
      for (const file of release.files) {
        const media = mediaOf(file.type);
        const schema =
          file.name === 'framework.json'
            ? ref('PublishedFramework')
            : file.name === 'manifest.json'
              ? ref('Manifest')
              : media === JSON_MEDIA
                ? { type: 'object' }
                : media.startsWith('text/')
                  ? { type: 'string' }
                  : undefined;
        paths[`/releases/${release.version}/${file.name}`] = op(
          `getRelease-${release.version}-${file.name}`,
          'Releases',
          `Release ${release.version}: ${file.name}`,
          'A published file, byte for byte.',
          { 200: ok(schema, file.name, media) },
        );
      }
    }
  }

  const contractComponents = Object.fromEntries(
    Object.entries(COMPONENTS).map(([path, name]) => [name, bundle(path, CONTRACT_SCHEMAS[path])]),
  );
  const responses: Json = live
    ? {
        NotModified: { description: 'Not modified: the If-None-Match ETag is current.', headers: { ETag } },
        CrossSite: error('Refused: a page of another site made the request (Sec-Fetch-Site)'),
        MethodNotAllowed: {
          ...error('Any method but GET and HEAD (and OPTIONS for a release file)'),
          headers: { Allow: { $ref: '#/components/headers/Allow' } },
        },
        UriTooLong: error('The URL is longer than 4096 characters'),
        MisdirectedRequest: error('The Host header names a host this server does not answer to (DNS rebinding)'),
        Unavailable: error('The server failed, or a comparison took too long; try again'),
      }
    : {};
  const { roots, schemas } = reachable({ paths, responses }, { ...contractComponents, ...apiSchemas() }) as {
    roots: { paths: Json; responses: Json };
    schemas: Json;
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'ccf read API',
      version: '1.0.0',
      description: live
        ? 'The National Career Clusters® Framework as data. Every document carries a strong ETag (send If-None-Match for a 304); published release files never change and are served immutable. Errors are `{error: {code, message}}`.'
        : 'The National Career Clusters® Framework as data: a static export (`ccf build-site`). Only the files listed here exist; each is served as it is by the file host, so its status codes and headers are that host’s.',
      license: { name: 'MIT', identifier: 'MIT' },
      ...(live
        ? {
            'x-ccf-default-release': {
              release: shown,
              policy: defaults?.policy ?? 'content',
              windowDays: defaults?.windowDays ?? 90,
              description:
                'What a request without `?release=` answers from: `preview` is the content the server shows (a work tree, not a release). With the `release` policy, the latest release, except that for `windowDays` after the first release of a new major line it stays on the previous line.',
            },
          }
        : {}),
    },
    servers: [{ url: `${base}api/v1`, description: live ? 'This server' : 'This export' }],
    security: [],
    tags: [
      { name: 'Framework', description: 'The framework the server shows: clusters and sub-clusters.' },
      { name: 'Content', description: 'The state of the content.' },
      { name: 'Releases', description: 'Published releases, byte for byte.' },
      ...(live
        ? [
            { name: 'Changes', description: 'What changed between two versions.' },
            { name: 'Lookups', description: 'Which clusters and sub-clusters hold an occupation or program code.' },
          ]
        : []),
      { name: 'Meta', description: 'This description.' },
    ],
    paths: roots.paths,
    components: {
      ...(live
        ? {
            headers: {
              ETag: { description: 'Strong validator of the body.', schema: { type: 'string' } },
              'Cache-Control': { description: '`no-cache`, or `immutable` for a published file.', schema: { type: 'string' } },
              Allow: { description: 'The methods the path answers.', schema: { type: 'string' } },
              'CCF-Release': {
                description:
                  'The release the answer comes from, or `preview`: the content shown, which is not a release (the editor’s work tree).',
                schema: { type: 'string' },
              },
            },
            responses: roots.responses,
          }
        : {}),
      schemas,
    },
  };
}
