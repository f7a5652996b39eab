// Entry of the child process that runs.ts starts: `ccf <argv>`, then its peak memory as the last stderr line.
import { main, processIo } from '@ccf/cli';

const code = await main(process.argv.slice(2), processIo());
process.stderr.write(`\nccf-child-max-rss-kib=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
