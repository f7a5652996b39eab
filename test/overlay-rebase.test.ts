import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type Io } from '@ccf/cli';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const example = join(repoRoot, 'examples/state-overlay');
const committed = join(repoRoot, 'examples/state-overlay-rebased');

function io(env: Record<string, string> = {}): Io & { out: string; err: string } {
  const self = {
    out: '',
    err: '',
    cwd: repoRoot,
    env,
    isTTY: false,
    stdout: (t: string) => void (self.out += t),
    stderr: (t: string) => void (self.err += t),
  };
  return self;
}

/** Every file under `dir` by relative path → text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const temps: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ccf-rebase-'));
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ccf rebase (the worked example)', () => {
  it('re-bases examples/state-overlay onto @2.0.0 exactly as committed in examples/state-overlay-rebased', async () => {
    const out = join(temp(), 'rebased');
    const cli = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', example, '--out', out], cli)).toBe(1);
    expect(tree(out)).toEqual(tree(committed));
    expect(cli.out).toMatch(/^ccf rebase: 1\.0\.0 → 2\.0\.0: .* 11 conflicts for the state/);
  }, 120_000);

  it('--dry-run --format markdown prints what the national change means and writes nothing', async () => {
    const dir = join(temp(), 'overlay');
    cpSync(example, dir, { recursive: true });
    const before = tree(dir);
    const cli = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', dir, '--dry-run', '--format', 'markdown'], cli)).toBe(0);
    expect(cli.out).toBe(readFileSync(join(committed, 'rebase-2.0.0/worklist.md'), 'utf8'));
    expect(tree(dir)).toEqual(before);
  }, 120_000);

  it('rewrites the overlay in place, all files or none: a write that fails leaves every file as it was', async () => {
    const dir = join(temp(), 'overlay');
    cpSync(example, dir, { recursive: true });
    const before = tree(dir);
    for (const step of ['rebase:temp-written=ENOSPC', 'rebase:renamed=EIO']) {
      const cli = io({ CCF_TEST_FAILPOINT: step });
      expect(await main(['rebase', '@2.0.0', '--overlay', dir], cli)).toBe(1);
      expect(cli.err).toMatch(/cannot write .*the overlay was left as it was/);
      expect(tree(dir)).toEqual(before);
    }
    expect(await main(['rebase', '@2.0.0', '--overlay', dir], io())).toBe(1);
    const after = tree(dir);
    const { 'README.md': _readme, ...rest } = after;
    const { 'README.md': _r2, ...expected } = tree(committed);
    expect(rest).toEqual(expected);
  }, 120_000);

  it('refuses an overlay file that does not parse, positioned, and writes nothing', async () => {
    const dir = join(temp(), 'overlay');
    cpSync(example, dir, { recursive: true });
    const bad = join(dir, 'nodes/insurance.md');
    writeFileSync(bad, '---\nid: insurance\nhidden: [\n---\n');
    const before = tree(dir);
    const cli = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', dir], cli)).toBe(1);
    expect(cli.err).toMatch(/nodes\/insurance\.md:\d+:\d+/);
    expect(tree(dir)).toEqual(before);
  }, 120_000);
});

describe('ccf rebase --out: the worklist and the folder', () => {
  it('points each worklist row at its key in the file as written, after keys deleted above it', async () => {
    const dir = join(temp(), 'overlay');
    mkdirSync(join(dir, 'nodes'), { recursive: true });
    cpSync(join(example, 'framework.md'), join(dir, 'framework.md'));
    // The nation moves this pathway to where the state had moved it (so `parent` goes) and renames it (a conflict).
    writeFileSync(
      join(dir, 'nodes/counseling.md'),
      '---\nid: counseling-mental-health-services\nparent: health-science\ntitle: Counseling & Wellness\n---\n',
    );
    const out = join(temp(), 'rebased');
    const cli = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', dir, '--out', out], cli)).toBe(1);
    const written = readFileSync(join(out, 'nodes/counseling.md'), 'utf8').split('\n');
    expect(written).toEqual(['---', 'id: behavioral-mental-health', 'title: Counseling & Wellness', '---', '']);
    const row = readFileSync(join(out, 'rebase-2.0.0/worklist.csv'), 'utf8').split('\r\n')[1]!;
    expect(row).toMatch(/^renamed-both,nodes\/counseling\.md,3,1,counseling-mental-health-services,/);
    expect(written[2]).toMatch(/^title:/);
    expect(cli.out).toMatch(/nodes\/counseling\.md:3:1 {2}conflict {2}renamed-both/);
    // A dry run rewrites nothing: its rows point into the files as they are.
    const dry = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', dir, '--dry-run'], dry)).toBe(0);
    expect(dry.out).toMatch(/nodes\/counseling\.md:4:1 {2}conflict {2}renamed-both/);
  }, 120_000);

  it('copies what else the overlay folder holds (README, notes, images), never a symbolic link', async () => {
    const dir = join(temp(), 'overlay');
    cpSync(example, dir, { recursive: true });
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/notes.txt'), 'State notes\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    writeFileSync(join(dir, 'docs/logo.png'), png);
    const secret = join(temp(), 'secret.txt');
    writeFileSync(secret, 'not the overlay’s\n');
    symlinkSync(secret, join(dir, 'docs/link.txt'));
    const out = join(temp(), 'rebased');
    const cli = io();
    expect(await main(['rebase', '@2.0.0', '--overlay', dir, '--out', out], cli)).toBe(1);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe(readFileSync(join(example, 'README.md'), 'utf8'));
    expect(readFileSync(join(out, 'docs/notes.txt'), 'utf8')).toBe('State notes\n');
    expect(readFileSync(join(out, 'docs/logo.png')).equals(png)).toBe(true);
    expect(existsSync(join(out, 'docs/link.txt'))).toBe(false);
    expect(cli.err).toMatch(/docs\/link\.txt: a symbolic link, not copied/);
  }, 120_000);
});

describe('ccf diff <overlay> (how a state differs from its base)', () => {
  it('lists hidden, renamed, moved, re-coded and state-only nodes and the programs below each', async () => {
    const cli = io();
    expect(await main(['diff', 'examples/state-overlay', '--format', 'json'], cli)).toBe(0);
    const { base, rows } = JSON.parse(cli.out) as {
      base: string;
      rows: { id: string; origin: string; changes: string[]; parent: string; programs: string[] }[];
    };
    expect(base).toBe('1.0.0');
    const row = (id: string): string => {
      const r = rows.find((x) => x.id === id)!;
      return `${r.origin} ${r.changes.join('+')} ${r.parent} ${r.programs.length}`;
    };
    expect(row('insurance')).toBe('hidden hidden  0');
    expect(row('banking-services')).toBe('modified renamed+recoded finance 1');
    expect(row('telecommunications')).toBe('modified moved information-technology 0');
    expect(row('engineering-technology')).toBe('modified renamed+moved xs-engineering 0');
    expect(row('early-childhood-development-services')).toBe('modified redefined+scoped human-services 1');
    expect(row('xs-renewable-energy')).toBe('state added xs-energy 2');
    expect(row('construction')).toBe('national  architecture-construction 1');
    expect(
      rows
        .filter((r) => r.origin === 'hidden')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['foreign-service', 'insurance', 'national-security', 'science-mathematics']);
    expect(rows.reduce((n, r) => n + r.programs.length, 0)).toBe(15);
    const csv = io();
    expect(await main(['diff', 'examples/state-overlay', '--format', 'csv'], csv)).toBe(0);
    expect(csv.out.split('\r\n')[0]).toBe('id,level,origin,changes,nationalTitle,title,nationalParent,parent,reason,programs');
  }, 120_000);
});
