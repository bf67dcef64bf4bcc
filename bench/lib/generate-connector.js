// Generates a large, realistic Connect connector for benchmarks: connect.yaml with four
// applications, TypeScript and JavaScript sources of varied size that import each other and their
// declared dependencies, node:test tests, documentation, package.json and package-lock.json per
// application. Deterministic: the same options always produce byte-identical files.
// Other benches reuse it: `import { generateConnector } from './lib/generate-connector.js'`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_FILE_COUNT = 10_000;
export const DEFAULT_SEED = 20_251_127;
/** Source files are between these sizes, the range of hand-written modules in real connectors. */
export const MIN_SOURCE_BYTES = 1024;
export const MAX_SOURCE_BYTES = 8 * 1024;
/** Share of each application's generated files that are tests. */
const TEST_SHARE = 0.25;
const DOC_FILES = 24;

/** Lock-file catalogue: real package names with plausible current versions and their licences. */
const CATALOGUE = {
  '@commercetools/platform-sdk': ['8.16.0', 'MIT'],
  '@commercetools/ts-client': ['4.2.0', 'MIT'],
  '@commercetools/connect-payments-sdk': ['0.27.1', 'MIT'],
  zod: ['3.25.76', 'MIT'],
  'abort-controller': ['3.0.0', 'MIT'],
  'event-target-shim': ['5.0.1', 'MIT'],
  'node-fetch': ['2.7.0', 'MIT'],
  'whatwg-url': ['5.0.0', 'MIT'],
  tr46: ['0.0.3', 'MIT'],
  'webidl-conversions': ['3.0.1', 'BSD-2-Clause'],
  uuid: ['11.1.0', 'MIT'],
  express: ['5.1.0', 'MIT'],
  accepts: ['2.0.0', 'MIT'],
  'body-parser': ['2.2.0', 'MIT'],
  bytes: ['3.1.2', 'MIT'],
  'content-disposition': ['1.0.0', 'MIT'],
  'content-type': ['1.0.5', 'MIT'],
  cookie: ['0.7.2', 'MIT'],
  'cookie-signature': ['1.2.2', 'MIT'],
  debug: ['4.4.1', 'MIT'],
  ms: ['2.1.3', 'MIT'],
  depd: ['2.0.0', 'MIT'],
  encodeurl: ['2.0.0', 'MIT'],
  'escape-html': ['1.0.3', 'MIT'],
  etag: ['1.8.1', 'MIT'],
  finalhandler: ['2.1.0', 'MIT'],
  fresh: ['2.0.0', 'MIT'],
  'http-errors': ['2.0.0', 'MIT'],
  inherits: ['2.0.4', 'ISC'],
  setprototypeof: ['1.2.0', 'ISC'],
  statuses: ['2.0.1', 'MIT'],
  toidentifier: ['1.0.1', 'MIT'],
  'iconv-lite': ['0.6.3', 'MIT'],
  'safer-buffer': ['2.1.2', 'MIT'],
  'merge-descriptors': ['2.0.0', 'MIT'],
  'mime-types': ['3.0.1', 'MIT'],
  'mime-db': ['1.54.0', 'MIT'],
  'on-finished': ['2.4.1', 'MIT'],
  'ee-first': ['1.1.1', 'MIT'],
  once: ['1.4.0', 'ISC'],
  wrappy: ['1.0.2', 'ISC'],
  parseurl: ['1.3.3', 'MIT'],
  'proxy-addr': ['2.0.7', 'MIT'],
  forwarded: ['0.2.0', 'MIT'],
  'ipaddr.js': ['1.9.1', 'MIT'],
  qs: ['6.14.0', 'BSD-3-Clause'],
  'side-channel': ['1.1.0', 'MIT'],
  'range-parser': ['1.2.1', 'MIT'],
  'raw-body': ['3.0.0', 'MIT'],
  router: ['2.2.0', 'MIT'],
  'path-to-regexp': ['8.2.0', 'MIT'],
  'is-promise': ['4.0.0', 'MIT'],
  send: ['1.2.0', 'MIT'],
  'serve-static': ['2.2.0', 'MIT'],
  'type-is': ['2.0.1', 'MIT'],
  'media-typer': ['1.1.0', 'MIT'],
  vary: ['1.1.2', 'MIT'],
  unpipe: ['1.0.0', 'MIT'],
  typescript: ['5.9.3', 'Apache-2.0'],
  '@types/node': ['22.18.0', 'MIT'],
  'undici-types': ['6.21.0', 'MIT'],
  '@types/express': ['5.0.3', 'MIT'],
};
const EXPRESS_TREE = Object.keys(CATALOGUE).slice(catalogueIndex('express'), catalogueIndex('unpipe') + 1);
const SDK_TREE = ['@commercetools/platform-sdk', '@commercetools/ts-client', 'abort-controller', 'event-target-shim', 'node-fetch', 'whatwg-url', 'tr46', 'webidl-conversions', 'uuid'];

