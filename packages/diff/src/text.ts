import { diffWords } from 'diff';
import type { WordDiffPart } from './types.js';

/** Collapses runs of whitespace: whitespace-only edits are no change. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A title for comparison: `&` and `and` are the same word, case and spacing do not count. */
export function titleKey(s: string): string {
  return squash(
    s
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, ' '),
  );
}

function words(s: string): string[] {
  return titleKey(s).split(' ').filter(Boolean);
}

/** Dice coefficient over word sets (titles). */
export function dice(a: string, b: string): number {
  const x = new Set(words(a));
  const y = new Set(words(b));
  if (!x.size && !y.size) return 1;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return (2 * both) / (x.size + y.size);
}

/** Jaccard index over word sets (definitions). */
export function jaccard(a: string, b: string): number {
  const x = new Set(words(a));
  const y = new Set(words(b));
  if (!x.size && !y.size) return 1;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}

/** Word-level diff of two texts, whitespace-normalized first. */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  for (const p of diffWords(squash(before), squash(after))) {
    const op = p.added ? 'insert' : p.removed ? 'delete' : 'equal';
    const last = parts.at(-1);
    if (last && last.op === op) last.text += p.value;
    else parts.push({ op, text: p.value });
  }
  return parts;
}

/**
 * How much wording two definitions share, from their word diff: 2 × words kept ÷ (words before + words after),
 * difflib's ratio over words. 1 is the same text, 0 shares no word in order.
 */
export function wordSimilarity(parts: WordDiffPart[]): number {
  let kept = 0;
  let changed = 0;
  for (const p of parts) {
    // Words only: punctuation and spacing are not wording.
    const n = (p.text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
    if (p.op === 'equal') kept += n;
    else changed += n;
  }
  return kept + changed === 0 ? 1 : (2 * kept) / (2 * kept + changed);
}
