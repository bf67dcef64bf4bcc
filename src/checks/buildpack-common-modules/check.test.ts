import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const findingsFor = async (files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }))).findings;
const pkg = (deps: Record<string, string>) => JSON.stringify({ dependencies: deps }, null, 2);

describe('buildpack/common-modules', () => {
  it('accepts a module folder with package.json, used with npm or Yarn 1', async () => {
    expect(await findingsFor({ 'app/package.json': pkg({ shared: 'file:../shared' }), 'shared/package.json': '{}' })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': pkg({ shared: 'file:../shared' }), 'app/yarn.lock': '# yarn lockfile v1\n', 'shared/package.json': '{}' })).toEqual([]);
  });

  it('reports a module that is missing, has no package.json, or leaves the repository', async () => {
    const findings = await findingsFor({ 'app/package.json': pkg({ gone: 'file:../gone', bare: 'file:../bare', away: 'file:../../away' }), 'bare/index.js': '' });
    expect(findings.map((f) => [f.severity, f.line])).toEqual([
      ['error', 3],
      ['error', 4],
      ['error', 5],
    ]);
    expect(findings[0]!.message).toBe('app/package.json: dependencies.gone "file:../gone" points to gone/, which is not in the repository; the install fails');
    expect(findings[1]!.message).toContain('has no package.json');
    expect(findings[2]!.message).toContain('points outside the repository');
  });

  it('warns when common modules are used with pnpm or Yarn 2+', async () => {
    const findings = await findingsFor({ 'app/package.json': pkg({ shared: 'file:../shared' }), 'app/yarn.lock': '__metadata:\n  version: 8\n', 'shared/package.json': '{}' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findings[0]!.message).toContain('with Yarn 2+');
  });
});
