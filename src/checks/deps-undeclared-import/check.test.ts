import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const SERVICE_YAML = `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`;

function connector(files: FixtureFiles, pkg: Record<string, unknown> = {}): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({
    'connect.yaml': SERVICE_YAML,
    'service/package.json': json({ name: 'service', scripts: { start: 'node build/index.js', build: 'tsc' }, ...pkg }),
    ...files,
  });
}

describe('deps/undeclared-import', () => {
  it('reports an undeclared package with file, line and column, once per package', async () => {
    const ws = connector(
      {
        'service/src/index.ts': `import express from 'express';\nimport axios from 'axios';\nimport { get } from '@scope/client/helpers';\n`,
        'service/src/other.ts': `import axios from 'axios';`,
      },
      { dependencies: { express: '^4.19.0' } },
    );
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings.map((f) => [f.file, f.line, f.column, f.data?.package])).toEqual([
      ['service/src/index.ts', 2, 19, 'axios'],
      ['service/src/index.ts', 3, 21, '@scope/client'],
    ]);
    expect(findings[0]).toMatchObject({ severity: 'error', application: 'service', requirement: 'DEPLOY-SELF-CONTAINED' });
    expect(findings[0]!.message).toBe(
      'Application "service": service/src/index.ts:2:19 (runtime code) imports "axios", which service/package.json does not declare (imported in 1 more place)',
    );
    expect(findings[1]!.message).toContain('imports "@scope/client/helpers" (package "@scope/client")');
    expect(findings[0]!.remediation).toMatch(/Add "axios" to "dependencies"/);
  });

  it('asks for devDependencies when only tests or tool configuration import the package', async () => {
    const ws = connector({
      'service/src/index.ts': '',
      'service/src/index.spec.ts': `import request from 'supertest';`,
      'service/vite.config.ts': `import { defineConfig } from 'vite';`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.data?.package, f.message.match(/\((a test|build configuration)\)/)?.[1], f.remediation.includes('"devDependencies"')])).toEqual([
      ['supertest', 'a test', true],
      ['vite', 'build configuration', true],
    ]);
  });

  it('accepts every dependency field, type-only imports, built-ins, relative and subpath imports, aliases and itself', async () => {
    const ws = connector(
      {
        'service/tsconfig.json': `{\n  // JSONC, as tsc accepts it\n  "compilerOptions": { "outDir": "build", "rootDir": "src", "paths": { "@/*": ["./src/*"], }, },\n}`,
        'service/src/index.ts': [
          `import express from 'express';`,
          `import { test } from 'vitest';`,
          `import react from 'react';`,
          `import fsevents from 'fsevents';`,
          `import type { Cart } from '@commercetools/platform-sdk';`,
          `import { type Order, type Payment } from '@commercetools/platform-sdk';`,
          `export type { Money } from '@commercetools/platform-sdk';`,
          `import fs from 'node:fs';`,
          `import { readFile } from 'fs/promises';`,
          `import { helper } from './helper.js';`,
          `import { routes } from '@/routes';`,
          `import { internal } from '#internal/thing';`,
          `import { version } from 'service/package.json';`,
          'const locale = await import(`./locales/${lang}.json`);',
          'const plugin = await import(`${pluginName}`);',
        ].join('\n'),
        'service/src/helper.ts': `export const helper = 1;`,
        'service/src/routes.ts': `export const routes = [];`,
      },
      {
        dependencies: { express: '4' },
        devDependencies: { vitest: '1' },
        peerDependencies: { react: '18' },
        optionalDependencies: { fsevents: '2' },
      },
    );
    const { findings, status } = await runCheck(check, ws);
    expect(findings).toEqual([]);
    expect(status).toBe('pass');
  });

  it('accepts packages a declared local module (file:) brings, and the module itself', async () => {
    const ws = connector(
      {
        'service/src/index.ts': `import { money } from 'shared';\nimport { get } from 'shared/utils';\nimport _ from 'lodash';\nimport jest from 'jest';`,
        'shared/package.json': json({ name: 'shared', dependencies: { lodash: '4' }, devDependencies: { jest: '29' } }),
      },
      { dependencies: { shared: 'file:../shared' } },
    );
    const { findings } = await runCheck(check, ws);
    // The module's devDependencies are not installed with it.
    expect(findings.map((f) => f.data?.package)).toEqual(['jest']);
  });

  it('reads require() in .cjs, JSX in .jsx/.tsx and JSX in plain .js files', async () => {
    const ws = connector({
      'service/src/server.cjs': `const fastify = require('fastify');\nconst resolved = require.resolve('pino');`,
      'service/src/App.tsx': `import { useState } from 'react';\nexport const App = () => <div>{useState(0)[0]}</div>;`,
      'service/src/Legacy.js': `import PropTypes from 'prop-types';\nexport const L = () => <span>It's legacy</span>;`,
      'service/src/dynamic.mjs': 'const mod = await import("dayjs");',
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => `${f.data?.package}@${f.file}:${f.line}`).sort()).toEqual([
      'dayjs@service/src/dynamic.mjs:1',
      'fastify@service/src/server.cjs:1',
      'pino@service/src/server.cjs:2',
      'prop-types@service/src/Legacy.js:1',
      'react@service/src/App.tsx:1',
    ]);
  });

  it('says when a package is declared only in the repository root package.json', async () => {
    const ws = connector({
      'package.json': json({ name: 'root', private: true, workspaces: ['service'], devDependencies: { dotenv: '16' } }),
      'service/src/index.ts': `import 'dotenv/config';`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/declared only in the root package\.json, which Connect does not install for this application/);
  });

  it('warns about files it could not parse', async () => {
    const ws = connector({ 'service/src/index.ts': `import x from 'unterminated;\n` }, { dependencies: { x: '1' } });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.severity, f.file])).toEqual([['warning', 'service/src/index.ts']]);
    expect(findings[0]!.message).toMatch(/imports of this file may be incomplete/);
  });

  it('analyses a folder shared by two applications once', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': `deployAs:\n  - name: events\n    applicationType: event\n    endpoint: /e\n  - name: jobs\n    applicationType: job\n    endpoint: /j\n    properties:\n      schedule: "0 * * * *"\n`,
      'app/package.json': json({ scripts: { start: 'node src/index.js' } }),
      'app/src/index.js': `require('undeclared');`,
      events: { symlink: 'app' },
      jobs: { symlink: 'app' },
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.application, f.file])).toEqual([['events', 'app/src/index.js']]);
  });

  it('skips a repository without Node.js applications', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': `deployAs:\n  - name: java\n    applicationType: service\n    endpoint: /\n`, 'java/pom.xml': '<project/>' });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('skipped');
    expect(run.skipped).toMatch(/no Node\.js application/);
  });
});
