import type { Framework, FrameworkNode } from '@ccf/core';
import { allNodes } from '@ccf/core';
import { markdownText } from './markdown.js';

/** Longest query accepted, in characters. */
export const MAX_QUERY = 200;
/** Most results returned. */
export const MAX_RESULTS = 100;

/** Lowercase, accents off, `&` read as `and`; keeps letters, digits, `-` and `.` (SOC codes). */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9.-]+/g, ' ')
    .replace(/(^|\s)[.-]+|[.-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A word's singular, so "nurse" and "Nurses" are one word on both sides of a search (English plurals only: no other
 * suffix is stripped, so a prefix still finds "nursing"). Codes and short words stay as they are.
 */
export function singular(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/(?:sses|shes|ches|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Normalized text with every word in its singular: what the index holds and what a query is matched as. */
const words = (text: string): string => normalize(text).split(' ').map(singular).join(' ');

/** The same occupation: equal codes, or a SOC code and its O*NET-SOC `.00` (`29-1141` is `29-1141.00`, not `.01`). */
const sameOccupation = (a: string, b: string): boolean => a === b || a === `${b}.00` || b === `${a}.00`;

/** SOC 2018 part of an O*NET-SOC code (`15-1252.00` → `15-1252`). */
const socOf = (code: string): string => code.slice(0, 7);

interface Entry {
  node: FrameworkNode;
  title: string;
  aliases: string;
  definition: string;
  occupations: { code: string; title?: string; text: string }[];
}

export type Field = 'title' | 'alias' | 'occupation' | 'definition';

export interface SearchHit {
  node: FrameworkNode;
  score: number;
  fields: Field[];
  /** Occupations that matched, when the match was on an occupation. */
  occupations: { code: string; title?: string }[];
}

export interface SearchIndex {
  search(query: string): { total: number; hits: SearchHit[] };
}

const weights: Record<Field, number> = { title: 10, alias: 8, occupation: 4, definition: 1 };

/** Builds a search index over titles, aliases, definitions, SOC codes and occupation titles. */
export function buildIndex(framework: Framework): SearchIndex {
  const entries: Entry[] = allNodes(framework).map((node) => ({
    node,
    title: ` ${words(node.title)} `,
    aliases: ` ${node.aliases.map(words).join(' | ')} `,
    definition: ` ${words(markdownText(node.definition))} `,
    occupations: node.type === 'subcluster' ? node.soc.map((o) => ({ ...o, text: ` ${words(`${o.code} ${o.title ?? ''}`)} ` })) : [],
  }));

  return {
    search(query) {
      const terms = [...new Set(words(query).split(' ').filter(Boolean))];
      if (!terms.length) return { total: 0, hits: [] };
      // A query that is one occupation code: the nodes holding exactly that code first, then those holding it at the
      // other precision (SOC `15-1252` and O*NET-SOC `15-1252.00`), then the rest of the prefix matches.
      const code = terms.length === 1 && /^\d{2}-\d{4}(?:\.\d{2})?$/.test(terms[0]!) ? terms[0] : undefined;
      const phrase = ` ${terms.join(' ')} `;
      const hits: SearchHit[] = [];
      for (const e of entries) {
        // A term matches at a word start, so `nurs` finds "nursing" but `art` not "department".
        const has = (hay: string, t: string): boolean => hay.includes(` ${t}`);
        const occupations = e.occupations.filter((o) => terms.every((t) => has(o.text, t)));
        const fields = new Set<Field>();
        let score = 0;
        let all = true;
        for (const t of terms) {
          const found: Field[] = [];
          if (has(e.title, t)) found.push('title');
          if (has(e.aliases, t)) found.push('alias');
          if (occupations.length || e.occupations.some((o) => has(o.text, t))) found.push('occupation');
          if (has(e.definition, t)) found.push('definition');
          if (!found.length) {
            all = false;
            break;
          }
          found.forEach((f) => fields.add(f));
          // A whole word counts fully (both sides are singular already); a word start ("nurs" in "nursery") half.
          const whole = (hay: string): boolean => hay.includes(` ${t} `);
          const hayOf: Record<Field, string[]> = {
            title: [e.title],
            alias: [e.aliases],
            occupation: e.occupations.map((o) => o.text),
            definition: [e.definition],
          };
          score += Math.max(...found.map((f) => (hayOf[f].some(whole) ? weights[f] : weights[f] / 2)));
        }
        if (!all) continue;
        if (e.title.includes(phrase)) score += 20;
        // An exact title (or alias) outranks every partial match, whatever else they hold.
        if (e.title === phrase) score += 60;
        else if (e.aliases.split(' | ').some((a) => ` ${a.trim()} ` === phrase)) score += 40;
        if (code) {
          if (e.occupations.some((o) => sameOccupation(o.code, code))) score += 60;
          else if (e.occupations.some((o) => socOf(o.code) === socOf(code))) score += 40;
        }
        score += occupations.length ? 2 : 0;
        hits.push({
          node: e.node,
          score,
          fields: [...fields],
          occupations: occupations.map(({ code, title }) => ({ code, ...(title ? { title } : {}) })),
        });
      }
      // Stable: equal scores keep document order.
      hits.sort((a, b) => b.score - a.score);
      return { total: hits.length, hits: hits.slice(0, MAX_RESULTS) };
    },
  };
}
