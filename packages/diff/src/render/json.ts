import type { ChangeSet } from '../types.js';

/** The change set as JSON (the contract: schemas/changeset.schema.json), two-space indent, trailing newline. */
export function renderChangeSetJson(cs: ChangeSet): string {
  return JSON.stringify(cs, null, 2) + '\n';
}
