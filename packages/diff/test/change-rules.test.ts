import { describe, expect, it } from 'vitest';
import { sentence } from '../src/describe.js';
import { diffFrameworks, type ChangeSeverity } from '../src/index.js';
import { changeRule } from '../src/rules/index.js';
import { cases } from './change-cases.js';
import { base } from './helpers.js';
import { versions } from './memory.js';

const BUMP: Record<ChangeSeverity, string> = { breaking: 'major', notable: 'minor', editorial: 'patch' };

for (const [id, c] of Object.entries(cases)) {
  describe(id, () => {
    it('classifies its case at its level, with its message; the config re-levels it or turns it off', async () => {
      const rule = changeRule(id)!;
      const [from, to] = await versions(base, c.edit);
      const cs = diffFrameworks(from, to);
      expect(cs.changes.map((x) => [x.rule, x.kind, x.severity])).toEqual([[id, rule.kind, rule.level]]);
      const text = sentence(cs, cs.changes[0]!)
        .map((p) => ('text' in p ? p.text : 'code' in p ? p.code : p.name))
        .join('');
      expect(text).toBe(c.message);

      // Each case makes this one change, so the bump is the rule's level, and follows an override.
      expect(cs.changes).toHaveLength(1);
      expect(cs.bump).toBe(BUMP[rule.level]);
      const other: ChangeSeverity = rule.level === 'breaking' ? 'editorial' : 'breaking';
      const moved = diffFrameworks(from, to, { changes: { [id]: other } });
      expect(moved.changes.filter((x) => x.rule === id).map((x) => x.severity)).toEqual([other]);
      expect(moved.summary.bySeverity[other]).toBe(1);
      expect(moved.bump).toBe(BUMP[other]);
      const off = diffFrameworks(from, to, { changes: { [id]: 'off' } });
      expect(off.changes.filter((x) => x.rule === id)).toEqual([]);
      expect(off.summary.bySeverity).toEqual({ breaking: 0, notable: 0, editorial: 0 });
      expect(off.crosswalk).toEqual(cs.crosswalk);
      expect(off.bump).toBe('none');
    });
  });
}
