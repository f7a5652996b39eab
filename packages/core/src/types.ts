import type {
  CipLinks,
  ClusterFrontmatter,
  Codes,
  FrameworkFrontmatter,
  LinkProvenance,
  NaicsLinks,
  NodeStatus,
  Provenance,
  SocLinks,
  SubclusterFrontmatter,
} from './generated/frontmatter.js';

export type Severity = 'error' | 'warning' | 'info';

/** A place in a file: 1-based line and column, `end` exclusive. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Another place a diagnostic refers to (e.g. the other file with the same id). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/**
 * One problem, with its place. The same shape for load errors, lint rules and diff warnings;
 * rules never print, reporters do.
 */
export interface Diagnostic {
  /** Path relative to the source root, POSIX separators (`clusters/x/index.md`). */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Permanent kebab-case rule id, e.g. `yaml-syntax`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** Extra help: how to fix it. */
  note?: string;
  url?: string;
  related?: RelatedLocation[];
}

/** Where a key and its value sit in a file's frontmatter. */
export interface FieldPosition {
  key?: Range;
  value: Range;
}

/** JSON pointer (`/soc/3/code`) → position of that key and value in the file. */
export type PositionMap = Record<string, FieldPosition>;

export type FileKind = 'framework' | 'cluster' | 'subcluster';

/** One content file after parsing: pure data, serializable, cacheable by content hash. */
export interface ParsedFile {
  /** Path relative to the source root, POSIX separators. */
  path: string;
  kind: FileKind;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  /** The frontmatter as plain data, or undefined when it could not be read. */
  data: Record<string, unknown> | undefined;
  /** Whether `data` passed the JSON Schema. */
  valid: boolean;
  positions: PositionMap;
  /** The Markdown after the frontmatter. */
  body: string;
  /** 1-based line where the body starts in the file. */
  bodyLine: number;
  /** Character offset where the body starts in the file text (after a BOM). */
  bodyOffset: number;
  /** Range of the whole frontmatter block, fences included; line 1 when there is none. */
  frontmatterRange: Range;
  diagnostics: Diagnostic[];
}

export type NodeType = 'cluster' | 'subcluster';

interface NodeBase {
  id: string;
  type: NodeType;
  title: string;
  aliases: string[];
  order: number;
  status: NodeStatus;
  retiredReason?: string;
  /** Why the node changed in this version (frontmatter `changeNote`); not published. */
  changeNote?: string;
  /** The editor's judgement of a definition change (frontmatter `changeSignificance`); not published. */
  changeSignificance?: 'scope' | 'wording';
  provenance: Provenance;
  derivedFrom: string[];
  codes: Codes;
  /** The definition as Markdown (the file's body, trimmed). */
  definition: string;
  /** The file this node was read from. */
  file: string;
}

export interface SubclusterNode extends NodeBase {
  type: 'subcluster';
  /** The cluster's id (the folder). */
  parent: string;
  soc: SocLinks;
  cip: CipLinks;
  naics: NaicsLinks;
  /** Where each link list comes from, when the file says (the 2024 edition does, list by list). */
  linkProvenance?: LinkProvenance;
}

export interface ClusterNode extends NodeBase {
  type: 'cluster';
  crossCutting: boolean;
  grouping?: string;
  children: SubclusterNode[];
}

export type FrameworkNode = ClusterNode | SubclusterNode;

export interface SourceInfo {
  /** What the user named: a path, a ref, `@1.0.0`. */
  label: string;
  kind: 'directory' | 'git' | 'release';
  /** The commit the content came from, when known. */
  commit?: string;
  /** ISO 8601 date of that commit, when known. */
  date?: string;
}

/** A loaded framework: the tree, plus every node by id. */
export interface Framework {
  meta: FrameworkFrontmatter;
  /** The introduction (framework.md's body). */
  introduction: string;
  clusters: ClusterNode[];
  /** Every cluster and sub-cluster by id (the first one read, when ids collide). */
  nodes: Map<string, FrameworkNode>;
  source: SourceInfo;
}

export type { CipLinks, ClusterFrontmatter, FrameworkFrontmatter, LinkProvenance, NaicsLinks, Provenance, SocLinks, SubclusterFrontmatter };
