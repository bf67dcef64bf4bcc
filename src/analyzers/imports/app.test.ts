import { describe, expect, it } from 'vitest';
import { workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import { applicationImportsOf } from './app.js';
import { isElidedByTypeScript } from './elision.js';
import { conventionalRoleOf } from './files.js';
import { classifySpecifier } from './specifier.js';
import { matchPathAlias, parseJsonc, tsconfigOf } from './tsconfig.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const CONNECT_YAML = `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`;

function app(files: FixtureFiles, pkg: Record<string, unknown> = {}): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({ 'connect.yaml': CONNECT_YAML, 'service/package.json': json({ name: 'service', ...pkg }), ...files });
}

const rolesOf = (ws: ReturnType<typeof workspaceFromFiles>): Record<string, string> =>
  Object.fromEntries(applicationImportsOf(ws, 'service').files.map((f) => [f.file.replace('service/', ''), f.role]));

describe('classifySpecifier', () => {
  it('tells packages from built-ins, files, subpath imports and URLs', () => {
    const cases = ['express', 'lodash/fp', '@scope/pkg', '@scope/pkg/deep/x.js', 'fs', 'fs/promises', 'node:fs', 'node:test', './x', '../x', '/abs', '#internal', 'https://esm.sh/x', 'virtual:pwa', '@/alias', '~/alias', '@scope'];
    expect(cases.map((c) => { const i = classifySpecifier(c); return i.packageName ?? i.kind; })).toEqual([
      'express', 'lodash', '@scope/pkg', '@scope/pkg', 'builtin', 'builtin', 'builtin', 'builtin', 'relative', 'relative', 'relative', 'subpath-import', 'url', 'url', 'invalid', 'invalid', 'invalid',
    ]);
  });
});

describe('conventionalRoleOf', () => {
  it('knows tests, tool configuration, declarations and source by convention', () => {
    const cases = [
      'src/index.ts', 'src/config.ts', 'src/config/config.ts', 'src/a.test.ts', 'src/a.spec.js', 'test/helpers.ts', 'src/__tests__/a.ts',
      'tests/integration/a.ts', 'jest.config.cjs', 'vite.config.ts', 'custom-application-config.mjs', '.eslintrc.js', 'scripts/release.mjs',
      'src/types.d.ts', 'jest.setup.ts', 'src/setupTests.js', 'README.md',
    ];
    expect(Object.fromEntries(cases.map((c) => [c, conventionalRoleOf(c)]))).toEqual({
      'src/index.ts': 'source', 'src/config.ts': 'source', 'src/config/config.ts': 'source', 'src/a.test.ts': 'test', 'src/a.spec.js': 'test',
      'test/helpers.ts': 'test', 'src/__tests__/a.ts': 'test', 'tests/integration/a.ts': 'test', 'jest.config.cjs': 'config',
      'vite.config.ts': 'config', 'custom-application-config.mjs': 'config', '.eslintrc.js': 'config', 'scripts/release.mjs': 'config',
      'src/types.d.ts': 'declaration', 'jest.setup.ts': 'test', 'src/setupTests.js': 'test', 'README.md': undefined,
    });
  });
});

describe('tsconfig', () => {
  it('parses JSONC: comments, trailing commas, comment-like text inside strings', () => {
    expect(parseJsonc(`{\n // line\n "a": "/* not a comment */", /* block */ "b": ["x", "y",],\n "c": "http://x//y",\n}`)).toEqual({ a: '/* not a comment */', b: ['x', 'y'], c: 'http://x//y' });
  });

  it('reads paths, baseUrl, outDir and rootDir, following one relative extends', () => {
    const ws = workspaceFromFiles({
      'tsconfig.base.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["shared/src/*"] }, "outDir": "ignored" } }`,
      'service/tsconfig.json': `{\n  "extends": "../tsconfig.base.json", // shared settings\n  "compilerOptions": { "outDir": "./build", "rootDir": "src", "verbatimModuleSyntax": true, },\n}`,
    });
    const config = tsconfigOf(ws, 'service');
    expect(config).toMatchObject({ file: 'service/tsconfig.json', baseUrl: '', outDir: 'service/build', rootDir: 'service/src', keepsImports: true });
    expect(config.paths).toEqual([{ pattern: '@shared/*', prefix: '@shared/', suffix: '', targets: ['shared/src/*'] }]);
    expect(matchPathAlias(config, '@shared/utils')?.star).toBe('utils');
    expect(matchPathAlias(config, '@sharedx')).toBeUndefined();
  });

  it('reports an unreadable tsconfig instead of throwing', () => {
    const ws = workspaceFromFiles({ 'service/tsconfig.json': `{ "compilerOptions": ` });
    expect(tsconfigOf(ws, 'service').error).toMatch(/not valid JSON with comments/);
  });
});

