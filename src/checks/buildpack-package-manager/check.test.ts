import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const findingsFor = async (files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }))).findings;
const YARN1 = '# yarn lockfile v1\n';
const BERRY = '__metadata:\n  version: 8\n';

describe('buildpack/package-manager', () => {
  it('accepts a packageManager that matches the lock file, or none', async () => {
    expect(await findingsFor({ 'app/package.json': '{"packageManager":"yarn@1.22.22"}', 'app/yarn.lock': YARN1 })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': '{}', 'app/package-lock.json': '{}' })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': '{"packageManager":"yarn@4.1.0"}', 'app/yarn.lock': BERRY })).toEqual([]);
  });

  it('errors when Yarn would read a packageManager naming npm', async () => {
    const findings = await findingsFor({ 'app/package.json': '{\n  "packageManager": "npm@10.8.0"\n}', 'app/yarn.lock': YARN1 });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package.json', line: 2 })]);
    expect(findings[0]!.message).toContain('yarn was detected but npm is set in the packageManager package.json field');
  });

  it('only warns when npm builds (npm ignores the field), and when engines.yarn overrides it', async () => {
    const npm = await findingsFor({ 'app/package.json': '{"packageManager":"yarn@1.22.22+sha512.abc"}', 'app/package-lock.json': '{}' });
    expect(npm).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(npm[0]!.message).toContain('makes the buildpack build with npm');
    const engines = await findingsFor({ 'app/package.json': '{"packageManager":"pnpm@9.0.0","engines":{"yarn":"1.x"}}', 'app/yarn.lock': YARN1 });
    expect(engines.map((f) => f.severity)).toEqual(['warning']);
  });

  it('reports a malformed packageManager', async () => {
    const findings = await findingsFor({ 'app/package.json': '{"packageManager":"yarn"}', 'app/yarn.lock': YARN1 });
    expect(findings[0]).toMatchObject({ severity: 'error' });
    expect(findings[0]!.message).toContain('not of the form "<name>@<version>"');
  });

  it('reports Yarn 2+ requested over a Yarn 1 lock file', async () => {
    const findings = await findingsFor({ 'app/package.json': '{"packageManager":"yarn@4.1.0"}', 'app/yarn.lock': YARN1 });
    expect(findings[0]).toMatchObject({ severity: 'error' });
    expect(findings[0]!.message).toContain('Yarn 1 lock file');
  });

  it('warns when packageManager asks for Yarn 1 but the lock was written by Yarn 2+', async () => {
    const findings = await findingsFor({ 'app/package.json': '{"packageManager":"yarn@1.22.22"}', 'app/yarn.lock': BERRY });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findings[0]!.message).toContain('was written by Yarn 2+');
  });

  it('warns about package managers Connect does not document', async () => {
    const findings = await findingsFor({ 'app/package.json': '{}', 'app/pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', file: 'app/pnpm-lock.yaml' })]);
    expect(findings[0]!.message).toContain('Connect documents only npm and yarn');
  });
});
