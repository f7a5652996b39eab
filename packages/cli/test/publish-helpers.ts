import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '@ccf/core';
import { sha256 } from '@ccf/core/node';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

/** The shared helper from core's tests, loaded by path (see diff.test.ts). */
export interface GitRepo {
  dir: string;
  commit(files: Record<string, string | null>, message?: string): Promise<string>;
  git(args: string[]): string;
  cleanup(): Promise<void>;
}
const helperPath = '@ccf/core/testing';
export const { gitRepo } = (await import(/* @vite-ignore */ helperPath)) as {
  gitRepo: (files?: Record<string, string | null>) => Promise<GitRepo>;
};

export const fixtureContent = new URL('./fixtures/publish/content/', import.meta.url).pathname;
export const bin = new URL('../dist/bin.js', import.meta.url).pathname;

/** A git repository holding the fixture content, committed. */
export async function contentRepo(): Promise<GitRepo> {
  const repo = await gitRepo();
  cpSync(fixtureContent, join(repo.dir, 'content'), { recursive: true });
  await repo.commit({}, 'content');
  return repo;
}

export async function run(cwd: string, argv: string[], env: Record<string, string | undefined> = {}) {
  const r = { out: '', err: '' };
  const io: Io = {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    isTTY: false,
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
  };
  const code = await main(argv, io);
  return { code, ...r };
}

/** File name → SHA-256 of every file in a folder. */
export function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, sha256(readFileSync(join(dir, f)))]),
  );
}

/** Checks that a folder's manifest.json agrees with its files; returns the manifest. */
export function checkManifest(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const have = hashes(dir);
  delete have['manifest.json'];
  const listed = Object.fromEntries(manifest.files.map((f) => [f.path, f.sha256]));
  if (JSON.stringify(have) !== JSON.stringify(listed)) throw new Error(`manifest disagrees with files in ${dir}`);
  return manifest;
}