function catalogueIndex(name) {
  return Object.keys(CATALOGUE).indexOf(name);
}

/** The four applications: language, declared packages (direct, then the whole installed tree). */
const APPLICATIONS = [
  {
    name: 'service',
    type: 'service',
    endpoint: '/service',
    language: 'ts',
    share: 0.34,
    dependencies: ['@commercetools/platform-sdk', '@commercetools/ts-client', 'zod'],
    devDependencies: ['typescript', '@types/node'],
    tree: [...SDK_TREE, 'zod', 'typescript', '@types/node', 'undici-types'],
  },
  {
    name: 'event',
    type: 'event',
    endpoint: '/event',
    language: 'ts',
    share: 0.3,
    dependencies: ['@commercetools/platform-sdk', '@commercetools/ts-client', 'express'],
    devDependencies: ['typescript', '@types/node', '@types/express'],
    tree: [...SDK_TREE, ...EXPRESS_TREE, 'typescript', '@types/node', 'undici-types', '@types/express'],
  },
  {
    name: 'job',
    type: 'job',
    endpoint: '/job',
    language: 'js',
    share: 0.26,
    dependencies: ['@commercetools/platform-sdk', '@commercetools/ts-client'],
    devDependencies: [],
    tree: SDK_TREE,
  },
  { name: 'assets', type: 'assets', language: 'web', share: 0.1, dependencies: [], devDependencies: [], tree: [] },
];

const CONFIG_KEYS = [
  ['CTP_PROJECT_KEY', 'Key of the commercetools project', false],
  ['CTP_REGION', 'Region of the commercetools project', false],
  ['CTP_API_URL', 'commercetools HTTP API URL', false],
  ['CTP_AUTH_URL', 'commercetools authorization URL', false],
  ['CTP_CLIENT_ID', 'Client ID of the API client', true],
  ['CTP_CLIENT_SECRET', 'Client secret of the API client', true],
];

const NOUNS = ['cart', 'order', 'payment', 'customer', 'product', 'price', 'discount', 'shipping', 'tax', 'inventory',
  'channel', 'store', 'category', 'review', 'quote', 'subscription', 'message', 'extension', 'webhook', 'refund'];
const VERBS = ['calculate', 'validate', 'map', 'resolve', 'build', 'normalise', 'merge', 'filter', 'collect', 'format',
  'apply', 'check', 'select', 'group', 'sum', 'split', 'convert', 'describe', 'prepare', 'reconcile'];
const FOLDERS = ['domain', 'handlers', 'services', 'clients', 'mappers', 'validators', 'utils', 'models', 'routes', 'jobs'];

/** mulberry32: a tiny, fast, well-distributed PRNG; enough for reproducible synthetic content. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const SCRIPT_FILE = /\.[cm]?[jt]s$/;

/** A module's import lines and one export (bodies: false). */
function skeletonOf(text) {
  const imports = text.split('\n').filter((line) => /^import\s/.test(line));
  return `${imports.join('\n')}${imports.length > 0 ? '\n' : ''}export const skeleton = 1;\n`;
}

