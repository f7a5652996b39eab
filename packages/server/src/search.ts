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
    title: ` ${normalize(node.title)} `,
    aliases: ` ${node.aliases.map(normalize).join(' | ')} `,
    definition: ` ${normalize(markdownText(node.definition))} `,
    occupations: node.type === 'subcluster' ? node.soc.map((o) => ({ ...o, text: ` ${normalize(`${o.code} ${o.title ?? ''}`)} ` })) : [],
  }));

  return {
    search(query) {
      const terms = [...new Set(normalize(query).split(' ').filter(Boolean))];
      if (!terms.length) return { total: 0, hits: [] };
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
          // A whole word (or its plural) counts fully; a word start ("nurs" in "nursery") half.
          const whole = (hay: string): boolean => hay.includes(` ${t} `) || hay.includes(` ${t}s `) || hay.includes(` ${t}es `);
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
        if (e.title === phrase) score += 20;
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
