import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n  - name: enabler\n    applicationType: assets\n  - name: missing\n    applicationType: job\n    endpoint: /job\n    properties:\n      schedule: "0 0 * * *"\n';

describe('buildpack/plan', () => {
  it('attaches the plan of every application', async () => {
    const run = await runCheck(
      check,
      workspaceFromFiles({
        'connect.yaml': connect,
        'processor/package.json': JSON.stringify({ scripts: { build: 'tsc', start: 'node dist/main.js' }, engines: { node: '22.x' }, dependencies: { shared: 'file:../shared' } }),
        'processor/package-lock.json': '{"lockfileVersion":3,"packages":{}}',
        'shared/package.json': '{}',
        'enabler/package.json': JSON.stringify({ scripts: { 'gcp-build': 'vite build' } }),
        'enabler/yarn.lock': '# yarn lockfile v1\n',
      }),
    );
    expect(run.findings).toEqual([]);
    expect(run.sections.buildpackPlan).toEqual([
      expect.objectContaining({
        name: 'processor',
        language: 'nodejs',
        packageManager: 'npm',
        lockFile: 'processor/package-lock.json',
        install: 'npm ci',
        buildScript: 'npm run build',
        start: 'npm run start (node dist/main.js)',
        nodeMajor: 22,
        supported: true,
        commonModules: ['shared: file:../shared'],
      }),
      expect.objectContaining({ name: 'enabler', packageManager: 'yarn (1)', buildScript: 'yarn run gcp-build', start: 'yarn run start' }),
      expect.objectContaining({ name: 'missing', language: 'missing' }),
    ]);
    const enabler = (run.sections.buildpackPlan as { notes: string[] }[])[1]!;
    expect(enabler.notes.join(' ')).toContain('no "start" script');
  });

  it('reports an application written in a language Connect does not build', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, 'processor/requirements.txt': 'flask\n', 'processor/app.py': '' }));
    expect(run.findings).toEqual([expect.objectContaining({ severity: 'error', application: 'processor', file: 'processor/requirements.txt' })]);
    expect(run.findings[0]!.message).toContain('is a Python project');
  });

  it('skips without connect.yaml', async () => {
    expect((await runCheck(check, workspaceFromFiles({ 'processor/package.json': '{}' }))).status).toBe('skipped');
  });
});
