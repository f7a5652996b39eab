import { CASE_API_PATH } from '@ccf/core';

/** The file name of the discovery document, under `<CASE root>discovery/`, as the CASE 1.1 REST binding gives it. */
export const CASE_DISCOVERY_FILE = 'imscasev1p1_openapi3_v1p0.json';

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: json(ref('imsx_StatusInfo')) });

/** The operations ccf answers: path, operationId, the schema of the 200 body. */
const OPERATIONS: [path: string, id: string, body: string, summary: string][] = [
  ['/CFDocuments/{sourcedId}', 'getCFDocument', 'CFDocument', 'A CFDocument (one per edition of the framework).'],
  ['/CFPackages/{sourcedId}', 'getCFPackage', 'CFPackage', 'The CFPackage of a CFDocument, as the newest release published it.'],
  ['/CFItems/{sourcedId}', 'getCFItem', 'CFItem', 'A CFItem: a cluster or sub-cluster.'],
  ['/CFItemAssociations/{sourcedId}', 'getCFItemAssociations', 'CFAssociationSet', 'A CFItem and its associations.'],
  ['/CFAssociations/{sourcedId}', 'getCFAssociation', 'CFAssociation', 'A CFAssociation.'],
  ['/CFAssociationGroupings/{sourcedId}', 'getCFAssociationGrouping', 'CFRecord', 'A CFAssociationGrouping.'],
  ['/CFConcepts/{sourcedId}', 'getCFConcept', 'CFConceptSet', 'A CFConcept and those below it.'],
  ['/CFItemTypes/{sourcedId}', 'getCFItemType', 'CFItemTypeSet', 'A CFItemType and those below it.'],
  ['/CFLicenses/{sourcedId}', 'getCFLicense', 'CFRecord', 'A CFLicense.'],
  ['/CFSubjects/{sourcedId}', 'getCFSubject', 'CFSubjectSet', 'A CFSubject and those below it.'],
];

const record = { type: 'object', required: ['identifier', 'uri'], properties: { identifier: { type: 'string' }, uri: { type: 'string' } } };
const setOf = (key: string) => ({ type: 'object', required: [key], properties: { [key]: { type: 'array', items: record } } });

/**
 * The discovery OpenAPI document of ccf's CASE 1.1 provider: the read operations it answers, under
 * `<baseUrl>ims/case/v1p1`. Record shapes are the official CASE 1.1 JSON schema's; here only their keys.
 */
export function caseOpenApi(baseUrl: string): Record<string, unknown> {
  const sourcedId = {
    name: 'sourcedId',
    in: 'path',
    required: true,
    description: 'The identifier (a UUID) of the record.',
    schema: { type: 'string', format: 'uuid' },
  };
  const errors = {
    '400': error('A malformed identifier (invalid_uuid) or parameter (invalid_selection_field, invalid_sort_field).'),
    '404': error('No release published a record with this identifier (unknownobject).'),
    '405': error('A method other than GET, HEAD or OPTIONS (forbidden).'),
    '414': error('A URL longer than the server accepts (invalid_selection_field).'),
  };
  const paths: Record<string, unknown> = {
    '/CFDocuments': {
      get: {
        operationId: 'getAllCFDocuments',
        tags: ['CASE'],
        summary: 'Every CFDocument of every release (the newest state of each).',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, default: 100 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'A text field of CFDocument.' },
          { name: 'orderBy', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'] } },
          {
            name: 'filter',
            in: 'query',
            schema: { type: 'string' },
            description: "field<op>'value' (= != > >= < <= ~), joined by AND or by OR.",
          },
          { name: 'fields', in: 'query', schema: { type: 'string' }, description: 'Comma-separated CFDocument fields to return.' },
        ],
        responses: {
          '200': {
            description: 'A page of CFDocuments.',
            headers: {
              'X-Total-Count': { schema: { type: 'integer' }, description: 'How many CFDocuments match, across pages.' },
              Link: { schema: { type: 'string' }, description: 'RFC 8288 links: first, last, next, prev.' },
            },
            content: json(ref('CFDocumentSet')),
          },
          ...errors,
        },
      },
    },
  };
  for (const [path, operationId, body, summary] of OPERATIONS)
    paths[path] = {
      get: {
        operationId,
        tags: ['CASE'],
        summary,
        parameters: [sourcedId],
        responses: { '200': { description: summary, content: json(ref(body)) }, ...errors },
      },
    };
  return {
    openapi: '3.1.0',
    info: {
      title: 'CASE 1.1 provider (ccf)',
      version: '1.1',
      description: 'The 1EdTech CASE 1.1 REST binding, read operations, over every release ccf published. No authentication.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    externalDocs: {
      description: '1EdTech CASE 1.1 REST/JSON binding',
      url: 'https://www.imsglobal.org/sites/default/files/spec/case/v1p1/rest_binding/caseservicev1p1_restbindv1p0.html',
    },
    servers: [{ url: `${baseUrl}${CASE_API_PATH.replace(/\/$/, '')}` }],
    security: [],
    tags: [{ name: 'CASE', description: 'Competencies and Academic Standards Exchange 1.1' }],
    paths,
    components: {
      schemas: {
        CFRecord: record,
        CFDocument: { ...record, required: ['identifier', 'uri', 'creator', 'title', 'lastChangeDateTime', 'CFPackageURI'] },
        CFItem: { ...record, required: ['identifier', 'uri', 'fullStatement', 'lastChangeDateTime', 'CFDocumentURI'] },
        CFAssociation: {
          ...record,
          required: ['identifier', 'uri', 'associationType', 'originNodeURI', 'destinationNodeURI', 'lastChangeDateTime'],
        },
        CFPackage: { type: 'object', required: ['CFDocument'], properties: { CFDocument: record, CFItems: { type: 'array' } } },
        CFDocumentSet: setOf('CFDocuments'),
        CFAssociationSet: {
          type: 'object',
          required: ['CFItem', 'CFAssociations'],
          properties: { CFItem: record, CFAssociations: { type: 'array', items: record } },
        },
        CFConceptSet: setOf('CFConcepts'),
        CFItemTypeSet: setOf('CFItemTypes'),
        CFSubjectSet: setOf('CFSubjects'),
        imsx_StatusInfo: {
          type: 'object',
          required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: { type: 'string', enum: ['success', 'processing', 'failure', 'unsupported'] },
            imsx_severity: { type: 'string', enum: ['status', 'warning', 'error'] },
            imsx_description: { type: 'string' },
            imsx_codeMinor: {
              type: 'object',
              properties: {
                imsx_codeMinorField: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['imsx_codeMinorFieldName', 'imsx_codeMinorFieldValue'],
                    properties: { imsx_codeMinorFieldName: { type: 'string' }, imsx_codeMinorFieldValue: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
