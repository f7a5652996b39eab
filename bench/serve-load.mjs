#!/usr/bin/env node
// Throughput of `ccf serve` against nginx serving the same bytes, in the same run, on 127.0.0.1;
// then a soak at 256 connections with the server's RSS sampled at the start and the end.
//
//   node bench/serve-load.mjs [--duration 10] [--connections 64] [--soak 60] [--soak-connections 256]
//                             [--release 1.0.0] [--file framework.json] [--no-nginx] [--json] [--rounds 5]
//                             [--cli packages/cli/dist/bin.js]
//
// ccf and nginx are measured in alternating rounds (--rounds, each duration/rounds seconds), so that a change in the
// machine's load during the run weighs on both alike: on a shared machine a ratio from two back-to-back 10 s runs
// moved by 2× between runs.
//
// Needs: a build (`npm run build`), a published release in releases/, nginx on PATH (Debian: apt-get
// install -y nginx). Everything binds 127.0.0.1; every run is bounded in time.
/* global fetch, setTimeout, setInterval, clearInterval */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const num = (name, fallback, max) => {
  const v = Number(opt(name, fallback));
  if (!Number.isFinite(v) || v < 0 || v > max) throw new Error(`--${name} must be a number from 0 to ${max}`);
  return v;
};
const duration = num('duration', 10, 300);
const connections = num('connections', 64, 1024);
const soak = num('soak', 60, 600);
const soakConnections = num('soak-connections', 256, 1024);
const withNginx = !args.includes('--no-nginx');
const rounds = num('rounds', 5, 100) || 1;
const cliBin = resolve(opt('cli', join(root, 'packages/cli/dist/bin.js')));
const asJson = args.includes('--json');
const HOST = '127.0.0.1';

const log = (...a) => {
  if (!asJson) console.error(...a);
};

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