const pascal = (...words) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = (first, ...rest) => first + pascal(...rest);

/**
 * Writes the connector into `dir` (which should be empty) and returns what it wrote.
 * With `git: true` the folder becomes a Git repository with one commit, as a clone would be.
 * With `bodies: false` every JavaScript/TypeScript module keeps only its import lines and one
 * export: the same files, folders and import graph with almost no text, so a run on it shows what
 * the number of files costs apart from the bytes in them.
 * @param {string} dir
 * @param {{ files?: number, seed?: number, git?: boolean, bodies?: boolean }} [options]
 * @returns {{ dir: string, files: number, bytes: number }}
 */
export function generateConnector(dir, options = {}) {
  const total = options.files ?? DEFAULT_FILE_COUNT;
  const rng = random(options.seed ?? DEFAULT_SEED);
  let files = 0;
  let bytes = 0;
  const put = (rel, generated) => {
    const content = options.bodies === false && SCRIPT_FILE.test(rel) ? skeletonOf(generated) : generated;
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    files += 1;
    bytes += Buffer.byteLength(content);
  };

  const appConfigKeys = { service: [['MAX_LINE_ITEM_QUANTITY', 'Highest quantity allowed for one line item', '10']],
    event: [['ORDER_WEBHOOK_URL', 'Endpoint that receives order summaries', undefined]],
    job: [['STALE_CART_AGE_DAYS', 'Carts older than this many days are deleted', '30']] };

  // Root files.
  put('connect.yaml', connectYaml(appConfigKeys));
  put('README.md', readme(appConfigKeys));
  put('LICENSE', MIT_LICENSE);
  put('SECURITY.md', '# Security policy\n\nReport vulnerabilities privately to security@example.com.\n');
  put('.gitignore', 'node_modules/\ndist/\npublic/\n');
  for (let i = 0; i < DOC_FILES; i++) put(`docs/${String(i).padStart(2, '0')}-${rng.pick(NOUNS)}.md`, docPage(rng, i));

  // Per-application fixed files, then the rest split by share into sources and tests.
  const fixed = APPLICATIONS.map((app) => {
    put(`${app.name}/package.json`, packageJson(app));
    put(`${app.name}/package-lock.json`, packageLock(app));
    if (app.language === 'ts') put(`${app.name}/tsconfig.json`, TSCONFIG);
    if (app.language === 'web') {
      put(`${app.name}/index.html`, '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Widget</title>' +
        '<script type="module" src="src/main.js"></script></head><body><main id="app"></main></body></html>\n');
      put(`${app.name}/scripts/build.js`, ASSETS_BUILD);
    }
    return app;
  });
  const remaining = total - files;
  if (remaining < APPLICATIONS.length * 4) throw new Error(`generateConnector: ${total} files is too few for a connector`);
  let assigned = 0;
  fixed.forEach((app, index) => {
    const count = index === fixed.length - 1 ? remaining - assigned : Math.round(remaining * app.share);
    assigned += count;
    writeApplicationSources(app, count, rng, put);
  });

  if (options.git) {
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '--all');
    git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false',
      'commit', '--quiet', '--no-verify', '--message', 'Generated connector');
  }
  return { dir, files, bytes };
}

