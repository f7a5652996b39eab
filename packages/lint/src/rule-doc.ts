/** A piece of a rule's documentation: text, or the place of a link to another rule's page. */
export type DocSegment = string | { rule: string };

/** One rule's page (`docs/rules/<id>.md`), bundled at build time by scripts/gen-rule-docs.mjs. */
export interface RuleDoc {
  /** The lead paragraph, plain text: what the rule checks and why. */
  summary: DocSegment[];
  /** The page below its title, plain text. */
  text: DocSegment[];
  /** The page below its title, Markdown. */
  markdown: DocSegment[];
}
