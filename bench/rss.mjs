// Preloaded into every Node process the benchmark measures (NODE_OPTIONS=--import): on exit,
// appends the process's peak resident set size (KiB) to $BENCH_RSS_FILE. Worker threads share
// the process, so the main thread's figure covers them; a child Node process adds its own line.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Measuring must never change the measured command's outcome.
    }
  });
}
