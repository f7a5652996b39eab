import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodeParsed } from './cache.js';
import type { FactsLevel } from './facts.js';
import { parseWithFacts } from './parse-facts.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import type { ParsedFile } from './types.js';

/** Below this many files, starting workers (each loads yaml and compiles the schemas) costs more than it saves. */
export const PARALLEL_THRESHOLD = 2000;
const BATCH = 256;

export interface ParseJob {
  path: string;
  bytes: Uint8Array;
}

/** How many threads to parse with: `threads` if given, else one per core. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Parses files with `parseFile`, in the order given, with their Markdown facts at `facts` when asked. With
 * `threads` > 1 and enough files, the work is spread over worker threads (the main thread decodes their answers);
 * the result is the same either way.
 */
export async function parseMany(jobs: ParseJob[], threads = defaultThreads(), facts?: FactsLevel): Promise<ParsedFile[]> {
  const count = Math.min(threads, Math.ceil(jobs.length / BATCH));
  if (count <= 1 || jobs.length < PARALLEL_THRESHOLD) return jobs.map((j) => parseWithFacts(j.path, j.bytes, facts));
  const out: ParsedFile[] = new Array<ParsedFile>(jobs.length);
  // Tests run the TypeScript sources: the worker then needs a loader for its .ts entry.
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(ts ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  const workers = Array.from({ length: count }, () => new Worker(url, ts ? { execArgv: ['--import', 'tsx'] } : {}));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              const start = next;
              const batch = jobs.slice(start, start + BATCH);
              next += batch.length;
              // One fresh buffer per batch, transferred: a view into a large buffer (a whole `cat-file --batch`
              // output) would otherwise be cloned whole with every message (measured: 14 s of postMessage at 50,000).
              const offsets = [0];
              for (const j of batch) offsets.push(offsets[offsets.length - 1]! + j.bytes.byteLength);
              const buffer = new Uint8Array(offsets[offsets.length - 1]!);
              batch.forEach((j, i) => buffer.set(j.bytes, offsets[i]));
              worker.postMessage(
                { id: start, paths: batch.map((j) => j.path), buffer, offsets, ...(facts ? { facts } : {}) } satisfies ParseRequest,
                [buffer.buffer],
              );
            };
            worker.on('message', (reply: ParseReply) => {
              reply.encoded.forEach((text, i) => (out[reply.id + i] = decodeParsed(text)));
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) =>
              next < jobs.length || code !== 0 ? reject(new Error(`parse worker exited with code ${code}`)) : undefined,
            );
            send();
          }),
      ),
    );
  } catch {
    // A worker that dies (out of memory, a bug) must not lose the run: parse what is left here.
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  for (let i = 0; i < jobs.length; i++) out[i] ??= parseWithFacts(jobs[i]!.path, jobs[i]!.bytes, facts);
  return out;
}
