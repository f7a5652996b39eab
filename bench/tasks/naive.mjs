// The naive pipeline: the floor, plus remark-parse of every file and ajv validation, on one thread.
//   node bench/tasks/naive.mjs <content-dir> <schemas-dir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse } from 'yaml';
import { contentFiles, frontmatter } from './walk.mjs';

const [root = 'content', schemas = 'schemas'] = process.argv.slice(2);
const schema = (name) => JSON.parse(readFileSync(join(schemas, name), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
(addFormats.default ?? addFormats)(ajv);
ajv.addSchema(schema('common.schema.json'));
const validators = {
  framework: ajv.compile(schema('framework.schema.json')),
  cluster: ajv.compile(schema('cluster.schema.json')),
  subcluster: ajv.compile(schema('subcluster.schema.json')),
};
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

let files = 0;
let nodes = 0;
let invalid = 0;
for (const path of contentFiles(root)) {
  const text = readFileSync(path, 'utf8');
  const yaml = frontmatter(text);
  const data = yaml === undefined ? undefined : parse(yaml);
  const tree = processor.parse(text);
  nodes += tree.children.length;
  const kind = path.endsWith('framework.md') ? 'framework' : path.endsWith('/index.md') ? 'cluster' : 'subcluster';
  if (!validators[kind](data)) invalid++;
  files++;
}
process.stdout.write(`${files} files, ${nodes} top-level Markdown nodes, ${invalid} invalid\n`);
