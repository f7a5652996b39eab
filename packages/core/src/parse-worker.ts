// A worker thread of the parse pool (workers.ts): parses batches of files and answers with each
// file encoded as JSON, which the main thread decodes several times faster than a structured clone.
import { parentPort } from 'node:worker_threads';
import { encodeParsed } from './cache.js';
import { parseFile } from './parse.js';

export interface ParseRequest {
  id: number;
  paths: string[];
  bytes: Uint8Array[];
}

export interface ParseReply {
  id: number;
  encoded: string[];
}

parentPort?.on('message', (req: ParseRequest) => {
  const encoded = req.paths.map((path, i) => encodeParsed(parseFile(path, req.bytes[i]!)));
  parentPort!.postMessage({ id: req.id, encoded } satisfies ParseReply);
});
