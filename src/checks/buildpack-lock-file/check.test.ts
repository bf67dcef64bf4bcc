import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = async (name: string) => (await runCheck(check, workspaceFromFolder(path.join(fixtures, name)))).findings;
const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const findingsFor = async (files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }))).findings;

describe('buildpack/lock-file', () => {
  it('accepts one lock file in sync with package.json', async () => {
    expect(await fixture('npm-in-sync')).toEqual([]);
  });

  it('reports a package-lock.json out of sync, naming each dependency, at the package.json line', async () => {
    const findings = await fixture('npm-out-of-sync');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', application: 'processor', file: 'processor/package.json', line: 10 });
    expect(findings[0]!.message).toBe(
      'Application "processor": processor/package-lock.json is out of sync with processor/package.json, so `npm ci` fails: ' +
        'fastify is locked at 4.26.2 in package-lock.json, which does not satisfy "^5.0.0" (dependencies); zod (dependencies: "^3.23.0") is not in package-lock.json',
    );
    expect(findings[0]!.remediation).toBe('Run `npm install` in processor/ and commit the updated package-lock.json.');
  });

  it('reports lock files of two package managers in one application', async () => {
    const findings = await fixture('two-managers');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', application: 'service', file: 'service/yarn.lock' })]);
    expect(findings[0]!.message).toContain('silently builds with yarn from yarn.lock and ignores package-lock.json');
  });

  it('warns when there is no lock file, but not for a workspace-root lock', async () => {
    const none = await findingsFor({ 'app/package.json': '{"dependencies":{"express":"^4.0.0"}}' });
    expect(none).toEqual([expect.objectContaining({ severity: 'warning', file: 'app/package.json' })]);
    expect(none[0]!.message).toContain('no lock file');
    const workspace = await findingsFor({
      'package.json': '{"workspaces":["app"]}',
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { app: { dependencies: { express: '^4.0.0' } }, 'node_modules/express': { version: '4.19.2' } } }),
      'app/package.json': '{"dependencies":{"express":"^4.0.0"}}',
    });
    expect(workspace).toEqual([]);
  });

  it('reports a yarn.lock that lacks a package.json pattern', async () => {
    const findings = await findingsFor({
      'app/package.json': '{\n  "dependencies": {\n    "express": "^4.19.0"\n  }\n}',
      'app/yarn.lock': '# yarn lockfile v1\n\n\nexpress@^4.18.2:\n  version "4.19.2"\n',
    });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', line: 3 })]);
    expect(findings[0]!.message).toContain('`yarn install --non-interactive --prefer-offline --frozen-lockfile` fails');
    expect(findings[0]!.message).toContain('yarn.lock has no entry "express@^4.19.0"');
  });

  it('reports a pnpm lock listing a dependency package.json dropped', async () => {
    const findings = await findingsFor({
      'app/package.json': '{"dependencies":{}}',
      'app/pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      left-pad:\n        specifier: ^1.3.0\n        version: 1.3.0\n",
    });
    expect(findings[0]!.message).toContain('still lists left-pad');
  });

  it('reports a lock file that cannot be parsed, with its position', async () => {
    const findings = await findingsFor({ 'app/package.json': '{}', 'app/package-lock.json': '{\n  "lockfileVersion": 3\n  "packages": {}\n}' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package-lock.json', line: 3, column: 3 })]);
  });

  it('warns about npm-shrinkwrap.json beside package-lock.json', async () => {
    const lock = '{"lockfileVersion":3,"packages":{}}';
    const findings = await findingsFor({ 'app/package.json': '{}', 'app/npm-shrinkwrap.json': lock, 'app/package-lock.json': lock });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findings[0]!.message).toContain('installs from npm-shrinkwrap.json');
  });
});
