import type { Framework, ReleaseIndex, ReleaseIndexEntry } from '@ccf/core';
import { compareVersions } from '@ccf/core';
import { SemVer } from 'semver';
import { CommandError } from './io.js';

// Release lines (ADR 0017): the releases of one major version form a line, as npm and Node keep maintenance lines.
// A new release follows the latest release of its own line, so corrected outputs of an older edition can ship after
// a newer major exists, without rewriting a release.

/** Where a new version sits among the releases: the line it joins and the release it follows. */
export interface Placement {
  /** The major version that names the line (`1` for 1.x). */
  major: number;
  /** The releases of that line, lowest first. */
  line: ReleaseIndexEntry[];
  /** The release the new one follows and is compared with: the latest of its line, else the latest release below it. */
  previous?: ReleaseIndexEntry;
  /** Set when the line is below the highest one: a maintenance release (1.0.1 after 2.0.0). */
  maintenance?: true;
  /** Set when the version starts a line below the highest one: allowed only with --force. */
  startsOldLine?: true;
}

const majorOf = (version: string): number => new SemVer(version).major;

/**
 * Places `version` on its line. Refuses a version that does not sort after every release of its line, and one that
 * starts a line below the highest line unless `force` is set (a line is started by its first major release, which
 * at the time was the latest).
 */
export function placeVersion(index: ReleaseIndex | undefined, version: string, force: boolean): Placement {
  const all = [...(index?.releases ?? [])].sort((a, b) => compareVersions(a.version, b.version));
  const major = majorOf(version);
  const line = all.filter((r) => majorOf(r.version) === major);
  const top = all.at(-1);
  const lineLast = line.at(-1);
  if (lineLast) {
    if (compareVersions(version, lineLast.version) <= 0) {
      const isTop = lineLast === top;
      throw new CommandError(
        'RELEASE_NOT_AFTER_LATEST',
        `Unexpected version ${version}, expected a version after ${lineLast.version} (the latest release${isTop ? '' : ` of the ${major}.x line`})`,
        { hint: `Releases are never rewritten: choose a version after ${lineLast.version}.` },
      );
    }
    return { major, line, previous: lineLast, ...(lineLast === top ? {} : { maintenance: true as const }) };
  }
  // A new major line: above every release it is the next release, as ever; below one, it has nothing to maintain.
  if (!top || compareVersions(version, top.version) > 0) return { major, line, ...(top ? { previous: top } : {}) };
  const below = all.filter((r) => compareVersions(r.version, version) < 0).at(-1);
  if (!force)
    throw new CommandError(
      'RELEASE_NO_LINE',
      `Unexpected version ${version}, expected a version after ${top.version} (the latest release) or after the latest release of an existing line: no release is on the ${major}.x line`,
      {
        hint:
          `A maintenance release continues a line: ${lines(all)}. ` + 'To start a line below the latest anyway, pass --force --reason "…".',
      },
    );
  return { major, line, ...(below ? { previous: below } : {}), maintenance: true, startsOldLine: true };
}

/** The existing lines and their latest releases, for a hint: `1.x (latest 1.0.0), 2.x (latest 2.0.0)`. */
function lines(all: ReleaseIndexEntry[]): string {
  const latest = new Map<number, string>();
  for (const r of all) latest.set(majorOf(r.version), r.version);
  return [...latest].map(([m, v]) => `${m}.x (latest ${v})`).join(', ');
}

/**
 * Refuses content whose edition is not the edition of the line: an edition is a major line, so a 2002-edition release
 * cannot sit on the 2.x line, nor a 2024-edition one on 1.x. The hint names the line that holds the edition.
 */
export function checkEdition(placement: Placement, framework: Framework, index: ReleaseIndex | undefined): void {
  const held = placement.line.at(-1);
  const edition = framework.meta.edition;
  if (!held || held.edition === edition) return;
  const home = [...(index?.releases ?? [])]
    .sort((a, b) => compareVersions(a.version, b.version))
    .filter((r) => r.edition === edition)
    .at(-1);
  throw new CommandError(
    'RELEASE_EDITION_MISMATCH',
    `Unexpected ${edition} edition on the ${placement.major}.x line, expected the ${held.edition} edition that ${held.version} holds`,
    {
      hint: home
        ? `The ${edition} edition is released on the ${majorOf(home.version)}.x line: release it after ${home.version} (e.g. ${nextPatch(home.version)}).`
        : `A new edition is a new major line: release it as ${nextMajor(index)}.`,
    },
  );
}

