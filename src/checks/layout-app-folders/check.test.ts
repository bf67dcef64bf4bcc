import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const yaml = (...names: string[]): string =>
  `deployAs:\n${names.map((n) => `  - name: ${n}\n    applicationType: service\n    endpoint: /svc\n`).join('')}`;
const app = { 'package.json': '{"name":"x"}' };
const folder = (name: string): Record<string, string> => Object.fromEntries(Object.entries(app).map(([k, v]) => [`${name}/${k}`, v]));

describe('layout/app-folders', () => {
  it('passes when every application has its folder', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('processor', 'enabler'), ...folder('processor'), ...folder('enabler') }));
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
  });

  it('reports a missing folder with the line of its name in connect.yaml', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('processor', 'event-handler'), ...folder('processor') }));
    expect(run.findings).toHaveLength(1);
    const [finding] = run.findings;
    expect(finding).toMatchObject({ severity: 'error', application: 'event-handler', file: 'connect.yaml', line: 5, requirement: 'DEPLOY-LAYOUT' });
    expect(finding!.message).toContain('event-handler/');
    expect(finding!.message).not.toContain('differs only');
  });

  it('names a folder that differs only in case', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('processor'), ...folder('Processor') }));
    expect(run.findings[0]!.message).toContain('There is Processor/');
    expect(run.findings[0]!.data).toEqual({ nearMisses: ['Processor'] });
  });

  it('names a folder that differs only in - versus _', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('event-handler'), ...folder('event_handler') }));
    expect(run.findings[0]!.message).toContain('event_handler/');
  });

  it('accepts folder symlinks to another application folder (one real folder, several applications)', async () => {
    const run = await runCheck(
      check,
      workspaceFromFiles({
        'connect.yaml': yaml('integration', 'integration_events', 'integration_jobs'),
        ...folder('integration'),
        integration_events: { symlink: 'integration' },
        integration_jobs: { symlink: 'integration' },
      }),
    );
    expect(run.findings).toEqual([]);
  });

  it('rejects a folder symlink that leaves the repository', async () => {
    const outside = workspaceFromFiles({ 'package.json': '{}' }).root;
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('processor'), processor: { symlink: outside } }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('outside the repository');
  });

  it('rejects a broken folder symlink', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('processor'), processor: { symlink: 'nowhere' } }));
    expect(run.findings[0]!.message).toContain('is a symlink that points to nothing');
  });

  it('rejects a name that is a path rather than a root folder', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml('apps/processor'), ...folder('apps/processor') }));
    expect(run.findings[0]!.message).toContain('not a single folder name');
  });

  it('skips when connect.yaml is missing or unreadable', async () => {
    expect((await runCheck(check, workspaceFromFiles({ ...folder('processor') }))).status).toBe('skipped');
    expect((await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: [\n' }))).status).toBe('skipped');
  });
});