function writeApplicationSources(app, count, rng, put) {
  const ext = app.language === 'ts' ? 'ts' : 'js';
  if (app.language === 'web') {
    // Browser modules and stylesheets; tests for the pure helpers.
    const tests = Math.max(1, Math.round(count * TEST_SHARE));
    const modules = [];
    put(`${app.name}/src/main.js`, "import { render } from './render.js';\n\nrender(document.getElementById('app'));\n");
    put(`${app.name}/src/render.js`, "export function render(root) {\n  if (root) root.textContent = 'Ready';\n}\n");
    for (let i = 0; i < count - tests - 2; i++) {
      if (i % 5 === 4) {
        put(`${app.name}/src/styles/${rng.pick(NOUNS)}-${i}.css`, cssFile(rng, i));
      } else {
        const module = sourceModule({ app, index: i, rng, modules, typed: false, browser: true, folder: `widgets/${rng.pick(FOLDERS)}` });
        put(`${app.name}/src/${module.path}`, module.text);
        modules.push(module);
      }
    }
    for (let i = 0; i < tests; i++) {
      const target = modules[i % Math.max(1, modules.length)];
      put(`${app.name}/test/${target ? target.base : 'render'}-${i}.test.js`, testFile(target, false, i, '../src'));
    }
    return;
  }

  const tests = Math.round(count * TEST_SHARE);
  const sources = count - tests;
  const modules = [];
  put(`${app.name}/src/index.${ext}`, entryPoint(app));
  for (let i = 0; i < sources - 1; i++) {
    const module = sourceModule({ app, index: i, rng, modules, typed: app.language === 'ts', folder: rng.pick(FOLDERS) });
    put(`${app.name}/src/${module.path}`, module.text);
    modules.push(module);
  }
  for (let i = 0; i < tests; i++) {
    const target = modules[(i * 7) % modules.length];
    const kind = i % 4 === 0 ? 'integration' : 'unit';
    put(`${app.name}/test/${kind}/${target.folder}/${target.base}-${i}.test.${ext}`, testFile(target, app.language === 'ts', i, '../../../src'));
  }
}

/** One module of 1–8 KB: imports (sibling modules and declared packages), types, functions. */
function sourceModule({ app, index, rng, modules, typed, browser = false, folder }) {
  const noun = rng.pick(NOUNS);
  const base = `${noun}-${rng.pick(VERBS)}-${index}`;
  const rel = `${folder}/${base}.${typed ? 'ts' : 'js'}`;
  const target = rng.int(MIN_SOURCE_BYTES, MAX_SOURCE_BYTES);
  const exports = [];
  const lines = [`// ${pascal(noun)} helpers generated for benchmarks (module ${index}).`];

  const imports = [];
  const importable = modules.slice(-200);
  for (let k = 0; k < rng.int(0, 3) && importable.length > 0; k++) {
    const other = rng.pick(importable);
    if (other.path === rel || imports.some((i) => i.other === other)) continue;
    imports.push({ other, name: other.exports[0] });
  }
  for (const { other, name } of imports) {
    const from = path.posix.relative(path.posix.dirname(rel), other.path.replace(/\.ts$/, '.js'));
    lines.push(`import { ${name} } from '${from.startsWith('.') ? from : `./${from}`}';`);
  }
  if (app.dependencies.includes('zod') && rng.next() < 0.3) lines.push("import { z } from 'zod';");
  if (rng.next() < 0.15 && app.dependencies.includes('@commercetools/platform-sdk')) {
    lines.push(typed
      ? "import type { Cart } from '@commercetools/platform-sdk';"
      : "import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';");
  }
  if (!browser && rng.next() < 0.2) lines.push("import { createHash } from 'node:crypto';");
  lines.push('');

  let n = 0;
  while (lines.join('\n').length < target) {
    const name = camel(rng.pick(VERBS), rng.pick(NOUNS), `${index}x${n}`);
    const type = pascal(noun, rng.pick(['summary', 'draft', 'line', 'result', 'input']), `${index}x${n}`);
    if (typed) {
      lines.push(`export interface ${type} {`, '  id: string;', '  quantity: number;', '  centAmount: number;',
        `  currencyCode: '${rng.pick(['EUR', 'USD', 'GBP'])}' | string;`, '  tags?: string[];', '}', '');
    }
    const arg = typed ? `items: ${type}[], limit = ${rng.int(1, 500)}` : `items, limit = ${rng.int(1, 500)}`;
    const ret = typed ? ': { total: number; kept: number; skipped: string[] }' : '';
    lines.push(
      `/** ${pascal(rng.pick(VERBS))}s ${noun} entries up to a limit; entries over the limit are reported by id. */`,
      `export function ${name}(${arg})${ret} {`,
      '  let total = 0;',
      '  let kept = 0;',
      `  const skipped${typed ? ': string[]' : ''} = [];`,
      '  for (const item of items) {',
      '    if (item.quantity > limit) {',
      '      skipped.push(item.id);',
      '      continue;',
      '    }',
      '    total += item.quantity * item.centAmount;',
      '    kept += 1;',
      '  }',
      `  return { total, kept, skipped };`,
      '}',
      '',
    );
    exports.push(name);
    if (!browser && n % 3 === 1) {
      const key = rng.pick(['CTP_PROJECT_KEY', 'CTP_REGION']);
      lines.push(
        `export function ${name}Label(id${typed ? ': string' : ''})${typed ? ': string' : ''} {`,
        `  const prefix = process.env.${key} ?? '${noun}';`,
        '  return `${prefix}:${id}`;',
        '}',
        '',
      );
    }
    n += 1;
  }
  for (const { name } of imports) lines.push(`export const uses${pascal(name)} = typeof ${name} === 'function';`);
  return { path: rel, folder, base, exports, text: `${lines.join('\n')}\n` };
}