describe('applicationImportsOf: entries', () => {
  it('maps `node dist/main.js` back to src/main.ts through tsconfig outDir/rootDir', () => {
    const ws = app(
      { 'service/tsconfig.json': `{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }`, 'service/src/main.ts': `import './server';`, 'service/src/server.ts': '' },
      { scripts: { start: 'node dist/main.js', build: 'tsc' } },
    );
    const analysis = applicationImportsOf(ws, 'service');
    expect(analysis.entries).toEqual([{ file: 'service/src/main.ts', via: 'scripts.start' }]);
    expect(rolesOf(ws)).toEqual({ 'src/main.ts': 'runtime', 'src/server.ts': 'runtime' });
  });

  it('maps build/ to src/ without a rootDir, and finds the same file name under src/ as a last resort', () => {
    const first = app({ 'service/tsconfig.json': `{ "compilerOptions": { "outDir": "build" } }`, 'service/src/index.ts': '' }, { scripts: { start: 'node build/index.js' } });
    expect(applicationImportsOf(first, 'service').entries.map((e) => e.file)).toEqual(['service/src/index.ts']);
    const second = app({ 'service/src/app/server.ts': '', 'service/src/other.ts': '' }, { scripts: { start: 'node build/server.js', build: 'tsc' } });
    expect(applicationImportsOf(second, 'service').entries.map((e) => e.file)).toEqual(['service/src/app/server.ts']);
  });

  it('follows the start script through npm run, node options and ts-node', () => {
    const ws = app({ 'service/src/index.ts': '' }, { scripts: { start: 'npm run serve', serve: 'node -r dotenv/config --enable-source-maps src/index.ts' } });
    expect(applicationImportsOf(ws, 'service').entries).toEqual([{ file: 'service/src/index.ts', via: 'scripts.serve' }]);
    const tsNode = app({ 'service/src/index.ts': '' }, { scripts: { start: 'ts-node src/index.ts' } });
    expect(applicationImportsOf(tsNode, 'service').entries.map((e) => e.file)).toEqual(['service/src/index.ts']);
  });

  it('uses the buildpack fallbacks without a start script: server.js, then main, then index.js', () => {
    const ws = app({ 'service/server.js': '', 'service/index.js': '' }, { main: 'index.js' });
    expect(applicationImportsOf(ws, 'service').entries).toEqual([{ file: 'service/server.js', via: 'server.js' }]);
    const viaMain = app({ 'service/lib/app.js': '', 'service/index.js': '' }, { main: 'lib/app.js' });
    expect(applicationImportsOf(viaMain, 'service').entries).toEqual([{ file: 'service/lib/app.js', via: 'main' }]);
  });

  it('adds the connect.yaml scripts as entries', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /\n    scripts:\n      postDeploy: npm install && npm run connector:post-deploy\n      preUndeploy: node build/connector/pre-undeploy.js\n`,
      'service/package.json': json({ scripts: { start: 'node build/index.js', build: 'tsc', 'connector:post-deploy': 'node build/connector/post-deploy.js' } }),
      'service/src/index.ts': '',
      'service/src/connector/post-deploy.ts': '',
      'service/src/connector/pre-undeploy.ts': '',
    });
    expect(applicationImportsOf(ws, 'service').entries).toEqual([
      { file: 'service/src/index.ts', via: 'scripts.start' },
      { file: 'service/src/connector/post-deploy.ts', via: 'scripts.connector:post-deploy' },
      { file: 'service/src/connector/pre-undeploy.ts', via: 'connect.yaml preUndeploy' },
    ]);
  });

  it('counts all application code under src/ as runtime when no entry can be found', () => {
    const ws = app({ 'service/src/a.ts': '', 'service/src/a.test.ts': '', 'service/other/b.ts': '' }, { scripts: { start: 'mc-scripts start' } });
    const analysis = applicationImportsOf(ws, 'service');
    expect(analysis.entryFound).toBe(false);
    expect(rolesOf(ws)).toEqual({ 'other/b.ts': 'source', 'src/a.test.ts': 'test', 'src/a.ts': 'runtime' });
  });
});

describe('applicationImportsOf: reachability and packages', () => {
  it('follows relative imports (.js → .ts, folders, index files), path aliases and baseUrl; the rest is source', () => {
    const ws = app(
      {
        'service/tsconfig.json': `{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["./*"] }, "outDir": "build" } }`,
        'service/src/index.ts': `import { a } from './a.js';\nimport b from './b';\nimport '@/c';\nimport d from 'utils/d';\nconst l = await import('./lazy');`,
        'service/src/a.ts': `export const a = 1;`,
        'service/src/b/index.ts': `export default 1;`,
        'service/src/c.ts': `import express from 'express';`,
        'service/src/utils/d.ts': `export default 1;`,
        'service/src/lazy.ts': `export {};`,
        'service/src/unused.ts': `import chalk from 'chalk';`,
        'service/src/index.test.ts': `import { a } from './a.js';`,
        'service/build/index.js': `require('compiled-output');`,
        'service/coverage/lcov-report/x.js': `require('coverage');`,
      },
      { scripts: { start: 'node build/index.js' } },
    );
    expect(rolesOf(ws)).toEqual({
      'src/a.ts': 'runtime',
      'src/b/index.ts': 'runtime',
      'src/c.ts': 'runtime',
      'src/index.test.ts': 'test',
      'src/index.ts': 'runtime',
      'src/lazy.ts': 'runtime',
      'src/unused.ts': 'source',
      'src/utils/d.ts': 'runtime',
    });
    expect(applicationImportsOf(ws, 'service').packageImports.map((p) => `${p.packageName}:${p.role}:${p.line}:${p.column}`)).toEqual([
      'express:runtime:1:21',
      'chalk:source:1:19',
    ]);
  });

  it('leaves out type-only imports, built-ins, subpath imports, URLs, the package itself and bundler aliases', () => {
    const ws = app(
      {
        'service/vite.config.ts': `import { defineConfig } from 'vite';\nexport default defineConfig({ resolve: { alias: { '@components': '/src/components', utils: '/src/utils' } } });`,
        'service/src/index.ts': [
          `import type { T } from 'types-only';`,
          `import { type U } from 'inline-types';`,
          `export type { V } from 'reexported-types';`,
          `import fs from 'node:fs';`,
          `import path from 'path';`,
          `import { x } from '#internal/x';`,
          `import remote from 'https://esm.sh/remote';`,
          `import self from 'service/sub';`,
          `import Button from '@components/Button';`,
          `import { u } from 'utils/format';`,
          'const loc = await import(`./locales/${lang}.js`);',
          'const dyn = await import(`${pkgName}`);',
          `import real from '@scope/real/deep';`,
        ].join('\n'),
      },
      { scripts: { start: 'node src/index.ts' } },
    );
    expect(applicationImportsOf(ws, 'service').packageImports.map((p) => `${p.file}:${p.packageName}`)).toEqual(['service/src/index.ts:@scope/real', 'service/vite.config.ts:vite']);
  });

  it('does not analyse nested packages or compiled output', () => {
    const ws = app(
      { 'service/src/index.ts': `import 'a';`, 'service/tools/gen/package.json': '{}', 'service/tools/gen/index.ts': `import 'b';`, 'service/dist/index.js': `require('c')` },
      { scripts: { start: 'node dist/index.js', build: 'tsc' } },
    );
    expect(applicationImportsOf(ws, 'service').packageImports.map((p) => p.packageName)).toEqual(['a']);
  });

  it('reads require in .cjs, JSX in .js and .tsx, and reports files it cannot parse', () => {
    const ws = app(
      {
        'service/src/index.cjs': `const express = require('express');\nrequire('./view.js');`,
        'service/src/view.js': `import React from 'react';\nexport const V = () => <div>It's {require('inline-require')}</div>;`,
        'service/src/page.tsx': `import { render } from 'react-dom';\nexport const P = <T,>(x: T) => <b>{String(x)}</b>;`,
        'service/src/broken.ts': `import x from 'unterminated;\nexport const y = 1;`,
      },
      { scripts: { start: 'node src/index.cjs' } },
    );
    const analysis = applicationImportsOf(ws, 'service');
    expect(analysis.packageImports.map((p) => `${p.packageName}:${p.role}`)).toEqual(['express:runtime', 'react-dom:source', 'react:runtime', 'inline-require:runtime']);
    expect(analysis.diagnostics.map((d) => d.file)).toEqual(['service/src/broken.ts']);
  });
});

