import { attachFacts, computeFacts, type FactsLevel } from './facts.js';
import { parseFile } from './parse.js';
import type { ParsedFile } from './types.js';

// Its own module, so that the parse worker and the pool that starts it both use it without importing each other,
// and the neutral entry (which exports the facts) does not pull in the parser's Node-only schema loading.
/** `parseFile`, with the Markdown facts at `level` attached (each body's tree is dropped once its facts are taken). */
export function parseWithFacts(path: string, bytes: Uint8Array, level?: FactsLevel): ParsedFile {
  const file = parseFile(path, bytes);
  if (level) attachFacts(file, computeFacts(file, level));
  return file;
}
