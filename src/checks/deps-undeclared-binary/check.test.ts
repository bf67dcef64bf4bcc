import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const SERVICE_YAML = `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`;

function connector(pkg: Record<string, unknown>, files: FixtureFiles = {}, yaml = SERVICE_YAML): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({ 'connect.yaml': yaml, 'service/package.json': json({ name: 'service', ...pkg }), ...files });
}

const LOCK = json({
  lockfileVersion: 3,
  packages: {
    '': { name: 'service' },
    'node_modules/typescript': { dev: true, bin: { tsc: 'bin/tsc', tsserver: 'bin/tsserver' } },
    'node_modules/rimraf': { dev: true, bin: { rimraf: 'dist/esm/bin.mjs' } },
    'node_modules/jest': { dev: true, bin: { jest: 'bin/jest.js' } },
  },
});

describe('deps/undeclared-binary', () => {
  it('reports a binary whose package is installed only transitively, from the lock file', async () => {
    const ws = connector(
      { scripts: { build: 'rimraf ./build && tsc', clean: 'rimraf coverage' }, devDependencies: { typescript: '5', jest: '29' } },
      { 'service/package-lock.json': LOCK },
    );
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', application: 'service', file: 'service/package.json', line: 4, data: { binary: 'rimraf', providers: ['rimraf'], source: 'lockfile' } });
    expect(findings[0]!.message).toBe('Application "service": script "build", script "clean" call `rimraf`, which comes from "rimraf", not declared in service/package.json');
    expect(findings[0]!.remediation).toMatch(/Add "rimraf" to "devDependencies"/);
  });

  it('knows common binaries without a lock file (mc-scripts, tsc, serve) and asks for dependencies when the start command needs it', async () => {
    const ws = connector({ scripts: { start: 'serve public -l 8080', build: 'cross-env NODE_ENV=production mc-scripts build && tsc' }, devDependencies: { 'cross-env': '7' } });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.data?.binary, f.data?.providers, f.remediation.includes('"dependencies"')])).toEqual([
      ['serve', ['serve'], true],
      ['mc-scripts', ['@commercetools-frontend/mc-scripts'], false],
      ['tsc', ['typescript'], false],
    ]);
  });

  it('reports npx of an undeclared package, packages named by node options and node_modules paths', async () => {
    const ws = connector({
      scripts: {
        lint: 'npx eslint .',
        validate: 'npx @commercetools/cli connect validate',
        test: 'node --experimental-vm-modules node_modules/jest/bin/jest.js',
        start: 'node -r dotenv/config build/index.js',
      },
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => f.data?.binary ?? f.data?.package)).toEqual(['eslint', '@commercetools/cli', 'jest', 'dotenv']);
    expect(findings[0]!.message).toContain('(npx would download it on every build)');
    expect(findings[2]!.message).toContain('package "jest" (node_modules/jest/bin/jest.js)');
  });

  it('checks the connect.yaml scripts, with the connect.yaml position', async () => {
    const ws = connector(
      { scripts: { start: 'node build/index.js' } },
      {},
      `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n    scripts:\n      postDeploy: ts-node src/post-deploy.ts\n`,
    );
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.line, f.data?.binary])).toEqual([['connect.yaml', 6, 'ts-node']]);
    expect(findings[0]!.message).toMatch(/^Application "service": connect\.yaml postDeploy of "service" calls `ts-node`/);
  });

  it('warns when it cannot tell which package provides a binary', async () => {
    const ws = connector({ scripts: { gen: 'frobnicate --all' } });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('warn');
    expect(findings.map((f) => [f.severity, f.data?.binary])).toEqual([['warning', 'frobnicate']]);
  });

  it('accepts declared binaries, system commands, script references and repository files', async () => {
    const ws = connector(
      {
        scripts: {
          start: 'node build/index.js',
          build: 'rimraf ./build && tsc -p tsconfig.build.json',
          test: 'jest --ci && npm run lint',
          lint: 'eslint src && prettier --check .',
          dev: 'concurrently -k "tsc --watch" "nodemon -q build/index.js"',
          'start:dev': 'node_modules/.bin/nodemon -q dist/main.js',
          release: './scripts/release.sh && git push --tags && cp -r public dist && echo done',
          deploy: 'npx tsc && yarn build && NODE_ENV=production node build/index.js',
        },
        devDependencies: { typescript: '5', rimraf: '5', jest: '29', eslint: '9', prettier: '3', concurrently: '8', nodemon: '3' },
      },
      { 'service/package-lock.json': LOCK },
    );
    const { findings, status } = await runCheck(check, ws);
    expect(findings).toEqual([]);
    expect(status).toBe('pass');
  });
});

// Real connectors: every binary their scripts call is declared (a regression guard against false
// positives on what creators actually write).
const here = path.dirname(fileURLToPath(import.meta.url));
const realConnectors = path.resolve(here, '../../../../shared/data/real-connectors');

describe('deps/undeclared-binary on real connectors', () => {
  it.skipIf(!existsSync(realConnectors))('runs over every real connector without crashing and finds no undeclared binary', async () => {
    const errors: string[] = [];
    let repos = 0;
    for (const repo of readdirSync(realConnectors, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      repos++;
      const run = await runCheck(check, workspaceFromFolder(path.join(realConnectors, repo.name)));
      for (const f of run.findings) errors.push(`${repo.name}: ${f.severity} ${f.message}`);
    }
    expect(repos).toBeGreaterThan(20);
    expect(errors).toEqual([]);
  });
});
