import type { Change, ChangeKind, ChangeSet, ChangeSeverity } from './types.js';

/** Titles of every node on each side, from the crosswalk (which lists every node). */
export interface Titles {
  from: Map<string, string>;
  to: Map<string, string>;
}

const titlesCache = new WeakMap<ChangeSet, Titles>();

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

export const KIND_LABEL: Record<ChangeKind, string> = {
  removed: 'Removed',
  retired: 'Retired',
  merged: 'Merged',
  split: 'Split',
  moved: 'Moved',
  added: 'Added',
  renamed: 'Renamed',
  'field-changed': 'Field changed',
  redefined: 'Definition edited',
};

export const SEVERITY_LABEL: Record<ChangeSeverity, string> = {
  breaking: 'Breaking',
  notable: 'Notable',
  editorial: 'Editorial',
};

export const SEVERITY_HELP: Record<ChangeSeverity, string> = {
  breaking: 'ids that consumers store stop working or change meaning',
  notable: 'new nodes, new names or new links; existing ids still work',
  editorial: 'wording and spelling; nothing a system needs to change',
};

export const BUMP_HELP: Record<ChangeSet['bump'], string> = {
  major: 'a **major** release (breaking changes: systems that store these ids need a crosswalk)',
  minor: 'a **minor** release (additions and renames; existing ids keep working)',
  patch: 'a **patch** release (wording only)',
  none: 'no release (nothing in the framework changed)',
};

/** The level's name on the side a change is read from (`Career Pathway`, `Sub-Cluster`). */
export function levelName(cs: ChangeSet, c: Change): string {
  const terms = c.toIds.length ? cs.to.terms : cs.from.terms;
  return c.nodeType === 'cluster' ? terms.cluster : terms.subcluster;
}

export interface Sentence {
  /** Plain-text parts; `{ code }` parts are ids, `{ name }` parts are titles. */
  parts: ({ text: string } | { code: string } | { name: string })[];
}

/** One sentence saying what a change is, as parts a renderer escapes its own way. */
export function sentence(cs: ChangeSet, c: Change): Sentence['parts'] {
  const t = titles(cs);
  const level = levelName(cs, c);
  const old = (id: string) => [{ name: t.from.get(id) ?? id }, { text: ' (' }, { code: id }, { text: ')' }];
  const neu = (id: string) => [{ name: t.to.get(id) ?? id }, { text: ' (' }, { code: id }, { text: ')' }];
  const list = (ids: string[], f: (id: string) => Sentence['parts']) =>
    ids.flatMap((id, i) => [...(i ? [{ text: i === ids.length - 1 ? ' and ' : ', ' }] : []), ...f(id)]);
  const fromTitle = (id: unknown) => t.from.get(String(id)) ?? String(id);
  const toTitle = (id: unknown) => t.to.get(String(id)) ?? String(id);
  switch (c.kind) {
    case 'added':
      return [{ text: `New ${level}: ` }, ...neu(c.toIds[0]!)];
    case 'removed':
      return [{ text: `${level} removed with no successor: ` }, ...old(c.fromIds[0]!)];
    case 'retired':
      return [{ text: `${level} retired: ` }, ...old(c.fromIds[0]!), ...(c.reason ? [{ text: ` — ${c.reason}` }] : [])];
    case 'split':
      return [...old(c.fromIds[0]!), { text: ' is split into ' }, ...list(c.toIds, neu)];
    case 'merged':
      return [...list(c.fromIds, old), { text: ' are merged into ' }, ...neu(c.toIds[0]!)];
    case 'moved':
      return [...neu(c.toIds[0]!), { text: ' moved from ' }, { name: fromTitle(c.before) }, { text: ' to ' }, { name: toTitle(c.after) }];
    case 'renamed':
      if (c.field === 'id') return [...old(c.fromIds[0]!), { text: ' is replaced by ' }, ...neu(c.toIds[0]!), { text: ' (new id)' }];
      if (c.field === 'aliases') return [{ text: 'Other spellings of ' }, ...neu(c.toIds[0]!), { text: ' changed' }];
      return [
        { text: `${level} renamed: ` },
        { name: String(c.before) },
        { text: ' → ' },
        { name: String(c.after) },
        { text: ' (' },
        { code: c.toIds[0]! },
        { text: ')' },
      ];
    case 'redefined':
      return [{ text: 'Definition of ' }, ...neu(c.toIds[0]!), { text: ' edited' }];
    case 'field-changed':
      return [{ text: `${fieldLabel(c.field)} of ` }, ...neu(c.toIds[0]!), { text: ' changed' }];
  }
}

export function fieldLabel(field: string | undefined): string {
  switch (field) {
    case 'soc':
      return 'Occupations (SOC)';
    case 'cip':
      return 'Programs (CIP)';
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

/** A list member (a SOC link, a CIP code, an alias) as text. */
export function member(m: unknown): string {
  if (m && typeof m === 'object' && 'code' in m) {
    const s = m as { code: string; title?: string };
    return s.title ? `${s.code} ${s.title}` : s.code;
  }
  return String(m);
}