/** A node:test file for `target` (a generated module), `srcPrefix` being the path from the test to src/. */
function testFile(target, typed, index, srcPrefix) {
  const from = `${srcPrefix}/${target ? target.path.replace(/\.ts$/, '.js') : 'render.js'}`;
  const fn = target ? target.exports[0] : 'render';
  return `// Tests for ${fn} (${index}).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ${fn} } from '${from}';

describe('${fn}', () => {
  it('is a function', () => {
    assert.equal(typeof ${fn}, 'function');
  });
${target ? `
  it('keeps items within the limit and reports the others', () => {
    const result = ${fn}([
      { id: 'a', quantity: 1, centAmount: 100, currencyCode: 'EUR' },
      { id: 'b', quantity: 100000, centAmount: 1, currencyCode: 'EUR' },
    ]${typed ? ' as never' : ''}, 10);
    assert.deepEqual(result, { total: 100, kept: 1, skipped: ['b'] });
  });
` : ''}});
`;
}

function entryPoint(app) {
  return `// Entry point of the ${app.name} application: listen on PORT.
import { createServer } from 'node:http';

const port = Number.parseInt(process.env.PORT ?? '', 10) || 8080;
const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '${app.endpoint}') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(${app.type === 'event' ? 204 : 200}).end();
});
server.listen(port, () => process.stdout.write(JSON.stringify({ severity: 'INFO', message: 'listening', port }) + '\\n'));
`;
}

function connectYaml(appConfigKeys) {
  const lines = ['deployAs:'];
  for (const app of APPLICATIONS) {
    lines.push(`  - name: ${app.name}`, `    applicationType: ${app.type}`);
    if (app.type === 'assets') continue;
    lines.push(`    endpoint: ${app.endpoint}`);
    if (app.type === 'job') lines.push('    properties:', '      schedule: "0 0 * * *"');
    else lines.push('    healthCheck:', '      path: /health');
    lines.push('    configuration:', '      standardConfiguration:');
    for (const [key, description, value] of appConfigKeys[app.name]) {
      lines.push(`        - key: ${key}`, `          description: ${description}`, `          required: ${value === undefined}`);
      if (value !== undefined) lines.push(`          default: "${value}"`);
    }
  }
  lines.push('inheritAs:', '  configuration:');
  for (const secured of [false, true]) {
    lines.push(secured ? '    securedConfiguration:' : '    standardConfiguration:');
    for (const [key, description] of CONFIG_KEYS.filter((k) => k[2] === secured)) {
      lines.push(`      - key: ${key}`, `        description: ${description}`, '        required: true');
    }
  }
  return `${lines.join('\n')}\n`;
}

