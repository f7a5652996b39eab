import type { Change, ChangeSet, CrosswalkRow, Words } from './types.js';

/** Titles of every node on each side, from the crosswalk (which lists every node). */
export interface Titles {
  from: Map<string, string>;
  to: Map<string, string>;
}

const titlesCache = new WeakMap<ChangeSet, Titles>();

/** Every node's title on each side of a change set. */
export function titles(cs: ChangeSet): Titles {
  const known = titlesCache.get(cs);
  if (known) return known;
  const from = new Map<string, string>();
  const to = new Map<string, string>();
  for (const r of cs.crosswalk) {
    if (r.fromId !== null && r.fromTitle !== null) from.set(r.fromId, r.fromTitle);
    if (r.toId !== null && r.toTitle !== null) to.set(r.toId, r.toTitle);
  }
  titlesCache.set(cs, { from, to });
  return { from, to };
}

/** The level's name on the side a change is read from (`Career Pathway`, `Sub-Cluster`). */
export function levelName(cs: ChangeSet, c: Change): string {
  const terms = c.toIds.length ? cs.to.terms : cs.from.terms;
  return c.nodeType === 'cluster' ? terms.cluster : terms.subcluster;
}

/** `86%`: a share as a reader reads it; never 0% or 100% for a part. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '';
  const p = Math.round(share * 100);
  return `${share > 0 && p === 0 ? '<1' : share < 1 && p === 100 ? '>99' : p}%`;
}

const rowsCache = new WeakMap<ChangeSet, Map<string, CrosswalkRow[]>>();

/** Binds the message vocabulary to a change set and one of its changes. */
export function words(cs: ChangeSet, c: Change): Words {
  const t = titles(cs);
  return {
    old: (id) => [{ name: t.from.get(id) ?? id }, { text: ' (' }, { code: id }, { text: ')' }],
    neu: (id) => [{ name: t.to.get(id) ?? id }, { text: ' (' }, { code: id }, { text: ')' }],
    list: (ids, f) => ids.flatMap((id, i) => [...(i ? [{ text: i === ids.length - 1 ? ' and ' : ', ' }] : []), ...f(id)]),
    fromTitle: (id) => t.from.get(String(id)) ?? String(id),
    toTitle: (id) => t.to.get(String(id)) ?? String(id),
    level: levelName(cs, c),
    rowsFrom: (id) => {
      let byFrom = rowsCache.get(cs);
      if (!byFrom) {
        byFrom = new Map();
        for (const r of cs.crosswalk) if (r.fromId !== null && r.toId !== null) byFrom.set(r.fromId, [...(byFrom.get(r.fromId) ?? []), r]);
        rowsCache.set(cs, byFrom);
      }
      return byFrom.get(id) ?? [];
    },
  };
}

/** A field's name as a reviewer reads it. */
export function fieldLabel(field: string | undefined): string {
  switch (field) {
    case 'soc':
      return 'Occupations (SOC)';
    case 'cip':
      return 'Programs (CIP)';
    case 'naics':
      return 'Industries (NAICS)';
    case 'order':
      return 'Position';
    case 'crossCutting':
      return 'Cross-cutting flag';
    case 'grouping':
      return 'Grouping';
    default:
      return field?.startsWith('codes.') ? `${field.slice(6).toUpperCase()} code` : (field ?? 'A field');
  }
}
