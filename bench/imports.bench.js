// Import analysis on a generated 10,000-file TypeScript application: cold `applicationImportsOf()`
// (file roles, entry reachability, every package import with position) in a fresh process, median
// of 3 runs, against a 2 s target; next to the floor of just reading the files, and next to what
// parsing every file with oxc-parser for its module record would cost (the import scanner exists
// because that is too slow on Node 20, which has no raw transfer).
//
// Run: `node bench/run.js imports` (needs dist/, i.e. `npm run build`). The engine is imported from
// ../dist, or from $CONNECT_CERTIFY_DIST when set (to bench a build made elsewhere).
// This file is also its own child process: `node imports.bench.js --child <mode> <dir>`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MAX_SOURCE_BYTES, MIN_SOURCE_BYTES } from './lib/generate-connector.js';
import { measureChild, median } from './lib/measure.js';

export const FILE_COUNT = 10_000;
export const RUNS = 3;
/** Import analysis of a whole 10,000-file application, cold, in under 2 s. */
export const TARGET_MS = 2_000;
export const SEED = 20_260_101;
/** Share of the files that are tests (test/ and *.test.ts), as in the connector generator. */
const TEST_SHARE = 0.25;

const here = fileURLToPath(import.meta.url);
const distDir = process.env.CONNECT_CERTIFY_DIST ?? path.resolve(path.dirname(here), '..', 'dist');

export default {
  name: 'imports',
  description: `import analysis (applicationImportsOf) of a generated ${FILE_COUNT.toLocaleString('en')}-file TypeScript application, ${RUNS} cold runs`,
  run: (options) => run(options),
};

/** Rows for bench/run.js: `{ metric, value, target?, ratio?, note? }`. */
export async function run({ progress = () => {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-imports-bench-'));
  try {
    progress(`generating ${FILE_COUNT} files in ${dir}`);
    const generated = generateApplication(dir, FILE_COUNT, SEED);
    const analyses = [];
    const floors = [];
    const oxc = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`run ${i + 1}/${RUNS}`);
      floors.push(await measureChild(here, ['--child', 'read', dir]));
      analyses.push(await measureChild(here, ['--child', 'analyse', dir]));
      oxc.push(await measureChild(here, ['--child', 'oxc', dir]));
    }
    const analyseMs = median(analyses.map((r) => r.ms));
    const analyseCpuMs = median(analyses.map((r) => r.cpuMs));
    const indexMs = median(analyses.map((r) => r.indexMs));
    const floorMs = median(floors.map((r) => r.ms));
    const floorCpuMs = median(floors.map((r) => r.cpuMs));
    const oxcMs = median(oxc.map((r) => r.ms));
    const oxcCpuMs = median(oxc.map((r) => r.cpuMs));
    const peakMB = median(analyses.map((r) => r.maxRssKB)) / 1024;
    const last = analyses[analyses.length - 1];
    const mb = generated.bytes / 1024 / 1024;
    return [
      { metric: 'application', value: `${generated.files} files, ${mb.toFixed(1)} MB`, note: `${generated.sources} source, ${generated.tests} test files` },
      { metric: 'import analysis, cold (median)', value: seconds(analyseMs), target: seconds(TARGET_MS), ratio: analyseMs / TARGET_MS, note: `CPU ${seconds(analyseCpuMs)}; reads every file` },
      { metric: 'files per second', value: Math.round(generated.files / (analyseMs / 1000)).toLocaleString('en'), note: `${(mb / (analyseMs / 1000)).toFixed(1)} MB/s; by CPU time ${Math.round(generated.files / (analyseCpuMs / 1000)).toLocaleString('en')} files/s` },
      { metric: 'floor: read every file (median)', value: seconds(floorMs), note: `CPU ${seconds(floorCpuMs)}; ${Math.round(generated.files / (floorMs / 1000)).toLocaleString('en')} files/s` },
      { metric: 'analysis / floor', value: `${(analyseMs / floorMs).toFixed(1)}x`, note: `by CPU time ${(analyseCpuMs / floorCpuMs).toFixed(1)}x` },
      { metric: 'workspace index before it (median)', value: seconds(indexMs), note: 'listing the files; shared by every check, not counted above' },
      { metric: 'oxc module record of every file (median)', value: seconds(oxcMs), note: `CPU ${seconds(oxcCpuMs)}, ${(oxcCpuMs / analyseCpuMs).toFixed(1)}x the analysis: what the scanner saves` },
      { metric: 'readers (last run)', value: `scanner ${last.scanner}, oxc ${last.oxc}`, note: 'files the scanner could not read alone are parsed with oxc' },
      { metric: 'result (last run)', value: `${last.packageImports} package imports, ${last.runtime} runtime files, ${last.entries} entries` },
      { metric: 'peak RSS, analysis (median)', value: `${peakMB.toFixed(0)} MB` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

// ---------------------------------------------------------------------------------------------
// Child process: one measurement, printed as one JSON line.

async function child(mode, dir) {
  let started = performance.now();
  let cpu = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  if (mode === 'read') {
    const files = listFiles(dir);
    let chars = 0;
    for (const f of files) chars += readFileSync(f, 'utf8').length;
    return { ms: performance.now() - started, cpuMs: cpuMs(), files: files.length, chars };
  }
  if (mode === 'oxc') {
    const { parseSync } = await import('oxc-parser');
    const files = listFiles(dir).filter((f) => /\.[cm]?[jt]sx?$/.test(f));
    let imports = 0;
    for (const f of files) {
      const result = parseSync(f, readFileSync(f, 'utf8'));
      imports += result.module.staticImports.length + result.module.dynamicImports.length;
    }
    return { ms: performance.now() - started, cpuMs: cpuMs(), files: files.length, imports };
  }
  const load = (rel) => import(pathToFileURL(path.join(distDir, rel)).href);
  const [{ indexLocalFolder }, { Workspace }, { applicationImportsOf }] = await Promise.all([
    load('engine/acquire/local.js'),
    load('engine/workspace.js'),
    load('analyzers/imports/app.js'),
  ]);
  started = performance.now();
  const ws = new Workspace({ index: indexLocalFolder(dir, { ignoreGit: true }) });
  const indexMs = performance.now() - started;
  started = performance.now();
  cpu = process.cpuUsage();
  const analysis = applicationImportsOf(ws, 'service');
  const ms = performance.now() - started;
  const analysisCpuMs = cpuMs();
  let scanner = 0;
  let oxc = 0;
  for (const f of analysis.files) {
    const reader = ws.memo(`imports:${f.file}`, () => undefined)?.reader;
    if (reader === 'scanner') scanner++;
    else if (reader === 'oxc') oxc++;
  }
  return {
    ms,
    cpuMs: analysisCpuMs,
    indexMs,
    scanner,
    oxc,
    packageImports: analysis.packageImports.length,
    runtime: analysis.files.filter((f) => f.role === 'runtime').length,
    entries: analysis.entries.length,
  };
}

function listFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop();
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.isFile()) out.push(abs);
    }
  }
  return out;
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3], process.argv[4]);
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

