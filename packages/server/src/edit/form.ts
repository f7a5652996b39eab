// A form generated on the server from the frontmatter JSON Schemas (schemas/*.json), and the way back from the
// posted fields to frontmatter data. Server-rendered so the edit pages keep the site's strict CSP (ADR 0022).
import type { Diagnostic } from '@ccf/core';
import { h, withCode, type SafeHtml } from '../html.js';

/** The part of a JSON Schema the form reads. */
export interface SchemaNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  title?: string;
  description?: string;
  maxLength?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
}

/** The schemas a form is made from: file name → parsed schema (`subcluster.schema.json`, `common.schema.json`). */
export type SchemaSet = Map<string, SchemaNode & { $defs?: Record<string, SchemaNode> }>;

/** Reads the frontmatter schemas from the site files the store serves. */
export function schemaSet(texts: ReadonlyMap<string, string> | undefined): SchemaSet {
  const set: SchemaSet = new Map();
  for (const [name, text] of texts ?? []) if (!name.includes('/')) set.set(name, JSON.parse(text) as SchemaNode);
  return set;
}

/** A schema with its `$ref`s followed (within the set: `common.schema.json#/$defs/x`, `#/$defs/x`). */
function resolve(set: SchemaSet, node: SchemaNode, doc: string): { node: SchemaNode; doc: string } {
  let current = node;
  let where = doc;
  for (let hops = 0; current.$ref && hops < 16; hops++) {
    const [file, pointer = ''] = current.$ref.split('#');
    if (file) where = file.replace(/^.*\//, '');
    let target: unknown = set.get(where);
    for (const part of pointer.split('/').filter(Boolean)) target = (target as Record<string, unknown> | undefined)?.[part];
    if (!target) break;
    // Keywords beside a $ref (draft 2020-12) apply too: keep the nearer description.
    const { $ref: next, ...rest } = target as SchemaNode;
    current = { ...rest, ...(current.description ? { description: current.description } : {}), ...(next ? { $ref: next } : {}) };
  }
  return { node: current, doc: where };
}

/** Labels people read, where the key alone says little. */
const LABELS: Record<string, string> = {
  id: 'Id',
  soc: 'Occupations (SOC codes)',
  cip: 'Programs (CIP 2020 codes)',
  naics: 'Industries (NAICS sectors)',
  derivedFrom: 'Derived from (ids of earlier versions)',
  onet: 'O*NET cluster code',
  epGrouping: 'Employment Projections grouping',
  linkProvenance: 'Where the link lists come from',
  retiredReason: 'Why retired',
  changeNote: 'Change note',
  changeSignificance: 'Change significance',
  crossCutting: 'Cross-cutting cluster',
};

const labelOf = (key: string): string =>
  LABELS[key] ??
  key.charAt(0).toUpperCase() + key.slice(1).replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);

/** Blank rows offered under every list, to add to it (without JavaScript). */
const BLANK_ROWS = 2;

/** What the form shows beside the schema: suggestions, messages, which field has focus. */
export interface FormContext {
  /** Datalists by schema path (`soc/code`, `derivedFrom`): [value, label]. */
  suggestions: Map<string, [string, string][]>;
  /** Messages by field id. */
  messages: Map<string, Diagnostic[]>;
  /** The id of the field to focus (a link from the content checks). */
  focus?: string;
  /** Whether `id` may be typed (a new file). */
  newFile: boolean;
}

/** The id of a field from its path in the data (`['soc', 0, 'code']` → `f-soc-0-code`). */
export const fieldId = (path: (string | number)[]): string => `f-${path.join('-')}`;

const nameOf = (path: (string | number)[]): string => path.join('/');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every field id the form renders for `data` (to hang a diagnostic on the nearest one). */
export function formFieldIds(set: SchemaSet, schemaName: string, data: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  walkFields(set, schemaName, data, (path) => ids.add(fieldId(path)));
  return ids;
}

function walkFields(set: SchemaSet, schemaName: string, data: Record<string, unknown>, visit: (path: (string | number)[]) => void): void {
  const walk = (node: SchemaNode, doc: string, path: (string | number)[], value: unknown): void => {
    const r = resolve(set, node, doc);
    visit(path);
    if (r.node.type === 'object' && r.node.properties)
      for (const [k, sub] of Object.entries(r.node.properties)) walk(sub, r.doc, [...path, k], isObject(value) ? value[k] : undefined);
    if (r.node.type === 'array' && r.node.items) {
      const rows = (Array.isArray(value) ? value.length : 0) + BLANK_ROWS;
      for (let i = 0; i < rows; i++) walk(r.node.items, r.doc, [...path, i], Array.isArray(value) ? value[i] : undefined);
    }
  };
  const root = set.get(schemaName);
  if (root?.properties) for (const [k, sub] of Object.entries(root.properties)) walk(sub, schemaName, [k], data[k]);
}