describe('isElidedByTypeScript', () => {
  const files = (tsconfig: string): FixtureFiles => ({
    'service/tsconfig.json': tsconfig,
    'service/src/index.ts': [
      `import { Request, Response } from 'types-as-values';`,
      `import { Schema } from 'used-as-value';`,
      `import * as NS from 'namespace-type';`,
      `import 'side-effect';`,
      `import './view.js';`,
      `export function h(req: Request, res: Response): NS.T { return Schema.parse(req) as unknown as NS.T; }`,
    ].join('\n'),
    'service/src/view.tsx': `import { Comp, type Props } from 'jsx-use';\nexport const el = (p: Props) => <Comp {...p} />;`,
  });

  it('knows imports tsc drops because their bindings are only used as types', () => {
    const ws = app(files(`{ "compilerOptions": {} }`), { scripts: { start: 'node src/index.ts' } });
    const analysis = applicationImportsOf(ws, 'service');
    const elided = Object.fromEntries(analysis.packageImports.map((p) => [p.packageName, isElidedByTypeScript(ws, p, 'service')]));
    expect(elided).toEqual({ 'types-as-values': true, 'used-as-value': false, 'namespace-type': true, 'side-effect': false, 'jsx-use': false });
  });

  it('keeps every import when the tsconfig asks for verbatim module syntax', () => {
    const ws = app(files(`{ "compilerOptions": { "verbatimModuleSyntax": true } }`), { scripts: { start: 'node src/index.ts' } });
    const analysis = applicationImportsOf(ws, 'service');
    expect(analysis.packageImports.some((p) => isElidedByTypeScript(ws, p, 'service'))).toBe(false);
  });
});
