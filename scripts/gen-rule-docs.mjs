// Bundles docs/rules/<id>.md into @ccf/lint (packages/lint/src/generated/rule-docs.ts), so the SARIF reporter can
// give GitHub code scanning each rule's full description and help without the docs folder at run time (the
// published package holds only dist/). `--check` fails when the committed file is stale; `--list` prints, as JSON,
// the file it writes with the docs it reads.
//
// Each text is kept as segments: strings, and `{ rule: id }` where a link to another rule's page goes, so the
// reporter writes that page's URL from the same base as every other docs link.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const root = new URL('../', import.meta.url);
const target = 'packages/lint/src/generated/rule-docs.ts';
const docsDir = new URL('docs/rules/', root);

/** Appends to a segment list, merging neighbouring strings. */
function push(out, part) {
  if (typeof part === 'string' && typeof out.at(-1) === 'string') out[out.length - 1] += part;
  else if (part !== '') out.push(part);
}

/** The rule id a link points at (`other-rule.md`), or undefined for an absolute URL; anything else is refused. */
function linkTarget(url, file) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) return undefined;
  // The example bases (docs/rules/_base/) are folders of the repository, not pages of the site: named, not linked.
  if (/^(?:\.\/)?_base\/[a-z0-9/-]*$/.test(url)) return { path: `docs/rules/${url.replace(/^\.\//, '')}` };
  const m = /^(?:\.\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/.exec(url);
  if (!m) throw new Error(`docs/rules/${file}: link \`${url}\` is neither another rule's page (\`x.md\`) nor an absolute URL`);
  return m[1];
}

/**
 * Plain text of inline content: a soft line break is a space (the pages are wrapped at 120 columns), code keeps its
 * backticks, a link becomes `text (URL)`.
 */
function inlineText(nodes, out, file) {
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'html') push(out, node.value.replace(/[ \t]*\n[ \t]*/g, ' '));
    else if (node.type === 'inlineCode') push(out, `\`${node.value}\``);
    else if (node.type === 'break') push(out, '\n');
    else if (node.type === 'link') {
      inlineText(node.children, out, file);
      const id = linkTarget(node.url, file);
      push(out, ' (');
      push(out, typeof id === 'object' ? `\`${id.path}\` in the repository` : id ? { rule: id } : node.url);
      push(out, ')');
    } else if ('children' in node) inlineText(node.children, out, file);
    else push(out, toString(node));
  }
}

/** Plain text of one block. */
function blockText(node, out, file) {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      inlineText(node.children, out, file);
      break;
    case 'list':
      node.children.forEach((item, i) => {
        if (i > 0) push(out, '\n');
        push(out, node.ordered ? `${(node.start ?? 1) + i}. ` : '- ');
        item.children.forEach((child, j) => {
          if (j > 0) push(out, '\n  ');
          blockText(child, out, file);
        });
      });
      break;
    case 'code':
      push(out, node.value.replace(/^/gm, '    '));
      break;
    default:
      push(out, toString(node));
  }
}

/** The Markdown source of a block, with links to other rules' pages turned into `{ rule }` segments. */
function blockMarkdown(node, source, out, file) {
  const links = [];
  const visit = (n) => {
    if (n.type === 'link' && linkTarget(n.url, file)) links.push(n);
    else if ('children' in n) n.children.forEach(visit);
  };
  visit(node);
  let at = node.position.start.offset;
  for (const link of links) {
    push(out, source.slice(at, link.position.start.offset));
    const first = link.children[0]?.position.start.offset ?? link.position.start.offset + 1;
    const last = link.children.at(-1)?.position.end.offset ?? first;
    const target = linkTarget(link.url, file);
    if (typeof target === 'object') push(out, `**${source.slice(first, last)}** (\`${target.path}\` in the repository)`);
    else {
      push(out, `[${source.slice(first, last)}](`);
      push(out, { rule: target });
      push(out, ')');
    }
    at = link.position.end.offset;
  }
  push(out, source.slice(at, node.position.end.offset));
}

async function ruleDocs() {
  const files = (await readdir(docsDir)).filter((f) => f.endsWith('.md')).sort();
  const docs = {};
  for (const file of files) {
    const id = file.slice(0, -'.md'.length);
    const source = (await readFile(new URL(file, docsDir), 'utf8')).replace(/\r\n?/g, '\n');
    const tree = unified().use(remarkParse).parse(source);
    const [title, ...body] = tree.children;
    if (title?.type !== 'heading' || title.depth !== 1 || toString(title) !== id)
      throw new Error(`docs/rules/${file}: expected the page to start with \`# ${id}\``);
    const lead = body.find((n) => n.type === 'paragraph');
    if (!lead) throw new Error(`docs/rules/${file}: expected a paragraph that says what the rule checks`);
    const summary = [];
    inlineText(lead.children, summary, file);
    const text = [];
    const markdown = [];
    body.forEach((node, i) => {
      if (i > 0) {
        push(text, '\n\n');
        push(markdown, '\n\n');
      }
      blockText(node, text, file);
      blockMarkdown(node, source, markdown, file);
    });
    docs[id] = { summary, text, markdown };
  }
  return [
    '/* eslint-disable */',
    '// Generated by scripts/gen-rule-docs.mjs from docs/rules/*.md. Do not edit.',
    '',
    "import type { RuleDoc } from '../rule-doc.js';",
    '',
    "/** Each rule's page: the lead paragraph as plain text, and the page below its title as plain text and Markdown. */",
    `export const ruleDocs: Record<string, RuleDoc> = ${JSON.stringify(docs, null, 2)};`,
    '',
  ].join('\n');
}

const check = process.argv.includes('--check');
const list = process.argv.includes('--list');
if (list) {
  const files = (await readdir(docsDir)).filter((f) => f.endsWith('.md')).sort();
  console.log(JSON.stringify({ [target]: files.map((f) => `docs/rules/${f}`) }, null, 2));
} else {
  const ts = await ruleDocs();
  const file = new URL(target, root);
  if (check) {
    if ((await readFile(file, 'utf8').catch(() => '')) !== ts) {
      console.error(`${target} is stale: run \`node scripts/gen-rule-docs.mjs\``);
      process.exit(1);
    }
  } else await writeFile(file, ts);
}