/** The form fields of one frontmatter schema, filled with `data`. */
export function renderFields(set: SchemaSet, schemaName: string, data: Record<string, unknown>, ctx: FormContext): SafeHtml {
  const root = set.get(schemaName);
  if (!root?.properties) return h``;
  const required = new Set(root.required ?? []);
  return h`${Object.entries(root.properties).map(([k, sub]) => field(set, sub, schemaName, [k], data[k], required.has(k), ctx))}`;
}

function messagesFor(id: string, ctx: FormContext): SafeHtml | '' {
  const list = ctx.messages.get(id);
  if (!list?.length) return '';
  return h`<ul class="field-msgs" id="${id}-msg">${list.map((d) => h`<li class="sev-${d.severity}"><span class="sr-only">${d.severity}: </span>${withCode(d.message)}${d.note ? h` <span class="muted">${withCode(d.note)}</span>` : ''}</li>`)}</ul>`;
}

/** aria attributes tying an input to its description and messages. */
function described(id: string, hasHelp: boolean, ctx: FormContext): SafeHtml {
  const ids = [hasHelp ? `${id}-help` : '', ctx.messages.get(id)?.length ? `${id}-msg` : ''].filter(Boolean).join(' ');
  const invalid = ctx.messages.get(id)?.some((d) => d.severity === 'error');
  return h`${ids ? h` aria-describedby="${ids}"` : ''}${invalid ? h` aria-invalid="true"` : ''}${ctx.focus === id ? h` autofocus` : ''}`;
}

function scalarInput(
  node: SchemaNode,
  id: string,
  name: string,
  value: unknown,
  required: boolean,
  hasHelp: boolean,
  list: string | undefined,
  ctx: FormContext,
  readonly: boolean,
): SafeHtml {
  const attrs = described(id, hasHelp, ctx);
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (node.enum)
    return h`<select id="${id}" name="${name}"${attrs}><option value=""${text === '' ? h` selected` : ''}>${required ? '(choose one)' : '(none)'}</option>${node.enum.map((v) => h`<option${String(v) === text ? h` selected` : ''}>${String(v)}</option>`)}</select>`;
  if (node.type === 'boolean') return h`<input type="checkbox" id="${id}" name="${name}"${value === true ? h` checked` : ''}${attrs}>`;
  if (node.type === 'integer')
    return h`<input id="${id}" name="${name}" value="${text}" inputmode="numeric" size="6"${required ? h` required` : ''}${attrs}>`;
  if ((node.maxLength ?? 0) >= 1000) return h`<textarea id="${id}" name="${name}" rows="3"${attrs}>${'\n'}${text}</textarea>`;
  return h`<input id="${id}" name="${name}" value="${text}"${list ? h` list="${list}"` : ''}${node.maxLength ? h` maxlength="${node.maxLength}"` : ''}${readonly ? h` readonly` : ''}${attrs}>`;
}

function field(
  set: SchemaSet,
  raw: SchemaNode,
  doc: string,
  path: (string | number)[],
  value: unknown,
  required: boolean,
  ctx: FormContext,
  label?: string,
): SafeHtml {
  const { node, doc: where } = resolve(set, raw, doc);
  const id = fieldId(path);
  const key = String(path[path.length - 1]);
  const shown = label ?? labelOf(key);
  const help = node.description ? h`<p class="help" id="${id}-help">${withCode(node.description)}</p>` : '';
  // Suggestions are keyed by the path without row numbers: `soc/code`.
  const schemaPath = path.filter((p) => typeof p === 'string').join('/');
  const list = ctx.suggestions.has(schemaPath) ? `dl-${schemaPath.replace(/\//g, '-')}` : undefined;

  if (node.type === 'object' && node.properties) {
    const inner = new Set(node.required ?? []);
    const obj = isObject(value) ? value : {};
    return h`<fieldset id="${id}"><legend>${shown}${required ? h` <span class="muted">(required)</span>` : ''}</legend>${help}${messagesFor(id, ctx)}${Object.entries(node.properties).map(([k, sub]) => field(set, sub, where, [...path, k], obj[k], inner.has(k), ctx))}</fieldset>`;
  }
  if (node.type === 'array' && node.items) {
    const items = Array.isArray(value) ? value : [];
    const item = resolve(set, node.items, where);
    const rows = Array.from({ length: items.length + BLANK_ROWS }, (_, i) => i);
    const rowLabel = (i: number): string => (i < items.length ? `${shown}, item ${i + 1}` : `${shown}, new item ${i - items.length + 1}`);
    return h`<fieldset id="${id}" class="list"><legend>${shown}</legend>${help}${messagesFor(id, ctx)}${rows.map((i) => {
      const rowId = fieldId([...path, i]);
      if (item.node.type === 'object' && item.node.properties) {
        const inner = new Set(item.node.required ?? []);
        const obj = isObject(items[i]) ? items[i] : {};
        return h`<div class="row" id="${rowId}" role="group" aria-label="${rowLabel(i)}">${messagesFor(rowId, ctx)}${Object.entries(
          item.node.properties,
        ).map(([k, sub]) => {
          const subId = fieldId([...path, i, k]);
          const r = resolve(set, sub, item.doc);
          const subPath = `${schemaPath}/${k}`;
          const subList = ctx.suggestions.has(subPath) ? `dl-${subPath.replace(/\//g, '-')}` : undefined;
          return h`<div class="cell"><label for="${subId}">${labelOf(k)}${inner.has(k) ? '' : h` <span class="muted">(optional)</span>`}</label>${scalarInput(r.node, subId, nameOf([...path, i, k]), obj[k], false, false, subList, ctx, false)}${messagesFor(subId, ctx)}</div>`;
        })}</div>`;
      }
      return h`<div class="row"><label class="sr-only" for="${rowId}">${rowLabel(i)}</label>${scalarInput(item.node, rowId, nameOf([...path, i]), items[i], false, false, list, ctx, false)}${messagesFor(rowId, ctx)}</div>`;
    })}</fieldset>`;
  }
  const readonly = key === 'id' && path.length === 1 && !ctx.newFile;
  return h`<div class="field"><label for="${id}">${shown}${required ? h` <span class="muted">(required)</span>` : ''}</label>${help}${scalarInput(node, id, nameOf(path), value, required, Boolean(help), list, ctx, readonly)}${messagesFor(id, ctx)}</div>`;
}

