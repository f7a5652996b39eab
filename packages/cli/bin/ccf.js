#!/usr/bin/env node
// The committed entry of the `ccf` command. npm links a workspace's bin into node_modules/.bin at `npm ci` only
// when the target exists; dist/ does not exist until a build, so a bin pointing there left no link and `npx ccf`
// went to the public registry for someone else's package. This file always exists; it runs the build or says how
// to make one. Plain JavaScript with no imports beyond Node: it must work before anything is compiled.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (existsSync(built)) await import(built.href);
else {
  process.stderr.write('ccf: the ccf packages are not built yet: run `npm run build` first (in the repository root)\n');
  process.exitCode = 2;
}
