// The floor: read every file, split the frontmatter, parse the YAML. Nothing that lints can do less.
//   node bench/tasks/floor.mjs <content-dir>
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contentFiles, frontmatter } from './walk.mjs';

let files = 0;
let keys = 0;
for (const path of contentFiles(process.argv[2] ?? 'content')) {
  const yaml = frontmatter(readFileSync(path, 'utf8'));
  const data = yaml === undefined ? undefined : parse(yaml);
  files++;
  if (data && typeof data === 'object') keys += Object.keys(data).length;
}
process.stdout.write(`${files} files, ${keys} keys\n`);
