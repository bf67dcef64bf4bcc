import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const app = (type: string, extra = '') => `  - name: app-${type}\n    applicationType: ${type}\n${extra}`;

describe('connect-yaml/application-type', () => {
  it('warns on mc-app and unknown, with position and application', async () => {
    const yaml = `deployAs:\n${app('mc-app')}${app('unknown', '    endpoint: /x\n')}${app('service', '    endpoint: /s\n')}`;
    const { findings, status } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(status).toBe('warn');
    expect(findings.map((f) => [f.severity, f.line, f.column, f.application])).toEqual([
      ['warning', 3, 22, 'app-mc-app'],
      ['warning', 5, 22, 'app-unknown'],
    ]);
    expect(findings[0]?.message).toContain('merchant-center-custom-application');
  });

  it('is silent for the types Connect’s API lists', async () => {
    const types = ['service', 'event', 'job', 'assets', 'merchant-center-custom-application', 'merchant-center-custom-view'];
    const yaml = `deployAs:\n${types.map((t) => app(t)).join('')}`;
    const { findings } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(findings).toEqual([]);
  });

  it('says nothing when connect.yaml is missing or unparseable (the schema check reports that)', async () => {
    expect((await runCheck(check, workspaceFromFiles({ 'README.md': '#' }))).findings).toEqual([]);
    expect((await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: [' }))).findings).toEqual([]);
  });
});