// ---------------------------------------------------------------------------------------------
// The generated application: a service whose start command runs build/index.js (compiled from
// src/index.ts), modules in folders importing siblings (`./x.js`, as ESM TypeScript does), a path
// alias, declared packages, type-only imports, node: built-ins, the odd dynamic import and
// require(); a quarter of the files are tests. Deterministic: same seed, same bytes.

const NOUNS = ['cart', 'order', 'payment', 'customer', 'product', 'price', 'discount', 'shipping', 'tax', 'inventory', 'channel', 'store'];
const VERBS = ['calculate', 'validate', 'map', 'resolve', 'build', 'normalise', 'merge', 'filter', 'collect', 'format'];
const FOLDERS = ['domain', 'handlers', 'services', 'clients', 'mappers', 'validators', 'utils', 'models', 'routes', 'jobs'];
const PACKAGES = ['@commercetools/platform-sdk', '@commercetools/ts-client', 'express', 'zod', 'dayjs', 'pino', 'lodash/fp'];
const BUILTINS = ['node:crypto', 'node:path', 'fs/promises', 'node:util', 'events'];

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

/** Writes the application under `dir/service` (with a connect.yaml at `dir`); returns counts. */
export function generateApplication(dir, total, seed) {
  const rng = random(seed);
  let files = 0;
  let bytes = 0;
  const put = (rel, text) => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  put('connect.yaml', 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n    scripts:\n      postDeploy: npm run connector:post-deploy\n');
  put('service/package.json', `${JSON.stringify({
    name: 'service',
    private: true,
    type: 'module',
    scripts: { start: 'node build/index.js', build: 'tsc', test: 'node --test', 'connector:post-deploy': 'node build/connector/post-deploy.js' },
    dependencies: { '@commercetools/platform-sdk': '^8.16.0', '@commercetools/ts-client': '^4.2.0', express: '^5.1.0', zod: '^3.25.76', dayjs: '^1.11.13', pino: '^9.7.0', lodash: '^4.17.21' },
    devDependencies: { typescript: '^5.9.3', '@types/node': '^22.0.0', '@types/express': '^5.0.0' },
  }, null, 2)}\n`);
  put('service/tsconfig.json', `{\n  // Generated for the imports bench\n  "compilerOptions": {\n    "target": "ES2022", "module": "NodeNext", "outDir": "build", "rootDir": "src",\n    "strict": true, "paths": { "@/*": ["./src/*"] },\n  },\n}\n`);
  const tests = Math.round((total - files - 2) * TEST_SHARE);
  const sources = total - files - 2 - tests;
  const modules = [];
  for (let i = 0; i < sources; i++) {
    const folder = rng.pick(FOLDERS);
    const base = `${rng.pick(NOUNS)}-${rng.pick(VERBS)}-${i}`;
    const rel = `${folder}/${base}.ts`;
    const text = moduleText(rng, i, rel, modules);
    put(`service/src/${rel}`, text);
    modules.push({ rel, name: `fn${i}` });
  }
  // The entry imports a spread of modules (a router would), so most of the code is runtime.
  const entryImports = modules.filter((_, i) => i % 50 === 0).map((m) => `import { ${m.name} } from './${m.rel.replace(/\.ts$/, '.js')}';`);
  put('service/src/index.ts', `import express from 'express';\n${entryImports.join('\n')}\n\nconst app = express();\napp.listen(Number(process.env.PORT ?? 8080));\nexport default app;\n`);
  put('service/src/connector/post-deploy.ts', `import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';\nimport { ${modules[1].name} } from '../${modules[1].rel.replace(/\.ts$/, '.js')}';\nexport async function run(): Promise<void> { createApiBuilderFromCtpClient({} as never); }\n`);
  for (let i = 0; i < tests; i++) {
    const target = modules[(i * 7) % modules.length];
    const rel = i % 3 === 0 ? `src/${target.rel.replace(/\.ts$/, `.${i}.test.ts`)}` : `test/${i % 4 === 0 ? 'integration' : 'unit'}/${target.rel.replace(/\.ts$/, `-${i}.test.ts`)}`;
    const back = path.posix.relative(path.posix.dirname(rel), `src/${target.rel}`).replace(/\.ts$/, '.js');
    put(`service/${rel}`, `import assert from 'node:assert/strict';\nimport { describe, it } from 'node:test';\nimport { ${target.name} } from '${back.startsWith('.') ? back : `./${back}`}';\n\ndescribe('${target.name}', () => {\n  it('is a function', () => {\n    assert.equal(typeof ${target.name}, 'function');\n  });\n  it('totals the kept items', () => {\n    const result = ${target.name}([{ id: 'a', quantity: 1, centAmount: 100 }], 10);\n    assert.equal(result.kept, 1);\n  });\n});\n`);
  }
  return { files, bytes, sources: sources + 2, tests };
}

function moduleText(rng, index, rel, modules) {
  const target = rng.int(MIN_SOURCE_BYTES, MAX_SOURCE_BYTES);
  const lines = [`// Helpers for ${rel} (generated for the imports bench).`];
  const recent = modules.slice(-300);
  const used = new Set();
  for (let k = rng.int(1, 4); k > 0 && recent.length > 0; k--) {
    const other = rng.pick(recent);
    if (used.has(other)) continue;
    used.add(other);
    const from = path.posix.relative(path.posix.dirname(rel), other.rel).replace(/\.ts$/, '.js');
    lines.push(rng.next() < 0.15 ? `import { ${other.name} } from '@/${other.rel.replace(/\.ts$/, '.js')}';` : `import { ${other.name} } from '${from.startsWith('.') ? from : `./${from}`}';`);
  }
  for (let k = rng.int(1, 3); k > 0; k--) {
    const pkg = rng.pick(PACKAGES);
    lines.push(rng.next() < 0.3 ? `import type { T${k} } from '${pkg}';` : `import * as p${k} from '${pkg}';`);
  }
  if (rng.next() < 0.4) lines.push(`import { ${['randomUUID', 'join', 'readFile', 'format', 'EventEmitter'][index % 5]} } from '${BUILTINS[index % 5]}';`);
  if (rng.next() < 0.05) lines.push(`const lazy = () => import('dayjs');`);
  if (rng.next() < 0.02) lines.push(`const legacy = require('lodash/fp');`);
  lines.push('');
  let n = 0;
  while (lines.join('\n').length < target) {
    lines.push(
      `export interface Line${index}x${n} {`, '  id: string;', '  quantity: number;', '  centAmount: number;', '  tags?: string[];', '}', '',
      `/** Totals ${rel} entries up to a limit; entries over the limit are reported by id. */`,
      `export function ${n === 0 ? `fn${index}` : `fn${index}x${n}`}(items: Line${index}x${n}[], limit = ${rng.int(1, 500)}): { total: number; kept: number; skipped: string[] } {`,
      '  let total = 0;', '  let kept = 0;', '  const skipped: string[] = [];',
      '  for (const item of items) {', '    if (item.quantity > limit || /^tmp-/.test(item.id)) {', '      skipped.push(item.id);', '      continue;', '    }',
      '    total += item.quantity * item.centAmount / 100;', '    kept += 1;', '  }',
      `  const label = \`\${kept}/\${items.length} kept for ${rel}\`;`,
      '  return { total, kept, skipped: label ? skipped : [] };', '}', '',
    );
    n++;
  }
  return `${lines.join('\n')}\n`;
}
