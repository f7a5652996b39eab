import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiSurface, surfacePath, surfaceText } from '../scripts/api-surface.mjs';

// Every name each package.json `exports` entry gives, with its kind, read by the TypeScript compiler
// from the sources. A change to a package's public surface shows up here and in review as a change to
// packages/<pkg>/etc/exports.md. After an intended change: `npm run api:update`.
describe('public API surface', () => {
  const surface = apiSurface() as Record<string, Record<string, string[]>>;
  for (const [pkg, entries] of Object.entries(surface)) {
    it(`@ccf/${pkg} exports what packages/${pkg}/etc/exports.md lists`, () => {
      expect(surfaceText(pkg, entries)).toBe(readFileSync(surfacePath(pkg), 'utf8'));
    });
  }
});
