// The sandbox's overhead: the same `npm test` (the good example connector's `event` application:
// 25 node:test unit and loopback integration tests) run directly on this machine and inside the
// run phase's bubblewrap sandbox (new namespaces, read-only host, throwaway uid, limits, /proc
// sampling, process reaping), alternating, median of RUNS each. Target: under 10 % added wall time.
// Also the fixed cost of one sandboxed step (`true` inside vs outside).
//
// Run: `node bench/run.js sandbox` (needs dist/, i.e. `npm run build`, bubblewrap, and the npm
// registry once for the install). The engine is imported from ../dist, or $CONNECT_CERTIFY_DIST.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib/measure.js';

export const RUNS = 5;
/** Added wall time of the sandbox over the same command outside it, in percent. */
export const TARGET_OVERHEAD_PERCENT = 10;
const APPLICATION = 'event';

const here = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(here), '..');
const distDir = process.env.CONNECT_CERTIFY_DIST ?? path.join(projectRoot, 'dist');
const LIMITS = { wallTimeMs: 10 * 60_000, cpuSeconds: 600, memoryBytes: 3 * 1024 ** 3, maxTasks: 512 };
const ENV = { CI: 'true', NODE_ENV: 'development', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

export default {
  name: 'sandbox',
  description: `\`npm test\` of examples/good-connector/${APPLICATION} inside vs outside the bubblewrap sandbox, ${RUNS} alternating runs each`,
  run: (options) => run(options),
};

/** Runs a command directly on this machine the way the sandbox would without isolation. */
function outside(command, cwd, home) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, ...ENV },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} failed outside the sandbox (exit ${code}): ${output.slice(-500)}`));
      else resolve(performance.now() - started);
    });
  });
}

async function inside(session, command, cwd, network = 'loopback') {
  const started = performance.now();
  const outcome = await session.run({ name: `bench-${command.split(' ')[0]}`, command, cwd, env: ENV, network, limits: LIMITS });
  const ms = performance.now() - started;
  if (outcome.exitCode !== 0) throw new Error(`${command} failed in the sandbox (${outcome.killedFor ?? `exit ${outcome.exitCode}`}): ${outcome.tail}`);
  return ms;
}

/** Rows for bench/run.js: `{ metric, value, target?, ratio?, note? }`. */
export async function run({ progress = () => {} } = {}) {
  const sandbox = await import(pathToFileURL(path.join(distDir, 'analyzers', 'sandbox', 'index.js')).href);
  const { workspaceFromFolder } = await import(pathToFileURL(path.join(distDir, 'engine', 'testing.js')).href);
  const availability = sandbox.detectSandbox();
  if (!availability.available) return [{ metric: 'skipped', value: 'no sandbox', note: availability.reason }];

  const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-sandbox-bench-'));
  let session;
  try {
    const repo = path.join(dir, 'repo');
    const home = path.join(dir, 'home');
    mkdirSync(home);
    cpSync(path.join(projectRoot, 'examples', 'good-connector'), repo, {
      recursive: true,
      filter: (source) => !source.split(path.sep).includes('node_modules'),
    });
    session = sandbox.SandboxSession.open(workspaceFromFolder(repo), { mode: 'bwrap', runsDir: path.join(dir, 'runs') });
    const appDir = path.join(repo, APPLICATION);
    progress('npm ci outside and inside (not measured)');
    await outside('npm ci', appDir, home);
    await inside(session, 'npm ci', APPLICATION, 'registry');

    const outsideMs = [];
    const insideMs = [];
    const outsideTrue = [];
    const insideTrue = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`run ${i + 1}/${RUNS}`);
      outsideMs.push(await outside('npm test', appDir, home));
      insideMs.push(await inside(session, 'npm test', APPLICATION));
      outsideTrue.push(await outside('true', appDir, home));
      insideTrue.push(await inside(session, 'true', APPLICATION));
    }
    const out = median(outsideMs);
    const inn = median(insideMs);
    const overhead = ((inn - out) / out) * 100;
    const fixed = median(insideTrue) - median(outsideTrue);
    return [
      { metric: 'sandbox', value: `bwrap ${availability.version ?? '?'}`, note: `${session.enforcement.user}, processes: ${session.enforcement.processLimit}, CPU: ${session.enforcement.cpuLimit}` },
      { metric: 'npm test outside', value: `${Math.round(out)} ms`, note: `median of ${RUNS}: ${outsideMs.map((ms) => Math.round(ms)).join(', ')}` },
      { metric: 'npm test inside', value: `${Math.round(inn)} ms`, note: `median of ${RUNS}: ${insideMs.map((ms) => Math.round(ms)).join(', ')}` },
      { metric: 'added wall time', value: `${overhead.toFixed(1)} %`, target: `${TARGET_OVERHEAD_PERCENT} %`, ratio: Math.max(overhead, 0) / TARGET_OVERHEAD_PERCENT },
      { metric: 'fixed cost per step', value: `${Math.round(fixed)} ms`, note: `\`true\`: ${Math.round(median(insideTrue))} ms inside, ${Math.round(median(outsideTrue))} ms outside` },
    ];
  } finally {
    session?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