function nextPatch(version: string): string {
  return new SemVer(version).inc('patch').version;
}

function nextMajor(index: ReleaseIndex | undefined): string {
  const top = (index?.releases ?? [])
    .map((r) => r.version)
    .sort(compareVersions)
    .at(-1);
  return top ? new SemVer(top).inc('major').version : '1.0.0';
}

/**
 * Which version the content may say it is. Content in a folder (the work tree) says what it is: its framework.md
 * `version` must be the version released. Content read from a git ref or a release cannot be edited without rewriting
 * history, so it may also be the content of a release of the same line (`--from @1.0.0`, or the commit 1.0.0 was made
 * from), re-released under the command's version; the manifest names its source commit.
 */
export function checkContentVersion(version: string, framework: Framework, placement: Placement): 'same' | 'republished' {
  const says = framework.meta.version;
  if (says === version) return 'same';
  const released = placement.line.some((r) => r.version === says);
  if (framework.source.kind !== 'directory' && released) return 'republished';
  throw new CommandError('RELEASE_VERSION_MISMATCH', `Unexpected version ${version}, expected the version framework.md gives (${says})`, {
    hint:
      framework.source.kind === 'directory'
        ? `Set \`version: "${version}"\` in framework.md and commit it, then release.`
        : `Content from ${framework.source.label} may only be released as its own version, or as a later version of the ${placement.major}.x line when it is the content of a release of that line.`,
  });
}

/** What the changelog says about the files, given the previous release's manifest and the new one. */
export interface FileComparison {
  previous: { version: string; tool?: string; files: Map<string, { sha256: string }> };
  next: { tool: string; files: Map<string, { sha256: string }> };
  /** Set when the content is that of a release, published again (`--from @1.0.0`): names it and its commit. */
  republished?: { version: string; commit?: string };
}

/**
 * The changelog section on the files themselves: which are new, changed, gone or byte-identical since the previous
 * release, and which ccf wrote each. When the content is unchanged, every difference is a change of ccf's outputs
 * (a tool fix), and a consumer of the earlier files needs exactly this list.
 */
export function renderFileChanges(c: FileComparison): string {
  const names = [...new Set([...c.previous.files.keys(), ...c.next.files.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: string[] = [];
  const same: string[] = [];
  for (const name of names) {
    const before = c.previous.files.get(name);
    const after = c.next.files.get(name);
    if (before && after && before.sha256 === after.sha256) same.push(name);
    else rows.push(`| \`${name}\` | ${!before ? 'new' : !after ? 'no longer published' : 'changed'} |`);
  }
  const v = c.previous.version;
  const by = (tool: string | undefined): string => (tool ? `ccf ${tool}` : 'an unknown ccf');
  const lines = [
    '## What changed in the files',
    '',
    c.republished
      ? `The content is that of ${c.republished.version}${c.republished.commit ? ` (commit ${c.republished.commit.slice(0, 12)})` : ''}, ` +
        `published again by ${by(c.next.tool)}; ${v} was published by ${by(c.previous.tool)}. ` +
        'Every difference below is a correction of the files, not of the framework.'
      : `Published by ${by(c.next.tool)}; ${v} was published by ${by(c.previous.tool)}.`,
    '',
  ];
  if (rows.length) lines.push('| file | since ' + v + ' |', '| --- | --- |', ...rows, '');
  lines.push(
    same.length ? `Byte-identical to ${v}: ${same.map((n) => `\`${n}\``).join(', ')}.` : `No file is byte-identical to ${v}.`,
    '',
    `A consumer of ${v}'s files replaces every new or changed file and checks each against \`manifest.json\` ` +
      '(its SHA-256 is in `releases/index.json`); ids are unchanged unless the changes above say otherwise.',
    '',
  );
  return lines.join('\n');
}
