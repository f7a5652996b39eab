#!/usr/bin/env node
// The benchmark: every row measured as a whole process on the same generated corpus, median of
// --runs (≥ 3), with peak RSS; ratios against the floor, the naive pipeline and a real peer.
//
//   npm run bench -- --nodes 50000 [--peer-nodes 10000] [--runs 3] [--curve] [--only a,b] [--no-build]
//                    [--profile row,row] [--out bench/results.json]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCorpus } from './generate.mjs';
import { formatSummary, summarize } from './profile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const work = join(here, '.work');
const cli = join(root, 'packages/cli/dist/bin.js');
const schemas = join(root, 'schemas');
const ROWS = ['floor', 'naive', 'peer', 'lint_cold', 'lint_warm', 'diff', 'git_diff', 'publish'];

function parseArgs(argv) {
  const a = { nodes: 10000, peerNodes: undefined, runs: 3, curve: false, only: undefined, build: true, profile: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--nodes') a.nodes = Number(value());
    else if (arg === '--peer-nodes') a.peerNodes = Number(value());
    else if (arg === '--runs') a.runs = Number(value());
    else if (arg === '--curve') a.curve = true;
    else if (arg === '--only') a.only = value().split(',');
    else if (arg === '--no-build') a.build = false;
    else if (arg === '--profile') a.profile = value().split(',');
    else if (arg === '--out') a.out = resolve(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(
        'usage: npm run bench -- --nodes N [--peer-nodes M] [--runs R] [--curve] [--only rows] [--no-build] [--profile rows] [--out file]\n' +
          `rows: ${ROWS.join(', ')}\n`,
      );
      process.exit(0);
    } else fail(`unexpected argument ${arg}`);
  }
  if (!Number.isInteger(a.nodes) || a.nodes < 2) fail('--nodes must be an integer ≥ 2');
  a.peerNodes ??= Math.min(a.nodes, 10000);
  if (!Number.isInteger(a.peerNodes) || a.peerNodes < 2) fail('--peer-nodes must be an integer ≥ 2');
  if (!Number.isInteger(a.runs) || a.runs < 1) fail('--runs must be a positive integer');
  for (const r of [...(a.only ?? []), ...(a.profile ?? [])]) if (!ROWS.includes(r)) fail(`unknown row ${r}; rows: ${ROWS.join(', ')}`);
  a.out ??= a.only ? join(work, 'results.partial.json') : join(here, 'results.json');
  return a;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 3) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

const rssProbe = pathToFileURL(join(here, 'rss.mjs')).href;
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0);

/**
 * Runs one command as a whole process: wall seconds and peak RSS (MB). Node processes report
 * their own peak through the preloaded probe; other programs (git) through GNU time when the
 * machine has it, else RSS is unknown (null).
 */
