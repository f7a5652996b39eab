import type {
  CipLinks,
  ClusterFrontmatter,
  Codes,
  Effective,
  FrameworkFrontmatter,
  OverlayFrameworkFrontmatter,
  Scope,
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

/** What a file is: a content file, or (in a state overlay) its framework.md, a node change or a program of study. */
export type FileKind = 'framework' | 'cluster' | 'subcluster' | 'overlay' | 'overlay-node' | 'program';

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
  /** In a state framework (an overlay resolved against its base): where the node comes from. */
  origin?: NodeOrigin;
  /** In a state framework: the national version a `national` or `modified` node was taken from. */
  baseVersion?: string;
  /** In a state framework: what the state changed on a `modified` node (`title`, `definition`, `parent`, …), in that order. */
  stateChanges?: string[];
  /** In a state framework: where the node applies (absent: statewide). */
  scope?: Scope;
  /** In a state framework: when the node is in effect. */
  effective?: Effective;
}

/**
 * Where a node of a state framework comes from: adopted unchanged from the national base, changed by the state
 * (title, definition, parent, codes, scope), or the state's own.
 */
export type NodeOrigin = 'national' | 'modified' | 'state';

export interface SubclusterNode extends NodeBase {
  type: 'subcluster';
  /** The cluster's id (the folder). */
  parent: string;
  soc: SocLinks;
  cip: CipLinks;
  naics: NaicsLinks;
  /** Where each link list comes from, when the file says (the 2024 edition does, list by list). */
  linkProvenance?: LinkProvenance;
  /** In a state framework: the programs of study below this node, in order. */
  programs?: ProgramNode[];
}

/** A state's program of study (a level below sub-clusters, only in a state framework). */
export interface ProgramNode {
  id: string;
  type: 'program';
  title: string;
  /** The sub-cluster (or Career Pathway) it sits under. */
  parent: string;
  order: number;
  /** CIP 2020 codes and state pseudo-codes, as written. */
  cip: string[];
  courses: { code: string; title: string }[];
  credentials: string[];
  scope?: Scope;
  effective?: Effective;
  /** The description (the file's body, trimmed). */
  definition: string;
  file: string;
  origin: 'state';
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
  /** Set when this is a state framework: an overlay resolved against its national base. */
  overlay?: OverlayInfo;
}

/** The CASE records a release published: its CFDocument, and its items by ccf id. */
export interface PublishedCase {
  document: { identifier: string; uri: string; title: string };
  items: Map<string, { identifier: string; uri: string }>;
}

/** What a state framework says about itself and its base, beside the effective tree. */
export interface OverlayInfo {
  /** `extends:` as written in the overlay's framework.md. */
  extends: string;
  /** The national framework it was resolved against. */
  base: {
    id: string;
    title: string;
    version: string;
    label: string;
    kind: SourceInfo['kind'];
    commit?: string;
    baseUrl?: string;
    /** The CASE identity the base published, when it is a release folder with a case.json: what the state's package aliases. */
    case?: PublishedCase;
  };
  state: OverlayFrameworkFrontmatter['state'];
  /** National nodes the state hides, in the base's order, with the reason and the overlay file that says so. */
  hidden: { id: string; type: NodeType; title: string; reason: string; file: string }[];
  /** Every program of study by id. */
  programs: Map<string, ProgramNode>;
}

export type {
  CipLinks,
  ClusterFrontmatter,
  Effective,
  FrameworkFrontmatter,
  OverlayFrameworkFrontmatter,
  Scope,
  LinkProvenance,
  NaicsLinks,
  Provenance,
  SocLinks,
  SubclusterFrontmatter,
};
