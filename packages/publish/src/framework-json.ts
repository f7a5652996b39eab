import type {
  ClusterNode,
  Framework,
  ProgramNode,
  PublishedFramework,
  PublishedNodeProperties,
  PublishedProgram,
  PublishedText,
  SubclusterNode,
} from '@ccf/core';
import { nodeFields, schemaUrl } from '@ccf/core';
import { plain } from './text.js';
import { caseNodeId } from './ids.js';

/** The `$schema` of a published file: `schemas/published/<file>` of the repository, served under the base URL. */
export function publishedSchemaUrl(baseUrl: string, file: 'framework' | 'manifest' | 'releases-index' | 'versions'): string {
  return schemaUrl(baseUrl, `published/${file}.schema.json`);
}

/** Bumped only for a breaking change to framework.json's shape (readers check it). */
export const FORMAT_VERSION = 1;

function text(markdown: string): PublishedText {
  return { markdown, text: plain(markdown) };
}

function base(framework: Framework, node: ClusterNode | SubclusterNode): Omit<PublishedNodeProperties, 'type'> {
  const { id, ...fields } = nodeFields(node);
  return {
    id,
    caseId: caseNodeId(framework, node),
    ...fields,
    definition: text(node.definition),
    file: node.file,
    // A state framework's nodes say where they come from; a national framework's have none of these keys.
    ...(node.origin !== undefined ? { origin: node.origin } : {}),
    ...(node.baseVersion !== undefined ? { baseVersion: node.baseVersion } : {}),
    ...(node.stateChanges?.length ? { stateChanges: node.stateChanges as NonNullable<PublishedNodeProperties['stateChanges']> } : {}),
    ...(node.scope !== undefined ? { scope: node.scope } : {}),
    ...(node.effective !== undefined ? { effective: node.effective } : {}),
  };
}

function program(framework: Framework, p: ProgramNode): PublishedProgram {
  return {
    id: p.id,
    type: 'program',
    caseId: caseNodeId(framework, p),
    title: p.title,
    parent: p.parent,
    order: p.order,
    cip: p.cip,
    courses: p.courses.map((c) => ({ code: c.code, title: c.title })),
    credentials: p.credentials,
    ...(p.scope !== undefined ? { scope: p.scope } : {}),
    ...(p.effective !== undefined ? { effective: p.effective } : {}),
    definition: text(p.definition),
    file: p.file,
    origin: 'state',
  };
}

/**
 * The framework.json object for a framework; `date` is the normalized source date, when there is one, and `baseUrl`
 * the base of its absolute URLs (written as its `baseUrl`).
 */
export function toPublishedFramework(framework: Framework, date: string | undefined, baseUrl: string): PublishedFramework {
  const m = framework.meta;
  return {
    $schema: publishedSchemaUrl(baseUrl, 'framework'),
    formatVersion: FORMAT_VERSION,
    id: m.id,
    title: m.title,
    version: m.version,
    edition: m.edition,
    publisher: m.publisher,
    license: m.license,
    attribution: m.attribution,
    baseUrl,
    terms: {
      ...(m.terms.grouping !== undefined ? { grouping: m.terms.grouping } : {}),
      cluster: m.terms.cluster,
      subcluster: m.terms.subcluster,
    },
    ...(m.groupings ? { groupings: m.groupings } : {}),
    ...(m.retired ? { retired: m.retired } : {}),
    ...(m.provenance ? { provenance: m.provenance } : {}),
    source: {
      ...(framework.source.commit !== undefined ? { commit: framework.source.commit } : {}),
      ...(date !== undefined ? { date } : {}),
    },
    ...(framework.overlay
      ? {
          overlay: {
            extends: framework.overlay.extends,
            base: {
              id: framework.overlay.base.id,
              title: framework.overlay.base.title,
              version: framework.overlay.base.version,
              ...(framework.overlay.base.commit !== undefined ? { commit: framework.overlay.base.commit } : {}),
              ...(framework.overlay.base.baseUrl !== undefined ? { baseUrl: framework.overlay.base.baseUrl } : {}),
            },
            state: framework.overlay.state,
            hidden: framework.overlay.hidden.map((h) => ({ id: h.id, type: h.type, title: h.title, reason: h.reason })),
          },
        }
      : {}),
    introduction: text(framework.introduction),
    clusters: framework.clusters.map((c) => ({
      ...base(framework, c),
      type: 'cluster' as const,
      crossCutting: c.crossCutting,
      ...(c.grouping !== undefined ? { grouping: c.grouping } : {}),
      subclusters: c.children.map((s) => ({
        ...base(framework, s),
        type: 'subcluster' as const,
        parent: s.parent,
        soc: s.soc.map((l) => ({ ...link(l), ...(l.epGrouping ? { epGrouping: true as const } : {}) })),
        cip: s.cip.map(link),
        naics: s.naics.map(link),
        ...(s.linkProvenance ? { linkProvenance: s.linkProvenance } : {}),
        ...(s.programs?.length ? { programs: s.programs.map((p) => program(framework, p)) } : {}),
      })),
    })),
  };
}

/** A link as published: its code, then its title when it has one (a fixed key order keeps the bytes stable). */
function link<L extends { code: string; title?: string }>(l: L): { code: L['code']; title?: string } {
  return { code: l.code, ...(l.title !== undefined ? { title: l.title } : {}) };
}
