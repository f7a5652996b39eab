import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './facts.js';

/** Which @ccf packages each package may depend on (DESIGN.md: cli → server, publish, diff, lint → core). */
const allowed: Record<string, string[]> = {
  core: [],
  lint: ['core'],
  diff: ['core'],
  publish: ['core'],
  server: ['core', 'diff', 'publish', 'lint'],
  cli: ['core', 'lint', 'diff', 'publish', 'server'],
};

const packagesDir = join(repoRoot, 'packages');
const packages = readdirSync(packagesDir).filter((p) => !p.startsWith('.'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules') && !e.parentPath.includes('dist'),
    )
    .map((e) => join(e.parentPath, e.name));
}

describe('package dependency direction', () => {
  it('knows every package', () => {
    expect(packages.sort()).toEqual(Object.keys(allowed).sort());
  });

  for (const pkg of packages) {
    it(`@ccf/${pkg} imports only allowed packages, never another package's files`, () => {
      const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((d) => d.startsWith('@ccf/'))
        .map((d) => d.slice(5));
      expect(
        declared.filter((d) => !allowed[pkg]!.includes(d)),
        'package.json',
      ).toEqual([]);

      const problems: string[] = [];
      for (const file of sourceFiles(join(packagesDir, pkg))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
          const spec = m[1]!;
          const ccf = /^@ccf\/([^/]+)/.exec(spec);
          if (ccf && ccf[1] !== pkg && !allowed[pkg]!.includes(ccf[1]!)) problems.push(`${file}: ${spec}`);
          if (ccf && ccf[1] !== pkg && !declared.includes(ccf[1]!)) problems.push(`${file}: ${spec} (not in package.json)`);
          if (
            spec.startsWith('.') &&
            /(^|\/)\.\.\/\.\.\/(?!\.\.)/.test(spec) &&
            /packages\/|\.\.\/\.\.\/(core|lint|diff|publish|server|cli)\//.test(spec)
          )
            problems.push(`${file}: ${spec}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('has no cycles', () => {
    const visit = (p: string, path: string[]): void => {
      expect(path, `cycle: ${[...path, p].join(' → ')}`).not.toContain(p);
      for (const d of allowed[p] ?? []) visit(d, [...path, p]);
    };
    for (const p of packages) visit(p, []);
  });
});

describe('generated files', () => {
  const generator = join(repoRoot, 'scripts/gen-types.mjs');
  const docsGenerator = join(repoRoot, 'scripts/gen-rule-docs.mjs');

  it('every generated type file is up to date with schemas/', () => {
    // Exits 1 naming each packages/*/src/generated/*.ts that differs from a fresh generation.
    expect(() => execFileSync(process.execPath, [generator, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it("@ccf/lint's bundled rule docs are up to date with docs/rules/ (run `node scripts/gen-rule-docs.mjs`)", () => {
    expect(() => execFileSync(process.execPath, [docsGenerator, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every contract schema has generated types, and every generated file comes from the generator', () => {
    const sources = JSON.parse(execFileSync(process.execPath, [generator, '--list'], { encoding: 'utf8' })) as Record<string, string[]>;
    // ccf.config.json is an input the user writes, read by @ccf/lint's config loader, not a contract ccf publishes.
    const notContracts = ['schemas/ccf-config.schema.json'];
    const schemas = readdirSync(join(repoRoot, 'schemas'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.schema.json') && !f.startsWith('external'))
      .map((f) => `schemas/${f.split(sep).join('/')}`)
      .filter((f) => !notContracts.includes(f));
    // (The config schema is read by its generated validator, not for types.)
    expect([...new Set(Object.values(sources).flat())].filter((f) => !notContracts.includes(f)).sort()).toEqual(schemas.sort());
    const generated = packages.flatMap((p) =>
      readdirSync(join(packagesDir, p, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.split(sep).includes('generated') && f.endsWith('.ts'))
        .map((f) => `packages/${p}/src/${f.split(sep).join('/')}`),
    );
    const docs = JSON.parse(execFileSync(process.execPath, [docsGenerator, '--list'], { encoding: 'utf8' })) as Record<string, string[]>;
    expect([...Object.keys(sources), ...Object.keys(docs)].sort()).toEqual(generated.sort());
  });
});
