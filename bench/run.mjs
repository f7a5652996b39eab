#!/usr/bin/env node
// The benchmark: every row measured as a whole process on the same generated corpus, median of
// --runs (≥ 3), with peak RSS; ratios against the floor, the naive pipeline and a real peer.
//
//   npm run bench -- --nodes 50000 [--peer-nodes 10000] [--runs 3] [--curve] [--only a,b] [--no-build]
//                    [--profile row,row] [--out bench/results.json] [--overlays 50] [--programs 2000]
//                    [--serve-duration 10]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCorpus, ensureOverlays } from './generate.mjs';
import { formatSummary, summarize } from './profile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const work = join(here, '.work');
const cli = join(root, 'packages/cli/dist/bin.js');
const schemas = join(root, 'schemas');
const ROWS = [
  'floor',
  'naive',
  'peer',
  'lint_cold',
  'lint_warm',
  'diff',
  'diff_cold',
  'diff_warm',
  'git_diff',
  'publish',
  'publish_warm',
  'build_site',
  'lint_real',
  'overlays',
  'serve',
];
/** Rows measured once, at the main size (not per size of the curve). */
const ONCE = new Set(['peer', 'lint_real', 'overlays', 'serve']);

function parseArgs(argv) {
  const a = {
    nodes: 10000,
    peerNodes: undefined,
    runs: 3,
    curve: false,
    only: undefined,
    build: true,
    profile: undefined,
    out: undefined,
    overlays: 50,
    programs: 2000,
    serveDuration: 10,
  };
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
    else if (arg === '--overlays') a.overlays = Number(value());
    else if (arg === '--programs') a.programs = Number(value());
    else if (arg === '--serve-duration') a.serveDuration = Number(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(
        'usage: npm run bench -- --nodes N [--peer-nodes M] [--runs R] [--curve] [--only rows] [--no-build] [--profile rows] [--out file]\n' +
          '                        [--overlays 50] [--programs 2000] [--serve-duration 10]\n' +
          `rows: ${ROWS.join(', ')}\n`,
      );
      process.exit(0);
    } else fail(`unexpected argument ${arg}`);
  }
  if (!Number.isInteger(a.nodes) || a.nodes < 2) fail('--nodes must be an integer ≥ 2');
  a.peerNodes ??= Math.min(a.nodes, 10000);
  if (!Number.isInteger(a.peerNodes) || a.peerNodes < 2) fail('--peer-nodes must be an integer ≥ 2');
  if (!Number.isInteger(a.runs) || a.runs < 1) fail('--runs must be a positive integer');
  if (!Number.isInteger(a.overlays) || a.overlays < 1 || a.overlays > 52) fail('--overlays must be an integer from 1 to 52');
  if (!Number.isInteger(a.programs) || a.programs < 0) fail('--programs must be a whole number');
  if (!Number.isFinite(a.serveDuration) || a.serveDuration < 1 || a.serveDuration > 300) fail('--serve-duration must be 1 to 300 seconds');
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
const userCache = join(work, 'xdg-cache');
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
    // The user cache folder is the bench's own: a command's default cache never carries over from outside the bench.
    env: {
      ...process.env,
      XDG_CACHE_HOME: userCache,
      ...env,
      ...(node ? { NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile } : {}),
    },
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
  const diffCacheFlag = commands.has('diff') && /--cache\b/.test(subcommandHelp('diff'));
  const diffArgs = [cli, 'diff', 'bench-base', 'bench-change', '--cache', cache];
  if (want('diff_cold')) {
    if (!diffCacheFlag) notes.diff_cold = 'missing: ccf diff --cache';
    else {
      // Every run from an empty cache: what a first CI run pays.
      set(
        'diff_cold',
        repeat('diff_cold', opts.runs, { cmd: node, args: diffArgs, cwd: dir, expect: [0, 1] }, () =>
          rmSync(cache, { recursive: true, force: true }),
        ),
      );
      rmSync(cache, { recursive: true, force: true });
    }
  }
  if (want('diff_warm')) {
    if (!diffCacheFlag) notes.diff_warm = 'missing: ccf diff --cache';
    else {
      // The cache filled by a diff of the same two refs (untimed), as after an earlier run of the same job.
      rmSync(cache, { recursive: true, force: true });
      measure({ cmd: node, args: diffArgs, cwd: dir, expect: [0, 1] });
      set('diff_warm', repeat('diff_warm', opts.runs, { cmd: node, args: diffArgs, cwd: dir, expect: [0, 1] }));
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
  if (want('publish_warm')) {
    const help = commands.has('publish') ? subcommandHelp('publish') : '';
    if (!/--cache\b/.test(help)) notes.publish_warm = 'missing: ccf publish --cache';
    else {
      // Each run: a publish of bench-base fills the cache (untimed), the one file changes, then the timed publish.
      const out = join(work, `publish-warm-n${nodes}`);
      const args = [cli, 'publish', '--out', out, '--cache', cache, ...(/--force\b/.test(help) ? ['--force'] : [])];
      const base = gitShow(dir, `bench-base:${changed}`);
      const after = gitShow(dir, `bench-change:${changed}`);
      set(
        'publish_warm',
        repeat('publish_warm', opts.runs, { cmd: node, args, cwd: dir }, () => {
          rmSync(cache, { recursive: true, force: true });
          writeFileSync(join(dir, changed), base);
          measure({ cmd: node, args, cwd: dir });
          writeFileSync(join(dir, changed), after);
        }),
      );
      rmSync(cache, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }
  if (want('build_site')) {
    if (!commands.has('build-site')) notes.build_site = 'missing: ccf build-site';
    else {
      const out = join(work, `site-n${nodes}`);
      set(
        'build_site',
        repeat('build_site', opts.runs, { cmd: node, args: [cli, 'build-site', '--source', 'content', '--out', out], cwd: dir }, () =>
          rmSync(out, { recursive: true, force: true }),
        ),
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

/**
 * Issue 17 part 7: `--overlays` state overlays (each ~`--programs` programs of study plus renames, hides, moves and
 * state nodes) over the national corpus, published once (untimed) as a release folder they extend. Each overlay is
 * linted and published as a whole process, once; the row's seconds are the total, with each overlay's figures.
 */
function benchOverlays(nodes, opts, commands) {
  if (!commands.has('lint') || !commands.has('publish')) return { note: 'missing: ccf lint or ccf publish' };
  const corpus = ensureCorpus(nodes);
  const home = join(work, `overlays-n${nodes}`);
  const national = join(home, 'national');
  const stamp = join(national, '.bench-corpus');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== corpus.meta.change) {
    log(`publishing the ${nodes}-node corpus as the overlays' national base…`);
    rmSync(national, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    measure({ cmd: process.execPath, args: [cli, 'publish', 'content', '--out', national], cwd: corpus.dir });
    writeFileSync(stamp, corpus.meta.change);
  }
  const dirs = ensureOverlays(nodes, opts.overlays, opts.programs, join(home, 'states'), '../../national');
  log(`\n== ${dirs.length} overlays × ${opts.programs} programs of study on ${nodes} nodes ==`);
  const per = [];
  for (const dir of dirs) {
    const code = dir.slice(dir.lastIndexOf('/') + 1);
    const lint = measure({ cmd: process.execPath, args: [cli, 'lint', '.', '--no-cache'], cwd: dir });
    const out = join(home, `out-${code}`);
    rmSync(out, { recursive: true, force: true });
    const pub = measure({ cmd: process.execPath, args: [cli, 'publish', '.', '--out', out], cwd: dir });
    rmSync(out, { recursive: true, force: true });
    const row = {
      overlay: code,
      lint_s: round(lint.seconds),
      publish_s: round(pub.seconds),
      lint_rss_mb: lint.rss === null ? null : Math.round(lint.rss),
      publish_rss_mb: pub.rss === null ? null : Math.round(pub.rss),
    };
    log(`  ${code}: lint ${row.lint_s} s, publish ${row.publish_s} s, ${Math.max(row.lint_rss_mb ?? 0, row.publish_rss_mb ?? 0)} MB`);
    per.push(row);
  }
  const rss = per.flatMap((r) => [r.lint_rss_mb, r.publish_rss_mb]).filter((x) => x !== null);
  return {
    seconds: round(per.reduce((a, r) => a + r.lint_s + r.publish_s, 0)),
    rss: rss.length ? Math.max(...rss) : null,
    detail: {
      count: per.length,
      programs: opts.programs,
      lint_median_s: round(median(per.map((r) => r.lint_s))),
      publish_median_s: round(median(per.map((r) => r.publish_s))),
      per_overlay: per,
    },
  };
}

/** `/api/v1/clusters` of `ccf serve` against nginx with the same bytes (bench/serve-load.mjs); skipped without nginx. */
function benchServe(opts) {
  if (spawnSync('nginx', ['-v']).error) return { note: 'skipped: nginx not installed (apt-get install -y nginx)' };
  log(`\n== serve: /api/v1/clusters, ccf vs nginx, ${opts.serveDuration} s each ==`);
  const r = spawnSync(process.execPath, [join(here, 'serve-load.mjs'), '--duration', String(opts.serveDuration), '--soak', '0', '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: userCache },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) return { note: `serve-load failed: ${(r.stderr || '').trim().split('\n').at(-1)}` };
  const out = JSON.parse(r.stdout);
  const rows = Object.fromEntries(
    out.rows.map((x) => [
      x.name === 'clusters' ? 'clusters' : 'release_file',
      {
        bytes: x.bytes,
        ccf_rps: Math.round(x.ccf.requestsPerSec),
        nginx_rps: Math.round(x.nginx.requestsPerSec),
        ratio: round(x.ratio, 3),
      },
    ]),
  );
  log(`  clusters: ccf ${rows.clusters.ccf_rps} req/s, nginx ${rows.clusters.nginx_rps} req/s, ratio ${rows.clusters.ratio}`);
  return { ratio: rows.clusters.ratio, detail: { duration_s: opts.serveDuration, connections: out.connections, ...rows } };
}

function ratios(r, peerNodes) {
  const s = r.seconds;
  const div = (a, b) => (a === null || b === null || b === 0 ? null : round(a / b, 4));
  return {
    cold_vs_naive: div(s.lint_cold, s.naive),
    cold_vs_peer_per_node: s.peer === null || s.lint_cold === null ? null : round(s.lint_cold / r.nodes / (s.peer / peerNodes), 4),
    warm_vs_cold: div(s.lint_warm, s.lint_cold),
    diff_vs_git: div(s.diff, s.git_diff),
    warm_vs_floor: div(s.lint_warm, s.floor),
    diff_cold_vs_floor: div(s.diff_cold, s.floor),
    diff_warm_vs_floor: div(s.diff_warm, s.floor),
    publish_vs_floor: div(s.publish, s.floor),
    publish_warm_vs_floor: div(s.publish_warm, s.floor),
    serve_vs_nginx: r.serve?.ratio ?? null,
  };
}

/** Issue 19's targets: each with the measured value, the target and whether it is met (null: a row is missing). */
function targetList(r) {
  const ra = r.ratios;
  const ccfRss = Object.entries(r.peak_rss_mb)
    .filter(([k, v]) => !['floor', 'naive', 'peer', 'git_diff'].includes(k) && v !== null)
    .map(([, v]) => v);
  const t = (id, value, op, limit, row) => ({
    id,
    row,
    value: value ?? null,
    target: `${op} ${limit}`,
    met: value === null || value === undefined ? null : op === '≤' ? value <= limit : value >= limit,
  });
  return [
    t('lint_cold_vs_naive', ra.cold_vs_naive, '≤', 0.5, 'lint_cold'),
    t('lint_cold_vs_peer_per_node', ra.cold_vs_peer_per_node, '≤', 0.05, 'lint_cold'),
    t('lint_warm_vs_floor', ra.warm_vs_floor, '≤', 0.1, 'lint_warm'),
    t('diff_warm_vs_floor', ra.diff_warm_vs_floor, '≤', 0.1, 'diff_warm'),
    t('diff_cold_vs_floor', ra.diff_cold_vs_floor, '≤', 1, 'diff_cold'),
    t('publish_vs_floor', ra.publish_vs_floor, '≤', 2, 'publish'),
    t('publish_warm_vs_floor', ra.publish_warm_vs_floor, '≤', 0.5, 'publish_warm'),
    t('peak_rss_mb', ccfRss.length ? Math.max(...ccfRss) : null, '≤', 1024, 'any ccf row'),
    t('lint_real_s', r.seconds.lint_real, '≤', 0.3, 'lint_real'),
    t('serve_vs_nginx', ra.serve_vs_nginx, '≥', 0.8, 'serve'),
  ];
}

/** Microseconds per node of each row measured at this size (rows measured once are left out). */
function perNode(r) {
  return Object.fromEntries(
    ROWS.filter((row) => !ONCE.has(row)).map((row) => [row, r.seconds[row] === null ? null : Math.round((r.seconds[row] / r.nodes) * 1e6)]),
  );
}

function table(r, peerNodes) {
  const rows = [['row', 'seconds', 'µs/node', 'peak RSS MB', 'target', 'note']];
  const byRow = new Map();
  for (const t of r.targets ?? []) byRow.set(t.row, [...(byRow.get(t.row) ?? []), t]);
  const mark = (t) => `${t.id} ${t.target}: ${t.value ?? '—'}${t.met === null ? '' : t.met ? ' ✓' : ' ✗'}`;
  for (const row of ROWS) {
    const s = r.seconds[row];
    const n = row === 'peer' ? peerNodes : r.nodes;
    const perNodeCell = s === null || ONCE.has(row) ? '—' : Math.round((s / n) * 1e6).toString();
    if (ONCE.has(row) && row !== 'peer' && s === null && !r.notes[row]) continue;
    rows.push([
      row === 'peer' ? `peer (${peerNodes})` : row,
      s === null ? '—' : s.toFixed(3),
      perNodeCell,
      r.peak_rss_mb[row] === null ? '—' : String(r.peak_rss_mb[row]),
      (byRow.get(row) ?? []).map(mark).join('; '),
      r.notes[row] ?? '',
    ]);
  }
  const text = (i) => i === 0 || i >= 4;
  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const line = (x) => `| ${x.map((c, i) => (text(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w, i) => (text(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
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
  const want = (row) => !opts.only || opts.only.includes(row);

  const peer = want('peer') ? benchPeer(opts.peerNodes, opts.runs) : null;

  // Real content: small, and the editor's everyday case. Median of at least 10 whole processes.
  let real = null;
  if (want('lint_real') && commands.has('lint')) {
    const m = repeat('lint_real (content/)', Math.max(opts.runs, 10), {
      cmd: process.execPath,
      args: [cli, 'lint', 'content'],
      cwd: root,
      expect: [0, 1],
    });
    real = { seconds: round(m.seconds), rss: m.rss === null ? null : Math.round(m.rss) };
  }

  const main = benchSize(opts.nodes, opts, commands, peer);
  if (real) {
    main.seconds.lint_real = real.seconds;
    main.peak_rss_mb.lint_real = real.rss;
  }
  const detail = {};
  if (want('overlays')) {
    const o = benchOverlays(opts.nodes, opts, commands);
    if (o.note) main.notes.overlays = o.note;
    else {
      main.seconds.overlays = o.seconds;
      main.peak_rss_mb.overlays = o.rss;
      main.notes.overlays = `${o.detail.count} overlays; per overlay: lint ${o.detail.lint_median_s} s, publish ${o.detail.publish_median_s} s (medians)`;
      detail.overlays = o.detail;
    }
  }
  let serve = null;
  if (want('serve')) {
    const sv = benchServe(opts);
    if (sv.note) main.notes.serve = sv.note;
    else {
      serve = { ratio: sv.ratio };
      main.notes.serve = `clusters: ccf ${sv.detail.clusters.ccf_rps} req/s, nginx ${sv.detail.clusters.nginx_rps} req/s`;
      detail.serve = sv.detail;
    }
  }
  const result = { nodes: main.nodes, seconds: main.seconds, peak_rss_mb: main.peak_rss_mb, peer_nodes: peer ? opts.peerNodes : null };
  result.ratios = ratios({ ...result, serve }, opts.peerNodes);
  result.us_per_node = perNode(result);
  result.targets = targetList(result);
  result.notes = main.notes;
  Object.assign(result, detail);
  const curve = [];
  if (opts.curve) {
    for (const n of [1000, 10000]) {
      if (n === opts.nodes) continue;
      const c = benchSize(n, opts, commands, peer);
      const entry = { nodes: n, seconds: c.seconds, peak_rss_mb: c.peak_rss_mb, peer_nodes: result.peer_nodes };
      entry.ratios = ratios(entry, opts.peerNodes);
      entry.us_per_node = perNode(entry);
      entry.targets = targetList(entry);
      curve.push({ ...entry, notes: c.notes });
    }
  }
  const all = [...curve, result].sort((a, b) => a.nodes - b.nodes);
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
            us_per_node: r.us_per_node,
          })),
        }
      : {}),
  };
  writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');

  for (const r of all) {
    process.stdout.write(
      `\n${r.nodes} nodes (median of ${opts.runs}; peer per node measured on ${opts.peerNodes} nodes)\n${table(r, opts.peerNodes)}\n`,
    );
    process.stdout.write(
      `targets (issue 19):\n${r.targets
        .map(
          (t) =>
            `  ${(t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED').padEnd(6)} ${t.id} ${t.target}${t.value === null ? '' : ` (${t.value})`}`,
        )
        .join('\n')}\n`,
    );
  }
  if (opts.curve) {
    process.stdout.write('\ncost per node (µs) by size:\n');
    for (const row of ROWS.filter((x) => !ONCE.has(x)))
      process.stdout.write(`  ${row.padEnd(12)} ${all.map((r) => `${r.nodes}: ${r.us_per_node[row] ?? '—'}`).join('  ')}\n`);
  }
  process.stdout.write(`\nwrote ${relative(process.cwd(), opts.out)}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
