// Messages that reach HTTP clients name things the way the site does (`releases/1.0.0`, `content`),
// never where the repository sits on the server's disk: a path says who runs it and how the machine
// is laid out. The full text goes to the terminal instead.
import { readdirSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';

let topLevel: Set<string> | undefined;
/** The names at the top of this machine's file system (`home`, `tmp`, `Users`, …), read once. */
function topLevelNames(): Set<string> {
  if (!topLevel) {
    try {
      topLevel = new Set(readdirSync('/'));
    } catch {
      topLevel = new Set();
    }
  }
  return topLevel;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that rewrites paths under `root` as root-relative names and hides any other path on this machine. */
export function pathRedactor(root: string): (text: string) => string {
  const roots = new Set([root]);
  try {
    roots.add(realpathSync(root));
  } catch {
    // A root that is gone has no other name.
  }
  // Longest first, so a root inside another is not cut in half.
  const under = [...roots]
    .sort((a, b) => b.length - a.length)
    .map((r) => new RegExp(`${escape(r.endsWith(sep) ? r : r + sep)}|${escape(r)}(?![^\\s'"\`),;:])`, 'g'));
  return (text) => {
    let out = text;
    for (const re of under) out = out.replace(re, (m) => (m.endsWith(sep) ? '' : '.'));
    // Anything still starting at the top of this machine's file system (`/home/…`, `/tmp/…`, `C:\…`) is
    // outside what the server shows. Checked against the real top-level names so that JSON pointers in
    // messages (`/source/commit`) and URL paths (`/api/v1/…`) stay as they are.
    out = out.replace(/(?<![\w.~-])\/([^\s/'"`),;:]+)(?:\/[^\s'"`),;:]*)?/g, (m, first: string) => (topLevelNames().has(first) ? '…' : m));
    return out.replace(/(?<![\w])[A-Za-z]:\\[^\s'"`),;:]*/g, '…');
  };
}
