#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by package and by function.
//   node bench/profile.mjs <file.cpuprofile> [--top N]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a frame's code lives: an npm package, a ccf package, node itself, or V8's own work. */
function owner(url, name) {
  if (!url) return name === '(garbage collector)' ? '(gc)' : name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const pkg = /packages\/([^/]+)\//.exec(url);
  if (pkg) return `@ccf/${pkg[1]}`;
  if (url.startsWith('node:')) return 'node';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

/** Self milliseconds per package and per function, largest first. */
export function summarize(profile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  const pkgs = new Map();
  const fns = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const { callFrame: f } = byId.get(id);
    const pkg = owner(f.url, f.functionName);
    const fn = `${f.functionName || '(anonymous)'} ${pkg}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + ms);
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
    total += ms;
  }
  const rank = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
  return { total_ms: Math.round(total), packages: rank(pkgs), functions: rank(fns) };
}

/** The summary as text. */
export function formatSummary(s) {
  const lines = [`total sampled: ${s.total_ms} ms`, '', 'self time by package:'];
  for (const p of s.packages) lines.push(`  ${String(p.ms).padStart(7)} ms ${String(p.share).padStart(5)}%  ${p.name}`);
  lines.push('', 'self time by function:');
  for (const f of s.functions) lines.push(`  ${String(f.ms).padStart(7)} ms ${String(f.share).padStart(5)}%  ${f.name}`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, flag, n] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile.mjs <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')), flag === '--top' ? Number(n) : 15);
  process.stdout.write(formatSummary(summary));
}
