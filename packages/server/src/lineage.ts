import type { FrameworkNode } from '@ccf/core';
import type { CrosswalkRow, Relation } from '@ccf/diff';

// What lineage pages and the 410 answer show of other versions: plain data, apart from history.ts (which reads the
// diffs), so the pages can name these types without importing the diff machinery.

/** A node of another version, by title, with what the crosswalk says of the step between. */
export interface LineageNode {
  id: string;
  title: string;
  type: FrameworkNode['type'];
  /** Its cluster, for a sub-cluster. */
  parent?: string;
  parentTitle?: string;
  /** Where a page can link it: `here` (a page of this snapshot), `gone` (its own 410 page), `later` (a newer release). */
  where: 'here' | 'gone' | 'later';
}

/** One successor of a node in the version that replaced it, with the crosswalk row's share and relation. */
export interface LineageSuccessor extends LineageNode {
  relation: Relation;
  share: number | null;
  shareBasis: CrosswalkRow['shareBasis'];
  partial: boolean;
  primary: boolean;
}

/** What a later version made of a node: the version that last held it, the one that replaced it, and the successors. */
export interface Replacement {
  node: LineageNode;
  /** The last version that holds the node. */
  lastVersion: string;
  /** The first version without it. */
  replacedIn: string;
  /** Release specs of the two sides (`@1.0.1`, `@2.0.0`; empty: the content shown), for a crosswalk link. */
  fromSpec: string;
  toSpec: string;
  successors: LineageSuccessor[];
  /** Why, from the crosswalk row (a retirement reason or the lineage note). */
  reason?: string;
}

/** An earlier node this one continues, by title, from the last version that held it. */
export interface LineagePredecessor extends LineageNode {
  version: string;
  share: number | null;
  relation?: Relation;
}