function readme(appConfigKeys) {
  const rows = [...CONFIG_KEYS.map(([k, d, s]) => `| \`${k}\` | all | ${s ? 'yes' : 'no'} | ${d} |`),
    ...Object.entries(appConfigKeys).flatMap(([app, keys]) => keys.map(([k, d]) => `| \`${k}\` | ${app} | no | ${d} |`))];
  return `# Benchmark connector

Generated connector used to measure connect-certify on a large repository.

## Installation

Deploy it with Connect (Merchant Center → Connect) and provide the configuration below.

## Usage

The service answers API Extension calls, the event application receives order messages, the job
cleans up carts nightly and the assets application ships a storefront widget.

## Configuration

| Key | Applies to | Secured | Description |
| --- | --- | --- | --- |
${rows.join('\n')}

## Support

Write to support@example.com.
`;
}

function docPage(rng, i) {
  const noun = rng.pick(NOUNS);
  const paragraphs = Array.from({ length: rng.int(3, 12) }, () =>
    `The ${noun} flow ${rng.pick(VERBS)}s ${rng.pick(NOUNS)} data before it ${rng.pick(VERBS)}s the ${rng.pick(NOUNS)}. ` +
    `Each step is idempotent, so a retried message or a re-run job leaves the project unchanged.`);
  return `# ${pascal(noun)} guide ${i}\n\n${paragraphs.join('\n\n')}\n`;
}

function cssFile(rng, i) {
  const rules = Array.from({ length: rng.int(10, 80) }, (_, k) =>
    `.${rng.pick(NOUNS)}-${i}-${k} {\n  margin: ${rng.int(0, 16)}px;\n  color: #${rng.int(0, 0xffffff).toString(16).padStart(6, '0')};\n}\n`);
  return rules.join('\n');
}

function packageJson(app) {
  const versions = (names) => Object.fromEntries(names.map((name) => [name, `^${CATALOGUE[name][0]}`]));
  const scripts = app.language === 'ts'
    ? { 'gcp-build': 'tsc', build: 'tsc', start: 'node dist/index.js', test: 'tsc && node --test dist/test/**/*.test.js' }
    : app.language === 'web'
      ? { build: 'node scripts/build.js', start: 'node scripts/build.js', test: 'node --test test/*.test.js' }
      : { start: 'node src/index.js', test: 'node --test test/**/*.test.js' };
  const pkg = {
    name: `bench-${app.name}`,
    version: '1.0.0',
    description: `Benchmark ${app.name} application`,
    private: true,
    type: 'module',
    license: 'MIT',
    author: 'Bench <bench@example.com>',
    bugs: { email: 'bench@example.com' },
    engines: { node: '>=22' },
    scripts,
  };
  if (app.dependencies.length > 0) pkg.dependencies = versions(app.dependencies);
  if (app.devDependencies.length > 0) pkg.devDependencies = versions(app.devDependencies);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function packageLock(app) {
  const versions = (names) => Object.fromEntries(names.map((name) => [name, `^${CATALOGUE[name][0]}`]));
  const root = { name: `bench-${app.name}`, version: '1.0.0', license: 'MIT' };
  if (app.dependencies.length > 0) root.dependencies = versions(app.dependencies);
  if (app.devDependencies.length > 0) root.devDependencies = versions(app.devDependencies);
  root.engines = { node: '>=22' };
  const packages = { '': root };
  const dev = new Set(app.devDependencies.flatMap((d) => (d === '@types/node' ? [d, 'undici-types'] : [d])));
  for (const name of app.tree) {
    const [version, license] = CATALOGUE[name];
    const tarball = `${name.split('/').pop()}-${version}.tgz`;
    const entry = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${tarball}`,
      integrity: `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`,
    };
    if (dev.has(name)) entry.dev = true;
    entry.license = license;
    packages[`node_modules/${name}`] = entry;
  }
  return `${JSON.stringify({ name: `bench-${app.name}`, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

const TSCONFIG = `${JSON.stringify({
  compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', types: ['node'] },
  include: ['src', 'test'],
}, null, 2)}\n`;

const ASSETS_BUILD = `import { cpSync, rmSync } from 'node:fs';

rmSync('public', { recursive: true, force: true });
cpSync('src', 'public/src', { recursive: true });
cpSync('index.html', 'public/index.html');
`;

const MIT_LICENSE = `MIT License

Copyright (c) 2025 Bench

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
