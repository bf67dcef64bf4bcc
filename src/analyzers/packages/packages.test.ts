import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import { nodeApplicationFoldersOf } from './applications.js';
import { lockBinariesOf, resolveBinary } from './binaries.js';
import { declaredDependenciesOf, localModuleDir } from './declared.js';
import { packageJsonOf, parsePackageJson } from './package-json.js';
import { scriptUsesOf } from './script-uses.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

describe('packageJsonOf', () => {
  it('reads the fields leniently and memoises per folder', () => {
    const ws = workspaceFromFiles({
      'service/package.json': json({ name: 'svc', main: 'build/index.js', scripts: { start: 'node build/index.js', bad: 3 }, dependencies: { express: '^4' }, devDependencies: 'nope' }),
    });
    const pkg = packageJsonOf(ws, 'service');
    expect(pkg).toMatchObject({ file: 'service/package.json', dir: 'service', present: true, name: 'svc', main: 'build/index.js' });
    expect(pkg.scripts).toEqual({ start: 'node build/index.js' });
    expect(pkg.dependencies).toEqual({ express: '^4' });
    expect(pkg.devDependencies).toEqual({});
    expect(packageJsonOf(ws, 'service/')).toBe(pkg);
    expect(pkg.positionOf(['scripts', 'start'])).toEqual({ line: 5, column: 5 });
    expect(packageJsonOf(ws, 'missing').present).toBe(false);
  });

  it('reports invalid JSON as an error, never a throw', () => {
    expect(parsePackageJson('{ "name": ', 'a/package.json').error).toMatch(/a\/package\.json is not valid JSON/);
    expect(parsePackageJson('[]', 'a/package.json').error).toMatch(/must hold a JSON object/);
  });
});

describe('declaredDependenciesOf', () => {
  it('unites the four dependency fields, production unless only in devDependencies', () => {
    const ws = workspaceFromFiles({
      'app/package.json': json({ dependencies: { a: '1' }, devDependencies: { b: '1', a: '1' }, peerDependencies: { c: '1' }, optionalDependencies: { d: '1' } }),
    });
    const declared = declaredDependenciesOf(ws, 'app');
    expect([...declared.packages.values()].map((p) => [p.name, p.production])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', true],
    ]);
  });

  it('counts what a declared local module declares (file:, nested), not its devDependencies', () => {
    const ws = workspaceFromFiles({
      'app/package.json': json({ dependencies: { shared: 'file:../shared' }, devDependencies: { tools: 'file:../tools' } }),
      'shared/package.json': json({ name: 'shared', dependencies: { lodash: '4', inner: 'file:../inner' }, devDependencies: { jest: '29' } }),
      'inner/package.json': json({ dependencies: { dayjs: '1' } }),
      'tools/package.json': json({ dependencies: { chalk: '5' } }),
    });
    const declared = declaredDependenciesOf(ws, 'app');
    expect(declared.has('shared')).toBe(true);
    expect(declared.packages.get('lodash')).toMatchObject({ production: true, via: 'shared', fields: [] });
    expect(declared.packages.get('dayjs')).toMatchObject({ production: true, via: 'inner' });
    expect(declared.packages.get('chalk')).toMatchObject({ production: false, via: 'tools' });
    expect(declared.has('jest')).toBe(false);
    expect(declared.localModules.map((m) => m.dir)).toEqual(['shared', 'tools', 'inner']);
  });

  it('resolves local module specs inside the repository only', () => {
    expect(localModuleDir('app', 'file:../shared')).toBe('shared');
    expect(localModuleDir('app', 'link:./lib')).toBe('app/lib');
    expect(localModuleDir('app', '../x')).toBe('x');
    expect(localModuleDir('app', 'file:../../outside')).toBeUndefined();
    expect(localModuleDir('app', 'file:../pkg.tgz')).toBeUndefined();
    expect(localModuleDir('app', '^1.0.0')).toBeUndefined();
    expect(localModuleDir('app', 'github:user/repo')).toBeUndefined();
  });
});