async function waitFor(url, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function load(url, conns, seconds) {
  const r = await autocannon({ url, connections: conns, duration: seconds, pipelining: 1, timeout: 10 });
  return {
    url: url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''),
    connections: conns,
    seconds,
    requestsPerSec: r.requests.average,
    bytesPerSec: r.throughput.average,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Rounds of one server as one measurement: requests over the total time; latencies the median of the rounds'. */
function combine(list) {
  const sum = (k) => list.reduce((a, r) => a + r[k], 0);
  const med = (k) => list.map((r) => r[k]).sort((a, b) => a - b)[list.length >> 1];
  const seconds = sum('seconds');
  return {
    url: list[0].url,
    connections: list[0].connections,
    seconds,
    rounds: list.length,
    requestsPerSec: sum('requests') / seconds,
    bytesPerSec: list.reduce((a, r) => a + r.bytesPerSec * r.seconds, 0) / seconds,
    latencyP50: med('latencyP50'),
    latencyP99: med('latencyP99'),
    requests: sum('requests'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
  };
}

// ---- what to serve ------------------------------------------------------------------------------
const releasesDir = join(root, 'releases');
const versions = existsSync(releasesDir) ? readdirSync(releasesDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
const release = opt('release', versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1));
const file = opt('file', 'framework.json');
if (!release || !existsSync(join(releasesDir, release, file)))
  throw new Error(`No releases/<version>/${file}: publish a release first (ccf publish)`);
if (!existsSync(join(root, 'packages/server/dist/node.js'))) throw new Error('packages/server/dist is missing: run `npm run build` first');

const work = mkdtempSync(join(tmpdir(), 'ccf-serve-load-'));
// nginx's worker runs as another user when started by root: it must be able to read the files.
chmodSync(work, 0o755);
const children = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

try {
  // ---- ccf serve, as its own process (the load generator must not share its event loop) ------
  const ccfPort = await freePort();
  const ccf = spawn(process.execPath, [cliBin, 'serve', '--port', String(ccfPort), '--host', HOST], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(ccf);
  const ccfBase = `http://${HOST}:${ccfPort}`;
  await waitFor(`${ccfBase}/api/v1/clusters`);

  // ---- nginx with the same bytes: the release file, and the clusters document as ccf sends it ----
  let nginxBase;
  if (withNginx) {
    const nginx = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
    if (nginx.error) throw new Error('nginx not found: apt-get install -y nginx, or pass --no-nginx');
    const www = join(work, 'www');
    mkdirSync(join(www, 'api/v1'), { recursive: true });
    mkdirSync(join(www, 'releases', release), { recursive: true });
    writeFileSync(join(www, 'api/v1/clusters'), new Uint8Array(await (await fetch(`${ccfBase}/api/v1/clusters`)).arrayBuffer()));
    writeFileSync(join(www, 'releases', release, file), readFileSync(join(releasesDir, release, file)));
    const nginxPort = await freePort();
    const conf = join(work, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${join(work, 'nginx.pid')};
error_log ${join(work, 'error.log')} warn;
events { worker_connections 2048; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/tmp; proxy_temp_path ${work}/tmp; fastcgi_temp_path ${work}/tmp; uwsgi_temp_path ${work}/tmp; scgi_temp_path ${work}/tmp;
  types { application/json json; }
  default_type application/json;
  server {
    listen ${HOST}:${nginxPort};
    root ${www};
    etag on;
  }
}
`,
    );
    mkdirSync(join(work, 'tmp'));
    const ng = spawn('nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(ng);
    nginxBase = `http://${HOST}:${nginxPort}`;
    await waitFor(`${nginxBase}/api/v1/clusters`);
  }

  const targets = [
    ['clusters', '/api/v1/clusters', '/api/v1/clusters'],
    ['release file', `/api/v1/releases/${release}/${file}`, `/releases/${release}/${file}`],
  ];
  const rows = [];
  for (const [name, ccfPath, nginxPath] of targets) {
    const size = (await (await fetch(`${ccfBase}${ccfPath}`)).arrayBuffer()).byteLength;
    log(`${name} (${size} bytes): warming up`);
    await load(`${ccfBase}${ccfPath}`, connections, 2);
    if (nginxBase) await load(`${nginxBase}${nginxPath}`, connections, 2);
    const cs = [];
    const ns = [];
    for (let i = 0; i < rounds; i++) {
      cs.push(await load(`${ccfBase}${ccfPath}`, connections, duration / rounds));
      if (nginxBase) ns.push(await load(`${nginxBase}${nginxPath}`, connections, duration / rounds));
    }
    const c = combine(cs);
    const n = nginxBase ? combine(ns) : undefined;
    rows.push({ name, bytes: size, ccf: c, nginx: n, ratio: n ? c.requestsPerSec / n.requestsPerSec : undefined });
    log(
      `  ccf   ${c.requestsPerSec.toFixed(0)} req/s  p50 ${c.latencyP50} ms  p99 ${c.latencyP99} ms  errors ${c.errors + c.timeouts + c.non2xx}` +
        (n
          ? `\n  nginx ${n.requestsPerSec.toFixed(0)} req/s  p50 ${n.latencyP50} ms  p99 ${n.latencyP99} ms\n  ratio ccf/nginx ${(c.requestsPerSec / n.requestsPerSec).toFixed(2)}`
          : ''),
    );
  }

  // ---- soak: 256 connections, RSS sampled every 250 ms ------------------------------------------
  let soakResult;
  if (soak > 0) {
    log(`soak: ${soak} s at ${soakConnections} connections on /api/v1/clusters`);
    const samples = [];
    const timer = setInterval(() => samples.push({ t: Date.now(), ...rssOf(ccf.pid) }), 250);
    const startRss = rssOf(ccf.pid);
    const t0 = Date.now();
    const r = await load(`${ccfBase}/api/v1/clusters`, soakConnections, soak);
    clearInterval(timer);
    const windowMs = Math.min(5000, (soak * 1000) / 4);
    const peak = (list) => Math.max(...list.map((s) => s.rss));
    const first = samples.filter((s) => s.t - t0 <= windowMs);
    const last = samples.filter((s) => s.t >= t0 + soak * 1000 - windowMs);
    soakResult = {
      ...r,
      rssBefore: startRss.rss,
      peakRssFirst5s: peak(first),
      peakRssLast5s: peak(last),
      peakRssWholeRun: rssOf(ccf.pid).hwm,
    };
    log(
      `  ${r.requestsPerSec.toFixed(0)} req/s, ${r.requests} requests, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}\n` +
        `  RSS before ${mb(startRss.rss)}; peak in the first 5 s ${mb(soakResult.peakRssFirst5s)}, in the last 5 s ${mb(soakResult.peakRssLast5s)}; high-water mark ${mb(soakResult.peakRssWholeRun)}`,
    );
  }

  const out = { node: process.version, release, file, duration, connections, rows, soak: soakResult };
  if (asJson) console.log(JSON.stringify(out, null, 2));
} finally {
  cleanup();
}
