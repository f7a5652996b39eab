// A worker thread of the parse pool (workers.ts): parses batches of files and answers with each
// file encoded as JSON, which the main thread decodes several times faster than a structured clone.
import { parentPort } from 'node:worker_threads';
import { encodeParsed } from './cache.js';
import type { FactsLevel } from './facts.js';
import { parseWithFacts } from './parse-facts.js';

export interface ParseRequest {
  id: number;
  paths: string[];
  /** The batch's files one after another; file i is `buffer[offsets[i]..offsets[i + 1])`. */
  buffer: Uint8Array;
  offsets: number[];
  /** Markdown facts to compute beside each parse (here, on both cores, rather than on the main thread after). */
  facts?: FactsLevel;
}

export interface ParseReply {
  id: number;
  encoded: string[];
}

parentPort?.on('message', (req: ParseRequest) => {
  const encoded = req.paths.map((path, i) =>
    encodeParsed(parseWithFacts(path, req.buffer.subarray(req.offsets[i], req.offsets[i + 1]), req.facts)),
  );
  parentPort!.postMessage({ id: req.id, encoded } satisfies ParseReply);
});
