import type { DocumentOptions, ParseOptions, SchemaOptions, Tags } from 'yaml';

/** Aliases beyond this count stop the YAML from being read ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/**
 * YAML 1.2 core, except that integers with a leading zero (`0755`, `010100`) stay strings, as in
 * YAML 1.2's JSON schema: an O*NET code `010100` must not silently become the number 10100.
 */
const yamlTags = (tags: Tags): Tags =>
  tags.map((t) =>
    typeof t === 'object' && t.tag === 'tag:yaml.org,2002:int' && !t.format ? { ...t, test: /^[-+]?(?:0|[1-9][0-9]*)$/ } : t,
  ) as Tags;

/** How ccf reads frontmatter with `yaml.parseDocument`: the same values for the loader and for `ccf format`. */
export const YAML_READ_OPTIONS = {
  version: '1.2',
  schema: 'core',
  // Checked by the loader in linear time: yaml's own check is quadratic in the number of keys.
  uniqueKeys: false,
  strict: true,
  merge: false,
  customTags: yamlTags,
  // `!!binary`, `!!set`, `!!timestamp`… would otherwise resolve even outside the core schema.
  resolveKnownTags: false,
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;