describe('binaries', () => {
  const lock = json({
    lockfileVersion: 3,
    packages: {
      '': { name: 'app' },
      'node_modules/typescript': { version: '5.0.0', dev: true, bin: { tsc: 'bin/tsc', tsserver: 'bin/tsserver' } },
      'node_modules/rimraf': { version: '5.0.0', bin: { rimraf: 'dist/cjs/src/bin.js' } },
      'node_modules/jest/node_modules/jest-cli': { bin: { jest: 'bin/jest.js' } },
      'node_modules/@scope/tool': { bin: 'cli.js' },
      'node_modules/express': { version: '4.0.0' },
    },
  });

  it('reads top-level bin fields of package-lock.json v2/v3', () => {
    const ws = workspaceFromFiles({ 'app/package.json': json({}), 'app/package-lock.json': lock });
    const bins = lockBinariesOf(ws, 'app');
    expect(bins.file).toBe('app/package-lock.json');
    expect(Object.fromEntries(bins.providers)).toEqual({ tsc: ['typescript'], tsserver: ['typescript'], rimraf: ['rimraf'], tool: ['@scope/tool'] });
    expect(bins.installed.has('express')).toBe(true);
  });

  it('resolves a binary to a declared package, an undeclared one, the system, or unknown', () => {
    const ws = workspaceFromFiles({
      'app/package.json': json({ dependencies: { serve: '14', express: '4' }, devDependencies: { typescript: '5', concurrently: '8' } }),
      'app/package-lock.json': lock,
    });
    expect(resolveBinary(ws, 'app', 'tsc')).toMatchObject({ status: 'declared', provider: 'typescript', production: false, source: 'lockfile' });
    expect(resolveBinary(ws, 'app', 'serve')).toMatchObject({ status: 'declared', provider: 'serve', production: true, source: 'known' });
    expect(resolveBinary(ws, 'app', 'concurrently')).toMatchObject({ status: 'declared', provider: 'concurrently' });
    expect(resolveBinary(ws, 'app', 'rimraf')).toMatchObject({ status: 'undeclared', providers: ['rimraf'], source: 'lockfile' });
    expect(resolveBinary(ws, 'app', 'mc-scripts')).toMatchObject({ status: 'undeclared', providers: ['@commercetools-frontend/mc-scripts'], source: 'known' });
    expect(resolveBinary(ws, 'app', 'node')).toMatchObject({ status: 'system' });
    expect(resolveBinary(ws, 'app', 'rm')).toMatchObject({ status: 'system' });
    expect(resolveBinary(ws, 'app', 'frobnicate')).toMatchObject({ status: 'unknown' });
    // express is installed and has no binary: a declared package named like a binary is not enough then.
    expect(resolveBinary(ws, 'app', 'express')).toMatchObject({ status: 'unknown' });
  });
});

describe('nodeApplicationFoldersOf and scriptUsesOf', () => {
  it('lists connect.yaml applications with a package.json, and what their scripts use at run time', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /\n    scripts:\n      postDeploy: npm install && npm run connector:post-deploy\n  - name: java\n    applicationType: job\n    endpoint: /\n    properties:\n      schedule: "* * * * *"\n`,
      'service/package.json': json({
        scripts: { start: 'npm run serve', serve: 'node -r dotenv/config build/index.js', build: 'tsc', 'connector:post-deploy': 'ts-node src/post-deploy.ts', lint: 'npx eslint .' },
      }),
      'java/pom.xml': '<project/>',
    });
    const folders = nodeApplicationFoldersOf(ws);
    expect(folders.map((f) => f.dir)).toEqual(['service']);
    const uses = scriptUsesOf(ws, folders[0]!).map((u) => `${u.kind}:${u.name}:${u.runtime ? 'runtime' : 'build'}:${u.connect ? 'connect' : u.script}`);
    expect(uses).toEqual([
      'binary:npm:runtime:connect',
      'binary:npm:runtime:connect',
      'binary:npm:runtime:start',
      'binary:node:runtime:serve',
      'package:dotenv:runtime:serve',
      'binary:tsc:build:build',
      'binary:ts-node:runtime:connector:post-deploy',
      'binary:eslint:build:lint',
    ]);
  });
});

// Real connectors' package.json files: the script reader must cope with what creators write.
const here = path.dirname(fileURLToPath(import.meta.url));
const realConnectors = path.resolve(here, '../../../../shared/data/real-connectors');

describe('real connectors', () => {
  it.skipIf(!existsSync(realConnectors))('resolves every script binary of every real connector without throwing', () => {
    let apps = 0;
    const unresolved = new Set<string>();
    for (const repo of readdirSync(realConnectors, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const ws = workspaceFromFolder(path.join(realConnectors, repo.name));
      for (const folder of nodeApplicationFoldersOf(ws)) {
        apps++;
        for (const use of scriptUsesOf(ws, folder)) {
          if (use.kind !== 'binary') continue;
          const r = resolveBinary(ws, folder.dir, use.name);
          if (r.status === 'unknown') unresolved.add(use.name);
        }
      }
    }
    expect(apps).toBeGreaterThan(20);
    // Every binary the real connectors call is a system command, in a lock file or in the curated table.
    expect([...unresolved]).toEqual([]);
  });

  it.skipIf(!existsSync(path.join(realConnectors, 'commercetools__connect-payment-integration-template')))(
    'knows the payment template: tsc from typescript, serve in the enabler, mc-free',
    () => {
      const ws = workspaceFromFolder(path.join(realConnectors, 'commercetools__connect-payment-integration-template'));
      const folders = nodeApplicationFoldersOf(ws);
      expect(folders.map((f) => f.dir).sort()).toEqual(['enabler', 'processor']);
      expect(resolveBinary(ws, 'processor', 'tsc')).toMatchObject({ status: 'declared', provider: 'typescript', source: 'lockfile' });
      expect(resolveBinary(ws, 'processor', 'jest')).toMatchObject({ status: 'declared', provider: 'jest' });
      expect(resolveBinary(ws, 'enabler', 'vite')).toMatchObject({ status: 'declared', provider: 'vite' });
      const processor = folders.find((f) => f.dir === 'processor')!;
      const runtime = scriptUsesOf(ws, processor).filter((u) => u.runtime).map((u) => u.script ?? u.connect?.field);
      expect(runtime).toContain('connector:post-deploy');
    },
  );
});
