// Dependency vulnerability and licence verdicts, offline, against the shared OSV data (911 advisories):
//
// 1. One 1,500-package lock file: a package-lock.json v3 generated from the real package
//    name@version pairs of the real connectors' lock files (with the licences those lock files
//    record; padded with synthetic names when they run out), checked by the deps/vulnerabilities
//    and deps/licenses checks in a fresh process (offline, empty registry cache, so licences the
//    lock lacks are reported as not checked); each verdict and both together against a 1 s
//    target, with advisory loading, lock-file parsing and matching reported apart (median of 3
//    cold runs).
// 2. Throughput: 1,000 synthetic lock files (300-1,000 real package versions each) parsed and
//    matched against one loaded store, as the monitoring service does for many connectors:
//    lock files per second and packages per second, for matching alone and parse + match.
//
// Run: `node bench/run.js dependencies`, or standalone `node bench/dependencies.bench.js`.
// Needs dist/ (`npm run build`); the engine is imported from ../dist, or $CONNECT_CERTIFY_DIST.
// This file is also its own child process: `node dependencies.bench.js --child <mode> <dir>`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureChild, median } from './lib/measure.js';

export const LOCK_PACKAGES = 1_500;
export const RUNS = 3;
/** Lock-file-only verdict, offline, for one application (peers.md: under 1 s for ~400 packages; here 1,500). */
export const TARGET_VERDICT_MS = 1_000;
export const SYNTHETIC_LOCK_FILES = 1_000;
export const SYNTHETIC_MIN_PACKAGES = 300;
export const SYNTHETIC_MAX_PACKAGES = 1_000;
export const SEED = 20_261_127;

const here = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(here), '..');
const distDir = process.env.CONNECT_CERTIFY_DIST ?? path.join(projectRoot, 'dist');
const dataDir = path.resolve(projectRoot, '..', 'shared', 'data');
const connectorsDir = path.join(dataDir, 'real-connectors');
const advisoriesDir = path.join(dataDir, 'advisories');

export default {
  name: 'dependencies',
  description: `deps/vulnerabilities and deps/licenses on a ${LOCK_PACKAGES.toLocaleString('en')}-package lock file (offline, 911 advisories), and ${SYNTHETIC_LOCK_FILES.toLocaleString('en')} synthetic lock files matched against one store`,
  run: (options) => run(options),
};

