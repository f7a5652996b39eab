// Being written (issue 4): reads a framework from a git ref with ls-tree + one cat-file --batch.
import type { FileSource } from './types.js';

export interface GitSourceOptions {
  repo: string;
  ref: string;
  contentDir: string;
}

export function gitSource(options: GitSourceOptions): FileSource {
  throw new Error(`reading from git is not implemented yet (${options.ref})`);
}
