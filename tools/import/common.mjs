// Shared helpers for the content import scripts (import-2002.mjs, import-2024.mjs).
// Exports are kept stable: kebabId(title), readCsv(path), writeNodeFile(path, frontmatter, body),
// plus a few small extras (normKey, andSpelling, fail, stringifyFrontmatter).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import YAML from 'yaml';

/**
 * Permanent id from a title: lowercase, drop "&", every run of non-alphanumerics
 * (spaces, commas, "/") becomes one "-", dashes trimmed.
 * "Agriculture, Food & Natural Resources" -> "agriculture-food-natural-resources"
 * "A/V Technology & Film" -> "a-v-technology-film"
 */
export function kebabId(title) {
  const id = String(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!id) throw new Error(`kebabId: title ${JSON.stringify(title)} gives an empty id`);
  return id;
}

/**
 * Key for matching names across sources that spell them differently:
 * "&" and "and" are the same word, case and punctuation are ignored.
 * "Food Products & Processing Systems" and "Food Products and Processing Systems" match.
 */
export function normKey(name) {
  return String(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The "and" spelling of a title written with "&" ("A & B" -> "A and B"); null if no "&". */
export function andSpelling(title) {
  if (!title.includes('&')) return null;
  return title.replace(/\s*&\s*/g, ' and ');
}

/** Read a CSV file with a header row into an array of objects (values trimmed). */
export function readCsv(path) {
  const text = readFileSync(path, 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

/** Print a message to stderr and exit 1. */
export function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

// Strings that some YAML parsers (1.1, or careless readers) could take for numbers, dates or
// versions are double-quoted: "1.0000", "2002", "1.0.0", "11-9013.00".
const NUMBERISH = /^[0-9][0-9.:-]*$/;

/** YAML text of a frontmatter object (keys in insertion order, no line wrapping). */
export function stringifyFrontmatter(frontmatter) {
  const doc = new YAML.Document(frontmatter);
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NUMBERISH.test(node.value)) {
        node.type = YAML.Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/**
 * Write a content node: YAML frontmatter between "---" lines, a blank line, the Markdown body.
 * Creates parent folders. Undefined keys are left out.
 */
export function writeNodeFile(path, frontmatter, body) {
  const clean = JSON.parse(JSON.stringify(frontmatter));
  const text = `---\n${stringifyFrontmatter(clean)}---\n\n${String(body ?? '').trim()}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, 'utf8');
}

/** Collapses a definition to one paragraph of single-spaced text. */
export function oneParagraph(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

/** Checks there is exactly one definition per wanted id; length and sentence count are only warnings. */
export function checkDefinitions(definitions, wanted, frameworkId, edition) {
  const problems = [];
  const warnings = [];
  for (const id of wanted) {
    const text = definitions[id];
    if (typeof text !== 'string' || !text.trim()) {
      problems.push(`definition missing for ${id}`);
      continue;
    }
    if (id === frameworkId) continue;
    const one = oneParagraph(text);
    if (one.length > 600) warnings.push(`definition of ${id} is ${one.length} characters (aim for under 600)`);
    const n = (one.match(/[.!?](?=\s|$)/g) ?? []).length;
    if (n < 2 || n > 4) warnings.push(`definition of ${id} has ${n} sentences (aim for 2-4)`);
  }
  const wantedSet = new Set(wanted);
  for (const id of Object.keys(definitions)) {
    if (!wantedSet.has(id)) problems.push(`definition for ${id}, which is not a node of the ${edition} edition`);
  }
  return { problems, warnings };
}
