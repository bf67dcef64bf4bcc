import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function connector(yaml: string, files: FixtureFiles): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({ 'connect.yaml': yaml, ...files });
}

const SERVICE_YAML = `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n    scripts:\n      postDeploy: npm install && npm run connector:post-deploy\n`;
const SERVICE_PKG = {
  name: 'service',
  scripts: {
    start: 'node build/index.js',
    build: 'rimraf ./build && tsc',
    test: 'jest',
    'connector:post-deploy': 'node build/connector/post-deploy.js',
  },
  dependencies: { express: '4' },
  devDependencies: { typescript: '5', jest: '29', dotenv: '16', '@commercetools/platform-sdk': '7', '@types/express': '4', zod: '3' },
};

describe('deps/runtime-dev-dependency', () => {
  it('reports a devDependency imported by code reachable from the start command', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json(SERVICE_PKG),
      'service/tsconfig.json': `{ "compilerOptions": { "outDir": "build", "rootDir": "src" } }`,
      'service/src/index.ts': `import express from 'express';\nimport { env } from './config/env.js';\nexport const app = express();`,
      'service/src/config/env.ts': `import 'dotenv/config';\nexport const env = process.env;`,
    });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', application: 'service', file: 'service/src/config/env.ts', line: 1, column: 8, data: { package: 'dotenv' } });
    expect(findings[0]!.message).toBe(
      'Application "service": service/src/config/env.ts:1:8 imports "dotenv/config" (package "dotenv") in runtime code (reachable from scripts.start), but it is only a devDependency in service/package.json; the buildpack prunes devDependencies before the application runs',
    );
  });

  it('reports a devDependency imported by the postDeploy script Connect runs in the deployed image', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json(SERVICE_PKG),
      'service/src/index.ts': `import express from 'express';`,
      'service/src/connector/post-deploy.ts': `import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';\ncreateApiBuilderFromCtpClient({});`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.data?.package])).toEqual([['service/src/connector/post-deploy.ts', '@commercetools/platform-sdk']]);
    expect(findings[0]!.message).toContain('reachable from scripts.start, scripts.connector:post-deploy');
  });

  it('ignores tests, unreachable code, type-only imports and imports tsc elides', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json(SERVICE_PKG),
      'service/src/index.ts': [
        `import express, { type Request } from 'express';`,
        `import type { Cart } from '@commercetools/platform-sdk';`,
        `import { Order } from '@commercetools/platform-sdk';`,
        `import { Response } from '@types/express';`,
        `export function handle(req: Request, order: Order, cart: Cart): Response | undefined { return undefined; }`,
      ].join('\n'),
      'service/src/index.test.ts': `import { describe } from '@jest/globals';\nimport 'dotenv/config';`,
      'service/src/scripts-not-run.ts': `import { z } from 'zod';`,
    });
    const { findings, status } = await runCheck(check, ws);
    expect(findings).toEqual([]);
    expect(status).toBe('pass');
  });

  it('reports a type-looking import when the tsconfig keeps imports as written', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json(SERVICE_PKG),
      'service/tsconfig.json': `{ "compilerOptions": { "verbatimModuleSyntax": true } }`,
      'service/src/index.ts': `import { Order } from '@commercetools/platform-sdk';\nexport const f = (o: Order) => o;`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => f.data?.package)).toEqual(['@commercetools/platform-sdk']);
  });

  it('counts all code under src/ as runtime when no entry is found, and says so', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json({ ...SERVICE_PKG, scripts: { start: 'functions-framework --target=handler' } }),
      'service/src/handler.js': `const { z } = require('zod');`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('under src/ (no start entry could be determined');
  });

  it('exempts the code of assets and Merchant Center applications (bundled at build time)', async () => {
    const ws = connector(
      `deployAs:\n  - name: enabler\n    applicationType: assets\n  - name: mc-app\n    applicationType: merchant-center-custom-application\n    configuration:\n      standardConfiguration:\n        - key: CUSTOM_APPLICATION_ID\n          description: id\n`,
      {
        'enabler/package.json': json({ scripts: { build: 'tsc && vite build', start: 'serve public -l 8080' }, dependencies: { serve: '14' }, devDependencies: { vite: '5', 'payment-sdk': '1' } }),
        'enabler/src/main.ts': `import { Sdk } from 'payment-sdk';\nnew Sdk();`,
        'mc-app/package.json': json({ scripts: { build: 'mc-scripts build', start: 'mc-scripts start' }, devDependencies: { '@commercetools-uikit/buttons': '19' } }),
        'mc-app/src/index.js': `import Button from '@commercetools-uikit/buttons';\nexport default Button;`,
      },
    );
    const { findings } = await runCheck(check, ws);
    expect(findings).toEqual([]);
  });

  it('reports devDependencies the connect.yaml scripts and runtime node options load', async () => {
    const ws = connector(
      `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /\n    scripts:\n      postDeploy: npx ts-node src/connector/post-deploy.ts\n`,
      {
        'service/package.json': json({
          scripts: { start: 'node -r dotenv/config build/index.js', build: 'tsc' },
          dependencies: { express: '4' },
          devDependencies: { 'ts-node': '10', dotenv: '16', typescript: '5' },
        }),
        'service/src/index.ts': `import express from 'express';`,
        'service/src/connector/post-deploy.ts': `export {};`,
      },
    );
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.line, f.data?.package])).toEqual([
      ['connect.yaml', 6, 'ts-node'],
      ['service/package.json', 3, 'dotenv'],
    ]);
    expect(findings[0]!.message).toMatch(/connect\.yaml postDeploy calls `ts-node`, which comes from "ts-node", only a devDependency/);
    expect(findings[1]!.message).toMatch(/script "start" \(run by the start command or a connect\.yaml script\) loads "-r dotenv\/config"/);
  });

  it('passes when runtime packages are dependencies', async () => {
    const ws = connector(SERVICE_YAML, {
      'service/package.json': json({ ...SERVICE_PKG, dependencies: { ...SERVICE_PKG.dependencies, dotenv: '16' } }),
      'service/src/index.ts': `import 'dotenv/config';\nimport express from 'express';`,
    });
    expect((await runCheck(check, ws)).status).toBe('pass');
  });
});
