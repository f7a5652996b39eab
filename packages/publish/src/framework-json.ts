import type { ClusterNode, Framework, PublishedFramework, PublishedNodeProperties, PublishedText, SubclusterNode } from '@ccf/core';
import { nodeFields, schemaUrl } from '@ccf/core';
import { plain } from './text.js';
import { caseItemId } from './ids.js';

/** The `$schema` of a published file: `schemas/published/<file>` of the repository, served under the base URL. */
export function publishedSchemaUrl(baseUrl: string, file: 'framework' | 'manifest' | 'releases-index'): string {
  return schemaUrl(baseUrl, `published/${file}.schema.json`);
}

/** Bumped only for a breaking change to framework.json's shape (readers check it). */
export const FORMAT_VERSION = 1;

function text(markdown: string): PublishedText {
  return { markdown, text: plain(markdown) };
}

function base(node: ClusterNode | SubclusterNode): Omit<PublishedNodeProperties, 'type'> {
  const { id, ...fields } = nodeFields(node);
  return { id, caseId: caseItemId(id), ...fields, definition: text(node.definition), file: node.file };
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
    introduction: text(framework.introduction),
    clusters: framework.clusters.map((c) => ({
      ...base(c),
      type: 'cluster' as const,
      crossCutting: c.crossCutting,
      ...(c.grouping !== undefined ? { grouping: c.grouping } : {}),
      subclusters: c.children.map((s) => ({
        ...base(s),
        type: 'subcluster' as const,
        parent: s.parent,
        soc: s.soc.map((l) => ({ ...link(l), ...(l.epGrouping ? { epGrouping: true as const } : {}) })),
        cip: s.cip.map(link),
        naics: s.naics.map(link),
        ...(s.linkProvenance ? { linkProvenance: s.linkProvenance } : {}),
      })),
    })),
  };
}

/** A link as published: its code, then its title when it has one (a fixed key order keeps the bytes stable). */
function link<L extends { code: string; title?: string }>(l: L): { code: L['code']; title?: string } {
  return { code: l.code, ...(l.title !== undefined ? { title: l.title } : {}) };
}