/** The datalists the form's inputs name. */
export function renderDatalists(ctx: FormContext): SafeHtml {
  return h`${[...ctx.suggestions].map(([path, options]) => h`<datalist id="dl-${path.replace(/\//g, '-')}">${options.map(([v, label]) => h`<option value="${v}">${label}</option>`)}</datalist>`)}`;
}

/** Fills in what a row left empty from a lookup: an occupation's title from its code. */
export type Lookup = (schemaPath: string, row: Record<string, unknown>) => Record<string, unknown>;

/**
 * The frontmatter the posted form stands for. Starts from `original` so keys the form does not show stay as they
 * were; an emptied field is removed (or kept empty, when the file had it empty).
 */
export function readFields(
  set: SchemaSet,
  schemaName: string,
  form: Record<string, string>,
  original: Record<string, unknown>,
  lookup: Lookup,
): Record<string, unknown> {
  const root = set.get(schemaName);
  const out: Record<string, unknown> = { ...original };
  if (!root?.properties) return out;
  for (const [k, sub] of Object.entries(root.properties)) {
    const v = read(set, sub, schemaName, [k], form, original[k], lookup);
    if (v === undefined) {
      if (Array.isArray(original[k]) && (original[k] as unknown[]).length === 0) out[k] = [];
      else delete out[k];
    } else out[k] = v;
  }
  return out;
}

function read(
  set: SchemaSet,
  raw: SchemaNode,
  doc: string,
  path: (string | number)[],
  form: Record<string, string>,
  original: unknown,
  lookup: Lookup,
): unknown {
  const { node, doc: where } = resolve(set, raw, doc);
  const name = nameOf(path);
  if (node.type === 'object' && node.properties) {
    // Keys the schema allows but the form does not show (a `codes` scheme other than onet) stay.
    const out: Record<string, unknown> = {};
    if (isObject(original)) for (const [k, v] of Object.entries(original)) if (!(k in node.properties)) out[k] = v;
    for (const [k, sub] of Object.entries(node.properties)) {
      const v = read(set, sub, where, [...path, k], form, isObject(original) ? original[k] : undefined, lookup);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (node.type === 'array' && node.items) {
    const prefix = `${name}/`;
    const rows = new Set<number>();
    for (const key of Object.keys(form)) if (key.startsWith(prefix)) rows.add(Number(key.slice(prefix.length).split('/')[0]));
    const out: unknown[] = [];
    const schemaPath = path.filter((p) => typeof p === 'string').join('/');
    for (const i of [...rows].filter(Number.isInteger).sort((a, b) => a - b)) {
      const orig = Array.isArray(original) ? original[i] : undefined;
      let v = read(set, node.items, where, [...path, i], form, orig, lookup);
      if (v === undefined) continue;
      if (isObject(v)) v = lookup(schemaPath, v);
      out.push(v);
    }
    return out.length ? out : undefined;
  }
  const text = form[name];
  if (node.type === 'boolean') return text === 'on' ? true : original === false ? false : undefined;
  if (text === undefined || text === '') return undefined;
  if (node.type === 'integer') return /^-?\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : text;
  // A browser sends a textarea's line breaks as CRLF.
  return text.replace(/\r\n?/g, '\n');
}
