import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import buildpackLockFile from '../buildpack-lock-file/check.js';
import check from './check.js';

const fixture = (rel: string): string => readFileSync(new URL(`../../analyzers/lockfiles/fixtures/${rel}`, import.meta.url), 'utf8');
const connectYaml = (...apps: string[]): string =>
  `deployAs:\n${apps.map((a) => `  - name: ${a}\n    applicationType: service\n    endpoint: /${a}\n`).join('')}`;

const npmApp = (lock: string = fixture('npm-v3/package-lock.json')): Record<string, string> => ({
  'connect.yaml': connectYaml('processor'),
  'processor/package.json': fixture('npm-v3/package.json'),
  'processor/package-lock.json': lock,
  'shared/package.json': fixture('shared/package.json'),
});

describe('deps/lockfile-parse', () => {
  it('passes valid, consistent lock files of every manager', async () => {
    for (const [dir, lock] of [
      ['npm-v3', 'package-lock.json'],
      ['yarn-v1', 'yarn.lock'],
      ['yarn-berry', 'yarn.lock'],
      ['pnpm-v9', 'pnpm-lock.yaml'],
    ]) {
      const ws = workspaceFromFiles({
        'connect.yaml': connectYaml('processor'),
        'processor/package.json': fixture(`${dir}/package.json`),
        [`processor/${lock}`]: fixture(`${dir}/${lock}`),
        'shared/package.json': fixture('shared/package.json'),
      });
      const run = await runCheck(check, ws);
      expect(run.findings, dir).toEqual([]);
      expect(run.status).toBe('pass');
    }
  });

  it('reports a package-lock.json entry whose dependency is missing, at the entry', async () => {
    const data = JSON.parse(fixture('npm-v3/package-lock.json')) as { packages: Record<string, unknown> };
    delete data.packages['node_modules/mime-db'];
    const lock = JSON.stringify(data, null, 2);
    const run = await runCheck(check, workspaceFromFiles(npmApp(lock)));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      severity: 'error',
      requirement: 'DEPLOY-BUILDPACK',
      application: 'processor',
      file: 'processor/package-lock.json',
      line: lock.split('\n').findIndex((l) => l.includes('"node_modules/mime-types"')) + 1,
      data: { kind: 'unresolved', format: 'package-lock.json v3' },
    });
    expect(run.findings[0]!.message).toBe(
      'Application "processor": processor/package-lock.json: mime-types@2.1.35 ("node_modules/mime-types") depends on mime-db, which is not installed where Node.js would look for it; the frozen install fails or resolves the missing package anew',
    );
    expect(run.findings[0]!.remediation).toContain('`npm install`');
  });

  it('reports a yarn.lock that cannot be parsed, with its line', async () => {
    const broken = fixture('yarn-v1/yarn.lock').replace('  version "4.21.2"', '  version "4.21.2"\n<<<<<<< HEAD');
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml('processor'),
      'processor/package.json': fixture('yarn-v1/package.json'),
      'processor/yarn.lock': broken,
      'shared/package.json': fixture('shared/package.json'),
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    const line = broken.split('\n').indexOf('<<<<<<< HEAD') + 1;
    expect(run.findings[0]).toMatchObject({ severity: 'error', file: 'processor/yarn.lock', line, data: { kind: 'syntax' } });
    expect(run.findings[0]!.message).toContain(`merge conflict marker ("<<<<<<<") at line ${line}`);
    expect(run.findings[0]!.remediation).toContain('`yarn install`');
  });

  it('leaves JSON syntax errors of package-lock.json to buildpack/lock-file (one finding, not two)', async () => {
    const lock = fixture('npm-v3/package-lock.json').replace('"lockfileVersion": 3,', '"lockfileVersion": 3');
    const ws = workspaceFromFiles(npmApp(lock));
    expect((await runCheck(check, ws)).findings).toEqual([]);
    const other = await runCheck(buildpackLockFile, ws);
    expect(other.findings.some((f) => f.message.includes('cannot be parsed') && f.line === 5)).toBe(true);
  });

  it('reports a problem of a workspace-root lock file once for the applications sharing it', async () => {
    const data = JSON.parse(fixture('workspace-npm/package-lock.json')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    data.packages['node_modules/escape-html']!.dependencies = { 'not-there': '1.0.0' };
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml('processor', 'enabler'),
      'package.json': fixture('workspace-npm/package.json'),
      'package-lock.json': JSON.stringify(data, null, 2),
      'processor/package.json': fixture('workspace-npm/processor/package.json'),
      'enabler/package.json': fixture('workspace-npm/enabler/package.json'),
      'shared/package.json': fixture('workspace-npm/shared/package.json'),
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ application: 'processor', file: 'package-lock.json' });
    expect(run.findings[0]!.message).toContain('escape-html@1.0.3 ("node_modules/escape-html") depends on not-there');
  });

  it('is skipped without a lock file to read', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': connectYaml('processor'), 'processor/package.json': '{"name":"p"}' });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('skipped');
    expect(run.findings).toEqual([]);
  });
});
