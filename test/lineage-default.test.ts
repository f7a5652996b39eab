// Lineage is checked without a flag: `derivedFrom` resolves against the work tree and every release in releases/.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type Io } from '@ccf/cli';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const temps: string[] = [];
/** The releases of this repository as the message lists them: `1.0.0, 1.0.1, 2.0.0 or 2.1.0` (index order). */
const versions = (JSON.parse(readFileSync(join(root, 'releases/index.json'), 'utf8')) as { releases: { version: string }[] }).releases.map(
  (r) => r.version,
);
const RELEASES = `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)}`;
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

async function ccf(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = { stdout: '', stderr: '' };
  const io: Io = { cwd, env: {}, isTTY: false, stdout: (t) => void (r.stdout += t), stderr: (t) => void (r.stderr += t) };
  return { code: await main([...argv, '--no-cache'], io), ...r };
}

interface Reported {
  ruleId: string;
  severity: string;
  message: string;
  note?: string;
  file: string;
}

describe('lineage by default', () => {
  it('reports no false error on unchanged content against @2.0.0 (its lineage names 2002 ids)', async () => {
    const r = await ccf(root, ['lint', '--against', '@2.0.0', '--format', 'json']);
    const errors = (JSON.parse(r.stdout) as Reported[]).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports a typo in `derivedFrom` in plain `ccf lint`, with a did-you-mean from the releases', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'ccf-lineage-'));
    temps.push(repo);
    cpSync(join(root, 'content'), join(repo, 'content'), { recursive: true });
    cpSync(join(root, 'releases'), join(repo, 'releases'), { recursive: true });
    const file = join(repo, 'content/clusters/financial-services/banking-credit.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - banking-services\n', '  - mortgage-lending\n  - bankng-services\n'));
    const r = await ccf(repo, ['lint', '--format', 'json']);
    const found = (JSON.parse(r.stdout) as Reported[]).filter((d) => d.ruleId === 'derived-from-resolves');
    expect(found.map((d) => [d.file, d.severity, d.message])).toEqual([
      [
        'content/clusters/financial-services/banking-credit.md',
        'error',
        `Unexpected \`mortgage-lending\` in \`derivedFrom\`, expected the id of a node in this version or release ${RELEASES}`,
      ],
      [
        'content/clusters/financial-services/banking-credit.md',
        'error',
        `Unexpected \`bankng-services\` in \`derivedFrom\`, expected the id of a node in this version or release ${RELEASES}`,
      ],
    ]);
    expect(found[1]!.note).toBe('Did you mean `banking-services`?');
    expect(r.code).toBe(1);
  });
});
