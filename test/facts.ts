import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const factsDir = new URL('./facts/', import.meta.url);

/** Reads one of the content-facts CSVs (a snapshot of ../shared/content-facts) as records. */
export function facts(name: string): Record<string, string>[] {
  return parse(readFileSync(new URL(name, factsDir)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The repository root. */
export const repoRoot = new URL('../', import.meta.url).pathname;
