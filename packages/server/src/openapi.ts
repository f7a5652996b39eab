import { ID_PATTERN, VERSION_PATTERN } from '@ccf/core';
/** The OpenAPI 3.1 description of /api/v1, checked against the real routes by a test. */
export function openApiDocument(base: string): Record<string, unknown> {
  const json = (schema: Record<string, unknown>, description: string): Record<string, unknown> => ({
    description,
    headers: { ETag: { $ref: '#/components/headers/ETag' } },
    content: { 'application/json': { schema } },
  });
  const error = (description: string): Record<string, unknown> => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const notModified = { description: 'Not modified: the If-None-Match ETag is current.' };
  const idParam = (name: string, description: string): Record<string, unknown> => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string', pattern: ID_PATTERN.source },
  });
  const versionParam = (name: 'from' | 'to', required: boolean): Record<string, unknown> => ({
    name,
    in: 'query',
    required,
    description: `A release (\`@1.0.0\`) or a git ref (branch, tag, commit SHA).${name === 'to' ? ' Default: the content the server is showing.' : ''}`,
    schema: { type: 'string', maxLength: 200 },
  });
  const object = { type: 'object' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'ccf read API',
      version: '1.0.0',
      description:
        'The National Career Clusters® Framework as data. Every document carries a strong ETag (send If-None-Match for a 304); published release files never change and are served immutable. Errors are `{error: {code, message}}`.',
    },
    servers: [{ url: `${base}api/v1` }],
    paths: {
      '/framework': {
        get: {
          operationId: 'getFramework',
          summary: 'The whole framework, nested',
          responses: { 200: json(object, 'The framework'), 304: notModified },
        },
      },
      '/clusters': {
        get: {
          operationId: 'listClusters',
          summary: 'Every cluster with counts and its sub-clusters by id',
          responses: { 200: json({ type: 'array', items: object }, 'The clusters'), 304: notModified },
        },
      },
      '/clusters/{id}': {
        get: {
          operationId: 'getCluster',
          summary: 'One cluster with its sub-clusters in full',
          parameters: [idParam('id', 'The cluster id')],
          responses: { 200: json(object, 'The cluster'), 304: notModified, 404: error('No cluster has this id') },
        },
      },
      '/nodes/{id}': {
        get: {
          operationId: 'getNode',
          summary: 'Any cluster or sub-cluster, with lineage both ways',
          parameters: [idParam('id', 'The node id')],
          responses: { 200: json(object, 'The node'), 304: notModified, 404: error('No node has this id') },
        },
      },
      '/search': {
        get: {
          operationId: 'search',
          summary: 'Search titles, aliases, definitions, SOC codes and occupation titles',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
          responses: { 200: json(object, 'Results, best first'), 304: notModified, 400: error('Missing or too long query') },
        },
      },
      '/lint': {
        get: {
          operationId: 'getLint',
          summary: 'Lint diagnostics of the content',
          responses: { 200: json(object, 'Diagnostics, sorted'), 304: notModified },
        },
      },
      '/releases': {
        get: {
          operationId: 'listReleases',
          summary: 'Published releases and their files',
          responses: { 200: json(object, 'Releases, newest first'), 304: notModified },
        },
      },
      '/releases/{version}/{file}': {
        get: {
          operationId: 'getReleaseFile',
          summary: 'A published file, byte for byte (immutable)',
          parameters: [
            {
              name: 'version',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: VERSION_PATTERN },
            },
            { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' } },
          ],
          responses: {
            200: { description: 'The file', headers: { ETag: { $ref: '#/components/headers/ETag' } }, content: { '*/*': {} } },
            304: notModified,
            404: error('No such release or file'),
            500: error('The file fails its manifest.json entry, or the manifest fails releases/index.json'),
          },
        },
      },
      '/diff': {
        get: {
          operationId: 'getDiff',
          summary: 'The change set between two versions',
          parameters: [versionParam('from', true), versionParam('to', false)],
          responses: {
            200: json(object, 'The change set'),
            304: notModified,
            400: error('Bad version'),
            404: error('Unknown version'),
            501: error('Diff not available'),
          },
        },
      },
      '/crosswalk': {
        get: {
          operationId: 'getCrosswalk',
          summary: 'The crosswalk old → new, as JSON or CSV',
          parameters: [
            versionParam('from', true),
            versionParam('to', false),
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
          ],
          responses: {
            200: {
              description: 'The crosswalk',
              headers: { ETag: { $ref: '#/components/headers/ETag' } },
              content: { 'application/json': { schema: object }, 'text/csv': { schema: { type: 'string' } } },
            },
            304: notModified,
            400: error('Bad version or format'),
            404: error('Unknown version'),
            501: error('Diff not available'),
          },
        },
      },
      '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', responses: { 200: json(object, 'OpenAPI 3.1') } } },
    },
    components: {
      headers: { ETag: { description: 'Strong validator of the body', schema: { type: 'string' } } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  };
}