function measure({ cmd, args, cwd, node = true, expect = [0], env = {} }) {
  const rssFile = join(work, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  let file = cmd;
  let argv = args;
  if (!node && gnuTime) {
    file = gnuTime;
    argv = ['-f', '%M', '-o', rssFile, cmd, ...args];
  }
  const nodeOptions = [process.env.NODE_OPTIONS, `--import=${rssProbe}`].filter(Boolean).join(' ');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, {
    cwd,
    env: { ...process.env, ...env, ...(node ? { NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile } : {}) },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (!expect.includes(r.status)) {
    throw new Error(
      `${relative(root, cmd) || cmd} ${args.join(' ')} exited ${r.status ?? r.signal} (expected ${expect.join('/')}) in ${cwd}\n` +
        `${(r.stderr || r.stdout || '').slice(0, 2000)}`,
    );
  }
  let rss = null;
  if (existsSync(rssFile)) {
    // One line per process (a command that starts more Node processes adds theirs): the sum bounds the peak.
    const kib = readFileSync(rssFile, 'utf8')
      .split('\n')
      .filter((l) => /^\d+$/.test(l.trim()))
      .reduce((a, l) => a + Number(l), 0);
    rss = kib ? kib / 1024 : null;
    rmSync(rssFile, { force: true });
  }
  return { seconds, rss, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Median seconds and the highest peak RSS over `runs` runs; `before` prepares each run, untimed. */
function repeat(name, runs, spec, before) {
  const times = [];
  const rss = [];
  let last;
  for (let i = 0; i < runs; i++) {
    before?.();
    last = measure(typeof spec === 'function' ? spec() : spec);
    times.push(last.seconds);
    if (last.rss !== null) rss.push(last.rss);
    log(`  ${name} run ${i + 1}/${runs}: ${last.seconds.toFixed(3)} s${last.rss !== null ? `, ${Math.round(last.rss)} MB` : ''}`);
  }
  return { seconds: median(times), rss: rss.length ? Math.max(...rss) : null, runs: times, last };
}

/** The `ccf` subcommands the built CLI has, from its help. */
function ccfCommands() {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  const names = new Set();
  let inCommands = false;
  for (const line of (r.stdout ?? '').split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands) {
      const m = /^ {2}([a-z][a-z-]*)/.exec(line);
      if (m) names.add(m[1]);
    }
  }
  return names;
}

function subcommandHelp(name) {
  return spawnSync(process.execPath, [cli, name, '--help'], { encoding: 'utf8' }).stdout ?? '';
}

function gitShow(dir, spec) {
  return execFileSync('git', ['show', spec], { cwd: dir, maxBuffer: 1 << 26 });
}

function peerRc(corpusDir) {
  // remark-lint-frontmatter-schema resolves schema paths from the corpus root. Its ajv is the
  // draft-07 class: skip meta-schema validation (it does not know the 2020-12 meta-schema); every
  // keyword our schemas use means the same in draft-07, so validation is the same.
  const rel = (name) => relative(corpusDir, join(schemas, name));
  const rc = {
    plugins: [
      'remark-frontmatter',
      [
        'remark-lint-frontmatter-schema',
        {
          ajvOptions: { validateSchema: false },
          schemas: {
            [rel('subcluster.schema.json')]: ['content/clusters/*/*.md'],
            [rel('cluster.schema.json')]: ['content/clusters/*/index.md'],
            [rel('framework.schema.json')]: ['content/framework.md'],
          },
        },
      ],
    ],
  };
  const file = join(work, `peer-${relative(join(here, 'corpus'), corpusDir).replace(/[^a-z0-9]+/gi, '-')}.remarkrc.json`);
  writeFileSync(file, JSON.stringify(rc, null, 2));
  return file;
}

/** Measures every row at one corpus size. */
function benchSize(nodes, opts, commands, peer) {
  log(`\n== ${nodes} nodes ==`);
  const corpus = ensureCorpus(nodes);
  const dir = corpus.dir;
  log(
    `corpus ${relative(root, dir)}: ${corpus.meta.files} files, ${(corpus.meta.bytes / 1e6).toFixed(1)} MB${corpus.generated ? ' (generated)' : ''}`,
  );
  const want = (row) => !opts.only || opts.only.includes(row);
  const seconds = Object.fromEntries(ROWS.map((r) => [r, null]));
  const peak = Object.fromEntries(ROWS.map((r) => [r, null]));
  const notes = {};
  const set = (row, m) => {
    seconds[row] = round(m.seconds);
    peak[row] = m.rss === null ? null : Math.round(m.rss);
  };
  const node = process.execPath;
  const cache = join(dir, '.ccf-cache');
  const changed = corpus.meta.changed;
  const lintArgs = (extra = []) => [cli, 'lint', 'content', ...extra];
  const hasCacheFlag = commands.has('lint') && /--cache\b/.test(subcommandHelp('lint'));

  // The working tree is the `bench-change` commit; make sure, whatever an earlier run left.
  writeFileSync(join(dir, changed), gitShow(dir, `bench-change:${changed}`));

  if (want('floor')) set('floor', repeat('floor', opts.runs, { cmd: node, args: [join(here, 'tasks/floor.mjs'), 'content'], cwd: dir }));
  if (want('naive'))
    set('naive', repeat('naive', opts.runs, { cmd: node, args: [join(here, 'tasks/naive.mjs'), 'content', schemas], cwd: dir }));
  if (want('peer') && peer) {
    seconds.peer = peer.seconds;
    peak.peer = peer.rss;
  }
  if (want('lint_cold')) {
    if (!commands.has('lint')) notes.lint_cold = 'missing: ccf lint';
    else
      set(
        'lint_cold',
        repeat('lint_cold', opts.runs, { cmd: node, args: lintArgs(hasCacheFlag ? ['--cache', cache] : []), cwd: dir }, () =>
          rmSync(cache, { recursive: true, force: true }),
        ),
      );
  }
  if (want('lint_warm')) {
    if (!hasCacheFlag) notes.lint_warm = 'missing: ccf lint --cache';
    else {
      // Each run: fill the cache from the base commit, apply the one-file change, then time the lint.
      const base = gitShow(dir, `bench-base:${changed}`);
      const after = gitShow(dir, `bench-change:${changed}`);
      set(
        'lint_warm',
        repeat('lint_warm', opts.runs, { cmd: node, args: lintArgs(['--cache', cache]), cwd: dir }, () => {
          rmSync(cache, { recursive: true, force: true });
          writeFileSync(join(dir, changed), base);
          measure({ cmd: node, args: lintArgs(['--cache', cache]), cwd: dir });
          writeFileSync(join(dir, changed), after);
        }),
      );
      rmSync(cache, { recursive: true, force: true });
    }
  }
  if (want('diff')) {
    if (!commands.has('diff')) notes.diff = 'missing: ccf diff';
    else {
      // Its own folder, removed first: the first run is cold whatever an earlier bench left in the user cache.
      const diffCache = /--cache\b/.test(subcommandHelp('diff')) ? ['--cache', cache] : [];
      rmSync(cache, { recursive: true, force: true });
      set(
        'diff',
        repeat('diff', opts.runs, { cmd: node, args: [cli, 'diff', 'bench-base', 'bench-change', ...diffCache], cwd: dir, expect: [0, 1] }),
      );
      rmSync(cache, { recursive: true, force: true });
    }
  }
  if (want('git_diff'))
    set(
      'git_diff',
      repeat('git_diff', opts.runs, { cmd: 'git', args: ['diff', '--name-status', 'bench-base', 'bench-change'], cwd: dir, node: false }),
    );
  if (want('publish')) {
    if (!commands.has('publish')) notes.publish = 'missing: ccf publish';
    else {
      const out = join(work, `publish-n${nodes}`);
      const help = subcommandHelp('publish');
      const args = [cli, 'publish', ...(/--out\b/.test(help) ? ['--out', out] : []), ...(/--force\b/.test(help) ? ['--force'] : [])];
      set(
        'publish',
        repeat('publish', opts.runs, { cmd: node, args, cwd: dir }, () => rmSync(out, { recursive: true, force: true })),
      );
      rmSync(out, { recursive: true, force: true });
    }
  }
  if (nodes === opts.nodes) for (const row of opts.profile ?? []) profileRow(row, { dir, node, cache, lintArgs, hasCacheFlag, changed });
  return { nodes, seconds, peak_rss_mb: peak, notes };
}

function profileRow(row, { dir, node, cache, lintArgs, hasCacheFlag, changed }) {
  const profDir = join(work, 'prof', row);
  rmSync(profDir, { recursive: true, force: true });
  mkdirSync(profDir, { recursive: true });
  const specs = {
    floor: { cmd: node, args: [join(here, 'tasks/floor.mjs'), 'content'] },
    naive: { cmd: node, args: [join(here, 'tasks/naive.mjs'), 'content', schemas] },
    lint_cold: { cmd: node, args: lintArgs(hasCacheFlag ? ['--cache', cache] : []) },
    lint_warm: { cmd: node, args: lintArgs(['--cache', cache]) },
    diff: { cmd: node, args: [cli, 'diff', 'bench-base', 'bench-change'], expect: [0, 1] },
    publish: { cmd: node, args: [cli, 'publish', '--out', join(work, 'publish-profile')] },
  };
  const spec = specs[row];
  if (!spec) return log(`(no profile for ${row})`);
  rmSync(cache, { recursive: true, force: true });
  if (row === 'lint_warm') {
    const base = gitShow(dir, `bench-base:${changed}`);
    writeFileSync(join(dir, changed), base);
    measure({ ...spec, cwd: dir });
    writeFileSync(join(dir, changed), gitShow(dir, `bench-change:${changed}`));
  }
  // --cpu-prof is not allowed in NODE_OPTIONS: it goes on the command line.
  const r = spawnSync(spec.cmd, [`--cpu-prof`, `--cpu-prof-dir=${profDir}`, ...spec.args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && !(spec.expect ?? [0]).includes(r.status))
    log(`profile run of ${row} exited ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`);
  rmSync(cache, { recursive: true, force: true });
  const files = readdirCpuProfiles(profDir);
  for (const f of files) {
    const text = formatSummary(summarize(JSON.parse(readFileSync(f, 'utf8')), 15));
    writeFileSync(f.replace(/\.cpuprofile$/, '.txt'), text);
    log(`\nprofile of ${row} (${relative(root, f)}):\n${text}`);
  }
}

function readdirCpuProfiles(dir) {
  return execFileSync('find', [dir, '-name', '*.cpuprofile'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

/** The peer on its own (smaller) corpus: remark-cli + remark-frontmatter + remark-lint-frontmatter-schema. */
function benchPeer(peerNodes, runs) {
  const corpus = ensureCorpus(peerNodes);
  const rc = peerRc(corpus.dir);
  const remark = join(root, 'node_modules/remark-cli/cli.js');
  log(`\n== peer on ${peerNodes} nodes ==`);
  const m = repeat('peer', runs, {
    cmd: process.execPath,
    args: [remark, 'content', '--rc-path', rc, '--no-stdout', '--quiet', '--no-color'],
    cwd: corpus.dir,
  });
  // The corpus is valid: a warning would mean the peer is not checking what ccf checks.
  if (/warning|error/i.test(m.last.stderr))
    throw new Error(`the peer reported problems on a valid corpus:\n${m.last.stderr.slice(0, 2000)}`);
  return { seconds: round(m.seconds), rss: m.rss === null ? null : Math.round(m.rss) };
}

function ratios(r, peerNodes) {
  const s = r.seconds;
  const div = (a, b) => (a === null || b === null || b === 0 ? null : round(a / b, 4));
  return {
    cold_vs_naive: div(s.lint_cold, s.naive),
    cold_vs_peer_per_node: s.peer === null || s.lint_cold === null ? null : round(s.lint_cold / r.nodes / (s.peer / peerNodes), 4),
    warm_vs_cold: div(s.lint_warm, s.lint_cold),
    diff_vs_git: div(s.diff, s.git_diff),
  };
}

function table(r, peerNodes) {
  const rows = [['row', 'seconds', 'µs/node', 'peak RSS MB', 'note']];
  for (const row of ROWS) {
    const s = r.seconds[row];
    const n = row === 'peer' ? peerNodes : r.nodes;
    rows.push([
      row === 'peer' ? `peer (${peerNodes})` : row,
      s === null ? '—' : s.toFixed(3),
      s === null ? '—' : Math.round((s / n) * 1e6).toString(),
      r.peak_rss_mb[row] === null ? '—' : String(r.peak_rss_mb[row]),
      r.notes[row] ?? '',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const line = (x) => `| ${x.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w, i) => (i === 0 || i === 4 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Each target of issue 8, met or not (null when a row is missing). */
function targets(r, ra) {
  const s = r.seconds;
  const check = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
  const maybe = (...xs) => xs.some((x) => x === null || x === undefined);
  return [
    [`lint_cold ≤ 0.5 × naive`, ra.cold_vs_naive, maybe(ra.cold_vs_naive) ? null : ra.cold_vs_naive <= 0.5],
    [
      `lint_cold ≤ 0.05 × peer per node`,
      ra.cold_vs_peer_per_node,
      maybe(ra.cold_vs_peer_per_node) ? null : ra.cold_vs_peer_per_node <= 0.05,
    ],
    [`lint_warm ≤ 0.05 × lint_cold`, ra.warm_vs_cold, maybe(ra.warm_vs_cold) ? null : ra.warm_vs_cold <= 0.05],
    [`diff ≤ 3 × git_diff + 0.5 s`, s.diff, maybe(s.diff, s.git_diff) ? null : s.diff <= 3 * s.git_diff + 0.5],
    [
      `publish ≤ 3 × floor`,
      maybe(s.publish, s.floor) ? null : round(s.publish / s.floor, 3),
      maybe(s.publish, s.floor) ? null : s.publish <= 3 * s.floor,
    ],
    [
      `peak RSS ≤ 1536 MB`,
      Math.max(
        ...Object.entries(r.peak_rss_mb)
          .filter(([k, v]) => k !== 'peer' && v !== null)
          .map(([, v]) => v),
      ),
      Object.entries(r.peak_rss_mb).every(([k, v]) => k === 'peer' || v === null || v <= 1536),
    ],
  ].map(([name, value, ok]) => `  ${check(ok).padEnd(6)} ${name}${value === null || value === undefined ? '' : ` (${value})`}`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(work, { recursive: true });
  log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  log(`peak RSS: Node processes via ${relative(root, join(here, 'rss.mjs'))}; git via ${gnuTime ?? '(no GNU time: unknown)'}`);
  if (opts.build) {
    log('building @ccf/cli and its dependencies…');
    const b = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@ccf/cli...', '--output-logs=errors-only'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (b.status !== 0) fail(`build failed (use --no-build to measure the current dist/):\n${b.stdout}\n${b.stderr}`);
  }
  if (!existsSync(cli)) fail(`no ${relative(root, cli)}: run npm run build first`);
  const commands = ccfCommands();

  const wantPeer = !opts.only || opts.only.includes('peer');
  const peer = wantPeer ? benchPeer(opts.peerNodes, opts.runs) : null;

  // Real content first: small, and the editor's everyday case (target ≤ 0.5 s whole process).
  let real = null;
  if (commands.has('lint') && (!opts.only || opts.only.includes('lint_cold'))) {
    const m = repeat('real content lint', Math.max(opts.runs, 5), {
      cmd: process.execPath,
      args: [cli, 'lint', 'content'],
      cwd: root,
      expect: [0, 1],
    });
    real = { seconds: round(m.seconds), rss: m.rss === null ? null : Math.round(m.rss) };
  }

  const main = benchSize(opts.nodes, opts, commands, peer);
  const result = { nodes: main.nodes, seconds: main.seconds, peak_rss_mb: main.peak_rss_mb, peer_nodes: peer ? opts.peerNodes : null };
  result.ratios = ratios(result, opts.peerNodes);
  const curve = [];
  if (opts.curve) {
    for (const n of [1000, 10000]) {
      if (n === opts.nodes) continue;
      const c = benchSize(n, opts, commands, peer);
      const entry = { nodes: n, seconds: c.seconds, peak_rss_mb: c.peak_rss_mb, peer_nodes: result.peer_nodes };
      entry.ratios = ratios(entry, opts.peerNodes);
      curve.push({ ...entry, notes: c.notes });
    }
  }
  const all = [...curve, { ...result, notes: main.notes }].sort((a, b) => a.nodes - b.nodes);
  const out = {
    ...result,
    ...(opts.curve
      ? {
          curve: all.map((r) => ({
            nodes: r.nodes,
            seconds: r.seconds,
            peak_rss_mb: r.peak_rss_mb,
            peer_nodes: r.peer_nodes,
            ratios: r.ratios,
          })),
        }
      : {}),
  };
  writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');

  for (const r of all) {
    process.stdout.write(
      `\n${r.nodes} nodes (median of ${opts.runs}; peer per node measured on ${opts.peerNodes} nodes)\n${table(r, opts.peerNodes)}\n`,
    );
    process.stdout.write(`ratios: ${JSON.stringify(r.ratios)}\n${targets(r, r.ratios).join('\n')}\n`);
  }
  if (opts.curve) {
    process.stdout.write('\ncost per node (µs) by size:\n');
    for (const row of ROWS.filter((x) => x !== 'peer'))
      process.stdout.write(
        `  ${row.padEnd(10)} ${all.map((r) => `${r.nodes}: ${r.seconds[row] === null ? '—' : Math.round((r.seconds[row] / r.nodes) * 1e6)}`).join('  ')}\n`,
      );
  }
  if (real)
    process.stdout.write(
      `\nreal content/ (${relative(root, join(root, 'content'))}): ccf lint ${real.seconds} s whole process, ${real.rss} MB (target ≤ 0.5 s)\n`,
    );
  process.stdout.write(`\nwrote ${relative(process.cwd(), opts.out)}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
