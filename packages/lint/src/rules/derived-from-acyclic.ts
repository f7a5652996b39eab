import type { ParsedFile } from '@ccf/core';
import { cmp } from '@ccf/core';
import type { Rule } from '../types.js';
import { nodeFiles, pathId, place, stringItems } from './util.js';

export const derivedFromAcyclic: Rule = {
  id: 'derived-from-acyclic',
  description: 'Lineage has no cycles: no node continues itself, directly or through other nodes of the same version.',
  defaultSeverity: 'error',
  check({ load, report }) {
    const files = new Map<string, ParsedFile & { data: Record<string, unknown> }>();
    for (const f of nodeFiles(load.files)) if (!files.has(pathId(f))) files.set(pathId(f), f);
    const edges = new Map<string, string[]>();
    for (const [id, f] of files)
      edges.set(
        id,
        stringItems(f.data.derivedFrom).flatMap(([d]) => (files.has(d) ? [d] : [])),
      );

    // Tarjan's strongly connected components, iteratively (no recursion on user data).
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    for (const start of [...files.keys()].sort(cmp)) {
      if (idx.has(start)) continue;
      const work: [string, number][] = [[start, 0]];
      idx.set(start, index);
      low.set(start, index++);
      stack.push(start);
      onStack.add(start);
      while (work.length) {
        const top = work[work.length - 1]!;
        const [v, i] = top;
        const next = edges.get(v)![i];
        if (next !== undefined) {
          top[1]++;
          if (!idx.has(next)) {
            idx.set(next, index);
            low.set(next, index++);
            stack.push(next);
            onStack.add(next);
            work.push([next, 0]);
          } else if (onStack.has(next)) low.set(v, Math.min(low.get(v)!, idx.get(next)!));
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(v)!));
        if (low.get(v) === idx.get(v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== v);
          components.push(comp);
        }
      }
    }
    for (const comp of components) {
      const members = new Set(comp);
      for (const id of [...comp].sort(cmp)) {
        const f = files.get(id)!;
        for (const [d, i] of stringItems(f.data.derivedFrom)) {
          if (!members.has(d)) continue;
          if (d !== id && comp.length === 1) continue;
          const cycle =
            d === id
              ? `\`${id}\` → \`${id}\``
              : [...comp]
                  .sort(cmp)
                  .map((c) => `\`${c}\``)
                  .join(', ');
          report({
            file: f.path,
            ...place(f, `/derivedFrom/${i}`),
            message:
              d === id
                ? `Unexpected \`${id}\` in its own \`derivedFrom\`, expected ids of earlier nodes only`
                : `Unexpected \`${d}\` in \`derivedFrom\`, a cycle through ${cycle}, expected lineage to point back to earlier versions only`,
            note:
              d === id
                ? 'A node that keeps its id continues itself already: remove the entry.'
                : 'Lineage runs from an earlier version to this one; two nodes of one version cannot each continue the other.',
          });
        }
      }
    }
  },
};