/** Rows: `{ name, metric, value, unit, target?, ratio?, note? }` (bench/run.js prints `metric`). */
export async function run({ progress = () => {} } = {}) {
  if (!existsSync(connectorsDir) || !existsSync(advisoriesDir)) {
    return [row('skipped', 'shared data missing', '', { note: `needs ${connectorsDir} and ${advisoriesDir}` })];
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-deps-bench-'));
  try {
    const pool = realPackages();
    progress(`generating a ${LOCK_PACKAGES}-package lock file from ${pool.length} real package versions`);
    const generated = writeConnector(dir, pool, LOCK_PACKAGES, SEED);
    const verdicts = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`cold verdict ${i + 1}/${RUNS}`);
      verdicts.push(await measureChild(here, ['--child', 'verdict', dir]));
    }
    progress(`${SYNTHETIC_LOCK_FILES} synthetic lock files`);
    const throughput = await measureChild(here, ['--child', 'throughput', dir]);

    const verdictMs = median(verdicts.map((r) => r.checkMs));
    const licenceMs = median(verdicts.map((r) => r.licenceMs));
    const bothMs = median(verdicts.map((r) => r.checkMs + r.licenceMs));
    const last = verdicts[verdicts.length - 1];
    return [
      row('lock file', LOCK_PACKAGES, 'packages', { note: `${generated.real} real name@version pairs, ${generated.padded} padded; ${generated.direct} direct` }),
      row('verdict: deps/vulnerabilities, cold (median)', round(verdictMs), 'ms', {
        target: TARGET_VERDICT_MS,
        ratio: verdictMs / TARGET_VERDICT_MS,
        note: `${last.findings} findings (${last.errors} blocking); process wall ${round(median(verdicts.map((r) => r.wallMs)))} ms incl. Node start-up and module loading`,
      }),
      row('verdict: deps/licenses, after it (median)', round(licenceMs), 'ms', {
        target: TARGET_VERDICT_MS,
        ratio: licenceMs / TARGET_VERDICT_MS,
        note: `${last.licenceFindings} findings (${last.licenceErrors} errors${last.licenceSkipped ? `; skipped: ${last.licenceSkipped.slice(0, 60)}…` : ''}); ${last.licensed} of ${last.packages} packages with a lock-file licence`,
      }),
      row('verdict: both, cold (median)', round(bothMs), 'ms', { target: TARGET_VERDICT_MS, ratio: bothMs / TARGET_VERDICT_MS }),
      row('  load 911 advisories (median)', round(median(verdicts.map((r) => r.loadMs))), 'ms', { note: `${last.records} npm records, ${last.vulnerabilities} vulnerabilities after alias merging` }),
      row('  parse the lock file (median)', round(median(verdicts.map((r) => r.parseMs))), 'ms'),
      row('  match + findings (median)', round(median(verdicts.map((r) => r.matchMs))), 'ms', { note: `${last.vulnerablePackages} vulnerable package versions` }),
      row('  workspace index (median)', round(median(verdicts.map((r) => r.indexMs))), 'ms', { note: 'shared by every check; not in the verdict' }),
      row(`throughput: ${SYNTHETIC_LOCK_FILES} lock files, match only`, round(throughput.matchLocksPerSecond), 'lock files/s', {
        note: `${round(throughput.matchPackagesPerSecond).toLocaleString('en')} packages/s; ${throughput.packages.toLocaleString('en')} packages, ${throughput.distinct.toLocaleString('en')} distinct versions, ${round(throughput.matchMs)} ms`,
      }),
      row(`throughput: ${SYNTHETIC_LOCK_FILES} lock files, parse + match`, round(throughput.fullLocksPerSecond), 'lock files/s', {
        note: `${round(throughput.fullPackagesPerSecond).toLocaleString('en')} packages/s; ${round(throughput.fullMs)} ms; ${throughput.vulnerableLocks} lock files with findings`,
      }),
      row('peak RSS, verdict (median)', round(median(verdicts.map((r) => r.maxRssKB)) / 1024), 'MB'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(name, value, unit, extra = {}) {
  const shown = typeof value === 'number' ? `${value.toLocaleString('en')}${unit ? ` ${unit}` : ''}` : value;
  const out = { name, metric: name, value: shown, unit, ...extra };
  if (typeof extra.target === 'number') out.target = `${extra.target.toLocaleString('en')} ${unit}`;
  return out;
}

function round(n) {
  return Math.round(n * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Data: real name@version pairs from the real connectors' npm lock files.

function realPackages() {
  const seen = new Map();
  const stack = [connectorsDir];
  while (stack.length > 0) {
    const d = stack.pop();
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.name === 'package-lock.json') {
        const lock = JSON.parse(readFileSync(abs, 'utf8'));
        for (const [location, value] of Object.entries(lock.packages ?? {})) {
          if (location === '' || value.link || typeof value.version !== 'string' || !location.includes('node_modules/')) continue;
          const name = value.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
          seen.set(`${name}@${value.version}`, { name, version: value.version, license: value.license });
        }
      }
    }
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (list) => list[Math.floor(next() * list.length)] };
}

/**
 * A flat package-lock v3 of `count` packages: one version per name (hoisted), the first few
 * dozen direct, each package depending on 0-4 packages later in the list (a DAG), a third dev-only.
 */
export function lockFileOf(pool, count, seed) {
  const rng = random(seed);
  const byName = new Map();
  for (const pkg of pool) if (!byName.has(pkg.name)) byName.set(pkg.name, []);
  for (const pkg of pool) byName.get(pkg.name).push(pkg);
  const names = [...byName.keys()];
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const chosen = names.slice(0, count).map((name) => rng.pick(byName.get(name)));
  let padded = 0;
  while (chosen.length < count) chosen.push({ name: `synthetic-package-${++padded}`, version: `1.${padded % 20}.0` });
  const direct = Math.max(10, Math.round(count / 40));
  const devFrom = Math.round(count * (2 / 3));
  const dependenciesOf = chosen.map((_, i) => {
    const deps = {};
    const n = i < count - 1 ? rng.int(0, 4) : 0;
    for (let k = 0; k < n; k++) {
      const target = chosen[rng.int(Math.max(i + 1, direct), count - 1)];
      if (target) deps[target.name] = target.version;
    }
    return deps;
  });
  const rootDeps = {};
  const rootDev = {};
  chosen.slice(0, direct).forEach((pkg, i) => ((i % 3 === 2 ? rootDev : rootDeps)[pkg.name] = `^${pkg.version}`));
  // Make everything reachable: unreached packages hang off the last direct dependency.
  const reached = new Set(chosen.slice(0, direct).map((p) => p.name));
  for (let i = 0; i < count; i++) if (reached.has(chosen[i].name)) for (const dep of Object.keys(dependenciesOf[i])) reached.add(dep);
  for (let i = direct; i < count; i++) {
    if (reached.has(chosen[i].name)) continue;
    const parent = i >= devFrom ? direct - 1 : 0;
    dependenciesOf[parent][chosen[i].name] = chosen[i].version;
    reached.add(chosen[i].name);
  }
  const packages = { '': { name: 'service', version: '1.0.0', dependencies: rootDeps, devDependencies: rootDev } };
  chosen.forEach((pkg, i) => {
    const entry = { version: pkg.version, resolved: `https://registry.npmjs.org/${pkg.name}/-/${pkg.name.split('/').pop()}-${pkg.version}.tgz`, integrity: 'sha512-AAAA' };
    if (pkg.license) entry.license = pkg.license;
    if (Object.keys(dependenciesOf[i]).length > 0) entry.dependencies = dependenciesOf[i];
    packages[`node_modules/${pkg.name}`] = entry;
  });
  return { lock: { name: 'service', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, rootDeps, rootDev, padded, direct };
}

function writeConnector(dir, pool, count, seed) {
  const { lock, rootDeps, rootDev, padded, direct } = lockFileOf(pool, count, seed);
  const put = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  put('connect.yaml', 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n');
  put('service/package.json', JSON.stringify({ name: 'service', version: '1.0.0', scripts: { start: 'node index.js' }, dependencies: rootDeps, devDependencies: rootDev }, null, 2));
  put('service/package-lock.json', JSON.stringify(lock, null, 2));
  put('service/index.js', '');
  return { real: count - padded, padded, direct };
}

// ---------------------------------------------------------------------------------------------
// Child process: one measurement, printed as one JSON line.

async function child(mode, dir) {
  const load = (rel) => import(pathToFileURL(path.join(distDir, rel)).href);
  const [{ indexLocalFolder }, { Workspace }, advisories, lockfiles, vulnerabilities, licenses] = await Promise.all([
    load('engine/acquire/local.js'),
    load('engine/workspace.js'),
    load('analyzers/advisories/index.js'),
    load('analyzers/lockfiles/graph.js'),
    load('checks/deps-vulnerabilities/check.js'),
    load('checks/deps-licenses/check.js'),
  ]);
  // Offline with an empty registry cache: no request, and licences the lock lacks are "not checked".
  const settings = { offline: true, advisories: advisoriesDir, cacheDir: path.join(dir, '.empty-cache') };
  if (mode === 'verdict') {
    let started = performance.now();
    const index = indexLocalFolder(dir, { ignoreGit: true });
    const indexMs = performance.now() - started;

    // The verdict as the engine runs it: the check on a fresh workspace.
    const ws = new Workspace({ index, settings });
    const findings = [];
    started = performance.now();
    await vulnerabilities.default.run({ workspace: ws, signal: new AbortController().signal, report: (f) => findings.push(f), skip: (r) => findings.push({ skipped: r }), attach: () => {} });
    const checkMs = performance.now() - started;
    if (findings.some((f) => f.skipped)) throw new Error(`check skipped: ${findings.find((f) => f.skipped).skipped}`);

    // The licence verdict on the same workspace (the engine shares the parsed graph between checks).
    const licenceFindings = [];
    let licenceSkipped;
    started = performance.now();
    await licenses.default.run({ workspace: ws, signal: new AbortController().signal, report: (f) => licenceFindings.push(f), skip: (r) => (licenceSkipped = r), attach: () => {} });
    const licenceMs = performance.now() - started;
    const licensed = [...lockfiles.dependencyGraphOf(ws, 'service').nodes.values()].filter((n) => n.license !== undefined).length;

    // The phases, on another fresh workspace (nothing memoised).
    const phases = new Workspace({ index, settings });
    started = performance.now();
    const data = await advisories.loadAdvisoryData(settings);
    const loadMs = performance.now() - started;
    started = performance.now();
    const graph = lockfiles.dependencyGraphOf(phases, 'service');
    const parseMs = performance.now() - started;
    started = performance.now();
    const lookup = await advisories.vulnerabilitiesFor(data.data, [...graph.nodes.values()].map((n) => ({ name: n.name, version: n.version })));
    vulnerabilities.vulnerabilityFindings(graph, lookup.matches, { lockText: phases.readText(graph.lockFile) });
    const matchMs = performance.now() - started;
    return {
      checkMs,
      licenceMs,
      licenceFindings: licenceFindings.length,
      licenceErrors: licenceFindings.filter((f) => f.severity === 'error').length,
      licenceSkipped,
      licensed,
      indexMs,
      loadMs,
      parseMs,
      matchMs,
      findings: findings.length,
      errors: findings.filter((f) => f.severity === 'error').length,
      records: data.data.store.recordCount,
      vulnerabilities: data.data.store.size,
      vulnerablePackages: lookup.matches.size,
      packages: graph.nodes.size,
    };
  }
  if (mode === 'throughput') {
    const pool = realPackages();
    const rng = random(SEED + 1);
    const texts = [];
    for (let i = 0; i < SYNTHETIC_LOCK_FILES; i++) {
      const count = rng.int(SYNTHETIC_MIN_PACKAGES, SYNTHETIC_MAX_PACKAGES);
      texts.push(JSON.stringify(lockFileOf(pool, count, SEED + 2 + i).lock));
    }
    const data = await advisories.loadAdvisoryData(settings);
    const store = data.data.store;
    // Parse first (kept apart so "match only" is the store's cost); graphs are dropped as soon as
    // their package list is taken, as a service scanning connector after connector would.
    let started = performance.now();
    const packageLists = texts.map((text) => {
      const graph = lockfiles.parseLockFile('package-lock.json', text, 'package-lock.json');
      return [...graph.nodes.values()].map((n) => ({ name: n.name, version: n.version }));
    });
    const parseMs = performance.now() - started;
    const packages = packageLists.reduce((sum, list) => sum + list.length, 0);
    const distinct = new Set(packageLists.flat().map((p) => `${p.name}@${p.version}`)).size;
    started = performance.now();
    let vulnerableLocks = 0;
    for (const list of packageLists) if (store.affected(list).size > 0) vulnerableLocks++;
    const matchMs = performance.now() - started;
    const fullMs = parseMs + matchMs;
    return {
      packages,
      distinct,
      vulnerableLocks,
      parseMs,
      matchMs,
      fullMs,
      matchLocksPerSecond: SYNTHETIC_LOCK_FILES / (matchMs / 1000),
      matchPackagesPerSecond: packages / (matchMs / 1000),
      fullLocksPerSecond: SYNTHETIC_LOCK_FILES / (fullMs / 1000),
      fullPackagesPerSecond: packages / (fullMs / 1000),
    };
  }
  throw new Error(`unknown mode ${mode}`);
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3], process.argv[4]);
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKB: process.resourceUsage().maxRSS })}\n`);
} else if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await run({ progress: (message) => process.stderr.write(`  … ${message}\n`) });
  for (const r of rows) process.stdout.write(`${r.name.padEnd(48)} ${String(r.value).padEnd(16)} ${r.target ? `target ${r.target}` : ''}${r.ratio !== undefined ? ` ratio ${r.ratio.toFixed(2)}` : ''}${r.note ? `  (${r.note})` : ''}\n`);
}
